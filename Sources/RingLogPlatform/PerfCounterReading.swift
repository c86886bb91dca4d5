/// One counter's raw reading: the count and the times `read(2)` gives with
/// `PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING`.
///
/// When more hardware events are open than the PMU has registers, the kernel multiplexes them:
/// each runs for part of the time it is enabled (`timeRunning < timeEnabled`), and `value` scales
/// the count up by `timeEnabled / timeRunning`, as `perf stat` does. Differences of readings
/// subtract the raw fields, then scale, so a window is scaled by its own running fraction.
///
/// For a per-thread event both times advance only while the thread is on a CPU, so neither is
/// wall time (`PerfCounterSnapshot.wallNanoseconds` is). Thread-safety: a value; any thread.
public struct PerfCounterReading: Sendable, Hashable, Codable {
    /// The raw count while the event ran on the PMU.
    public var count: UInt64
    /// Nanoseconds the event was enabled (while its thread ran).
    public var timeEnabled: UInt64
    /// Nanoseconds the event was actually counting: less than `timeEnabled` when multiplexed.
    public var timeRunning: UInt64

    public init(count: UInt64, timeEnabled: UInt64, timeRunning: UInt64) {
        self.count = count
        self.timeEnabled = timeEnabled
        self.timeRunning = timeRunning
    }

    /// Whether the kernel multiplexed the event (it ran for part of the time it was enabled).
    public var isMultiplexed: Bool { timeRunning < timeEnabled }

    /// The count scaled to the whole enabled time: `count × timeEnabled / timeRunning`; the count
    /// itself when not multiplexed (0 for a counter never enabled); nil when it was enabled but
    /// never got a PMU register (nothing to scale from).
    public var value: Double? {
        if timeRunning >= timeEnabled { return Double(count) }
        if timeRunning == 0 { return nil }
        return Double(count) * (Double(timeEnabled) / Double(timeRunning))
    }

    /// The reading over the window from `earlier` to `later`, field by field (0 where a reset
    /// in between made a field go back).
    public static func - (later: PerfCounterReading, earlier: PerfCounterReading) -> PerfCounterReading {
        PerfCounterReading(count: later.count >= earlier.count ? later.count - earlier.count : 0,
                           timeEnabled: later.timeEnabled >= earlier.timeEnabled ? later.timeEnabled - earlier.timeEnabled : 0,
                           timeRunning: later.timeRunning >= earlier.timeRunning ? later.timeRunning - earlier.timeRunning : 0)
    }

    /// Field-by-field sum (two threads' readings of the same counter).
    public static func + (a: PerfCounterReading, b: PerfCounterReading) -> PerfCounterReading {
        PerfCounterReading(count: a.count &+ b.count, timeEnabled: a.timeEnabled &+ b.timeEnabled,
                           timeRunning: a.timeRunning &+ b.timeRunning)
    }
}
