import Histogram
import RingLogPlatform

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
