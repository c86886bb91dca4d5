import Histogram
import RingLogPlatform

/// One thread's recorder: records into its current window, hands it in when the window ends.
/// Single-threaded; no locks except at window boundaries.
struct ThreadRecorder {
    let store: WindowStore
    var window = -1
    var stats = WindowStats()
    var windowEnd: Int64
    /// Per-message latencies go through these fronts; `flush` drains them into `stats`.
    let endToEnd = _LatencyCounts()
    let publishDelay = _LatencyCounts()

    init(store: WindowStore) {
        self.store = store
        windowEnd = store.measureStart
    }

    /// Moves to the window of `now` (one compare per call in the common case).
    @inline(__always)
    mutating func roll(_ now: Int64) {
        if now < windowEnd { return }
        _roll(now)
    }

    mutating func _roll(_ now: Int64) {
        let w = store.index(now)
        if w == window { return }
        flush()
        window = w
        // A window ends at its width or at the run's end, whichever comes first.
        windowEnd = w == Int.max ? Int64.max : Swift.min(store.measureStart + Int64(w + 1) * store.width, store.end)
    }

    mutating func flush() {
        endToEnd.drain(into: &stats.endToEnd)
        publishDelay.drain(into: &stats.publishDelay)
        if stats.sent > 0 || stats.received > 0 || stats.publishLatency.totalCount > 0 || stats.endToEnd.totalCount > 0 || stats.publishDelay.totalCount > 0 || stats.sendErrors > 0 {
            store.merge(window, stats)
        }
        stats = WindowStats()
    }

    @inline(__always)
    static func clamp(_ v: Int64) -> UInt64 { v <= 0 ? 1 : Swift.min(UInt64(v), WindowStats.maxTrackable) }
}
