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

    /// `count` bucket counts, then the smallest and the largest value since the last drain.
    let counts: UnsafeMutablePointer<UInt64>

    init() {
        counts = .allocate(capacity: Self.count + 2)
        counts.initialize(repeating: 0, count: Self.count)
        (counts + Self.count).initialize(to: .max)
        (counts + Self.count + 1).initialize(to: 0)
    }

    deinit { counts.deallocate() }

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
    /// - Complexity: O(1), no allocation.
    @inline(__always)
    func record(_ nanoseconds: Int64) {
        let value = ThreadRecorder.clamp(nanoseconds)
        counts[Self.index(value)] &+= 1
        let extremes = counts + Self.count
        if value < extremes[0] { extremes[0] = value }
        if value > extremes[1] { extremes[1] = value }
    }

    /// Adds everything recorded since the last drain to `histogram` and starts over.
    /// - Complexity: O(buckets) (about 28 k), once per window.
    func drain(into histogram: inout Histogram<UInt64>) {
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
