import Histogram
import RingLogPlatform

/// Latency histograms and counters of one time window (or of a whole run, merged).
public struct WindowStats: Sendable {
    public var publishLatency = WindowStats.histogram()
    public var publishDelay = WindowStats.histogram()
    public var endToEnd = WindowStats.histogram()
    public var sent = 0
    public var received = 0
    public var sendErrors = 0
    /// The span of the measured phase this window covers, in seconds: the window width, less
    /// for a last window cut short by the end of the run. Rates are counts over this span.
    public var seconds = 0.0

    public init() {}

    /// Nanosecond resolution, 3 significant digits, up to 60 s (larger values are clamped).
    public static func histogram() -> Histogram<UInt64> {
        Histogram(lowestDiscernibleValue: 1, highestTrackableValue: maxTrackable, numberOfSignificantValueDigits: .three)
    }
    public static let maxTrackable: UInt64 = 60_000_000_000

    public mutating func add(_ other: WindowStats) {
        publishLatency.add(other.publishLatency)
        publishDelay.add(other.publishDelay)
        endToEnd.add(other.endToEnd)
        sent += other.sent
        received += other.received
        sendErrors += other.sendErrors
    }
}

/// Where threads hand in their finished windows (cold path: once per window per thread).
/// Window w covers [measureStart + w·width, measureStart + (w+1)·width) and never runs past
/// `end` (the last window may be shorter); negative windows are warm-up (discarded, as OMB
/// resets its stats after warm-up); window `Int.max` collects the drain from `end` on
/// (latencies count in the aggregates, rates do not).
final class WindowStore: @unchecked Sendable {
    let measureStart: Int64
    let end: Int64
    let width: Int64
    let windows: Int
    let state = LockedValue([Int: WindowStats]())

    /// `windows` windows of `width` ns from `measureStart`, the measured phase ending at `end`.
    init(measureStart: Int64, end: Int64, width: Int64) {
        self.measureStart = measureStart
        self.end = end
        self.width = width
        let span = end - measureStart
        windows = Swift.max(1, Int(span / width) + (span % width == 0 ? 0 : 1))
    }

    @inline(__always)
    func index(_ now: Int64) -> Int {
        if now < measureStart { return -1 }
        if now >= end { return Int.max }
        return Int((now - measureStart) / width)
    }

    func merge(_ window: Int, _ stats: WindowStats) {
        state.withLock { all in
            if all[window] == nil { all[window] = stats } else { all[window]!.add(stats) }
        }
    }

    /// The measured windows in order, the aggregate of everything after warm-up, and every send
    /// error of the run (warm-up and drain included: a producer that fails in warm-up stops
    /// there, and its error must still count).
    func collect() -> (series: [WindowStats], aggregate: WindowStats, sendErrors: Int) {
        let all = state.withLock { $0 }
        var series: [WindowStats] = []
        var aggregate = WindowStats()
        for w in 0..<windows {
            var s = all[w] ?? WindowStats()
            let from = measureStart + Int64(w) * width
            s.seconds = Double(Swift.min(width, end - from)) / 1e9
            series.append(s)
            aggregate.add(s)
        }
        if let drain = all[Int.max] {
            aggregate.publishLatency.add(drain.publishLatency)
            aggregate.publishDelay.add(drain.publishDelay)
            aggregate.endToEnd.add(drain.endToEnd)
        }
        let sendErrors = all.values.reduce(0) { $0 + $1.sendErrors }
        return (series, aggregate, sendErrors)
    }
}

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
