import Histogram

/// A per-thread front for a latency histogram: one increment per value into a flat counts
/// buffer laid out exactly as `WindowStats.histogram()`'s (HdrHistogram: 1 ns lowest
/// discernible value, 3 significant digits, 60 s highest trackable), drained into a
/// `Histogram<UInt64>` once per window.
///
/// Why: `Histogram.record` costs about 70 instructions per value here (two out-of-line index
/// helpers, a copy-on-write check, min/max upkeep); the harness records one end-to-end latency
/// per delivered message, so at tens of millions of messages per second that was the harness
/// measuring itself. This front costs about 15. Draining records each non-empty bucket's lowest
/// value with its count (which lands in the same bucket) and the exact smallest and largest
/// values, so the histogram's counts, min, max, mean and percentiles (which HdrHistogram clamps
/// to the exact extremes) equal those of recording every value directly
/// (`HarnessFastPathTests` pins this).
///
/// Repeats cost less still: a value equal to the one before it only bumps a pending run count
/// (a compare and an add), and the run goes into its bucket when another value arrives or the
/// front is drained. At full speed a consumer takes one clock reading per poll and the messages
/// of a producer's batch share one intended send time, so runs of 64 equal latencies are the
/// common case there; an open-loop stream (every value different) pays one extra compare.
///
/// Thread-safety: not thread-safe; one per recording thread. Owns its buffer (the only unsafe
/// pointer of this type); no stored `var`, so recording pays no exclusivity check.
final class _LatencyCounts {
    // HdrHistogram's parameters for lowestDiscernibleValue 1 (unit magnitude 0) and three
    // significant digits: 2048 sub-buckets (half 1024), leading-zero base 64 - 0 - 10 - 1.
    static let subBucketHalfCountMagnitude = 10
    static let subBucketHalfCount = 1 << subBucketHalfCountMagnitude
    static let subBucketMask: UInt64 = (1 << (subBucketHalfCountMagnitude + 1)) - 1
    static let leadingZeroCountBase = 64 - subBucketHalfCountMagnitude - 1
    static let maxValue = WindowStats.maxTrackable
    /// One past the index of `maxValue`.
    static let count = index(maxValue) + 1

    /// `count` bucket counts, then the smallest and the largest value since the last drain,
    /// then the pending run: its raw value (an `Int64` bit pattern, before clamping) and how
    /// many times it came.
    let counts: UnsafeMutablePointer<UInt64>

    init() {
        counts = .allocate(capacity: Self.count + 4)
        counts.initialize(repeating: 0, count: Self.count)
        (counts + Self.count).initialize(to: .max)
        (counts + Self.count + 1).initialize(to: 0)
        (counts + Self.count + 2).initialize(to: 0)
        (counts + Self.count + 3).initialize(to: 0)
    }

    deinit { counts.deallocate() }

    /// The pending run: [0] its raw value, [1] how many times it came (0: none).
    @inline(__always)
    var pendingRun: UnsafeMutablePointer<UInt64> { counts + Self.count + 2 }

    /// The counts index of `value` (1...maxValue), as HdrHistogram computes it.
    @inline(__always)
    static func index(_ value: UInt64) -> Int {
        let bucket = leadingZeroCountBase &- (value | subBucketMask).leadingZeroBitCount
        let subBucket = Int(truncatingIfNeeded: value &>> UInt64(bucket))
        return ((bucket &+ 1) &<< subBucketHalfCountMagnitude) &+ (subBucket &- subBucketHalfCount)
    }

    /// The lowest value of the bucket at `index`.
    static func lowestValue(atIndex index: Int) -> UInt64 {
        var bucket = (index >> subBucketHalfCountMagnitude) - 1
        var subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
        if bucket < 0 {
            subBucket -= subBucketHalfCount
            bucket = 0
        }
        return UInt64(subBucket) << UInt64(bucket)
    }

    /// Records a latency in nanoseconds, clamped to 1...maxValue by `ThreadRecorder.clamp`.
    /// - Complexity: O(1), no allocation; a repeat of the previous value is a compare and an add.
    @inline(__always)
    func record(_ nanoseconds: Int64) {
        let run = pendingRun
        if UInt64(bitPattern: nanoseconds) == run[0] {
            run[1] &+= 1
        } else {
            _startRun(nanoseconds)
        }
    }

    /// Puts the pending run into its bucket and starts a run of `nanoseconds`.
    @inline(never)
    func _startRun(_ nanoseconds: Int64) {
        _flushRun()
        let run = pendingRun
        run[0] = UInt64(bitPattern: nanoseconds)
        run[1] = 1
    }

    /// Puts the pending run (if any) into its bucket and the extremes.
    @inline(__always)
    func _flushRun() {
        let run = pendingRun
        let times = run[1]
        guard times > 0 else { return }
        run[1] = 0
        let value = ThreadRecorder.clamp(Int64(bitPattern: run[0]))
        counts[Self.index(value)] &+= times
        let extremes = counts + Self.count
        if value < extremes[0] { extremes[0] = value }
        if value > extremes[1] { extremes[1] = value }
    }

    /// Adds everything recorded since the last drain (the pending run included) to `histogram`
    /// and starts over.
    /// - Complexity: O(buckets) (about 28 k), once per window.
    func drain(into histogram: inout Histogram<UInt64>) {
        _flushRun()
        let extremes = counts + Self.count
        let smallest = extremes[0], largest = extremes[1]
        guard largest > 0 else { return } // nothing recorded (values are at least 1)
        // The extremes go in exactly; the rest of their buckets as bucket values.
        counts[Self.index(smallest)] &-= 1
        histogram.record(smallest)
        let top = Self.index(largest)
        if counts[top] > 0 { // else the one value recorded was `smallest` itself
            counts[top] &-= 1
            histogram.record(largest)
        }
        for i in 0..<Self.count where counts[i] != 0 {
            histogram.record(Self.lowestValue(atIndex: i), count: counts[i])
            counts[i] = 0
        }
        extremes[0] = .max
        extremes[1] = 0
    }
}
