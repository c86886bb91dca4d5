/// What `ThreadCounters.read()` returns: every open counter's reading and the wall-clock time the
/// counters have been enabled. Subtract two snapshots for a window; divide by the operations of
/// the window (`perOperation`) for JMH-perfnorm-style numbers per message.
///
/// Thread-safety: a value; any thread.
public struct PerfCounterSnapshot: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The readings of the counters that are open, by counter.
    public var readings: [PerfCounter: PerfCounterReading]
    /// Wall-clock (CLOCK_MONOTONIC) nanoseconds the counters were enabled up to the read: the sum
    /// of the enable() … disable() periods, with the current one up to now.
    public var wallNanoseconds: UInt64

    public init(readings: [PerfCounter: PerfCounterReading] = [:], wallNanoseconds: UInt64 = 0) {
        self.readings = readings
        self.wallNanoseconds = wallNanoseconds
    }

    /// The counter's value, scaled when multiplexed (`PerfCounterReading.value`); nil when the
    /// counter is not open or never got a PMU register. task-clock is in nanoseconds.
    public subscript(_ counter: PerfCounter) -> Double? { readings[counter]?.value }

    /// The window from `earlier` to `later` (both of the same `ThreadCounters`, with no reset
    /// between): readings and wall time subtracted. Counters in only one of them are left out.
    public static func - (later: PerfCounterSnapshot, earlier: PerfCounterSnapshot) -> PerfCounterSnapshot {
        var readings: [PerfCounter: PerfCounterReading] = [:]
        for (counter, reading) in later.readings {
            if let before = earlier.readings[counter] { readings[counter] = reading - before }
        }
        let wall = later.wallNanoseconds >= earlier.wallNanoseconds ? later.wallNanoseconds - earlier.wallNanoseconds : 0
        return PerfCounterSnapshot(readings: readings, wallNanoseconds: wall)
    }

    /// Several threads together (say all producers of a run): readings summed counter by counter
    /// (a counter open on only some threads sums those), wall time the longest of the two, so
    /// `cpuUtilization` becomes CPUs used.
    public static func + (a: PerfCounterSnapshot, b: PerfCounterSnapshot) -> PerfCounterSnapshot {
        PerfCounterSnapshot(readings: a.readings.merging(b.readings, uniquingKeysWith: +),
                            wallNanoseconds: max(a.wallNanoseconds, b.wallNanoseconds))
    }

    /// Each counter's value divided by `operations` (messages, records, calls): instructions per
    /// message, cache misses per message, … Counters without a value are left out; empty when
    /// `operations` is 0.
    public func perOperation(_ operations: Int) -> [PerfCounter: Double] {
        guard operations > 0 else { return [:] }
        var result: [PerfCounter: Double] = [:]
        for (counter, reading) in readings {
            if let value = reading.value { result[counter] = value / Double(operations) }
        }
        return result
    }

    /// One counter's value divided by `operations`; nil when it has none or `operations` is 0.
    public func value(of counter: PerfCounter, perOperations operations: Int) -> Double? {
        guard operations > 0, let value = self[counter] else { return nil }
        return value / Double(operations)
    }

    /// Instructions per cycle (both user space only); nil without both counters or with 0 cycles.
    public var instructionsPerCycle: Double? {
        guard let instructions = self[.instructions], let cycles = self[.cycles], cycles > 0 else { return nil }
        return instructions / cycles
    }

    /// task-clock over wall time: the share of one CPU the thread used while enabled (1.0: it
    /// ran all the time; a spinning thread on a loaded host, or in a VM whose vCPU is preempted,
    /// shows less). For a sum of threads, CPUs used. nil without task-clock or wall time.
    public var cpuUtilization: Double? {
        guard let taskClock = self[.taskClock], wallNanoseconds > 0 else { return nil }
        return taskClock / Double(wallNanoseconds)
    }

    /// One line per counter in `PerfCounter` order ("task-clock 1234567 (scaled ×2.00)"), then the
    /// wall time, IPC and CPU utilisation when known.
    public var description: String {
        var lines: [String] = []
        for counter in PerfCounter.allCases {
            guard let reading = readings[counter] else { continue }
            var line = "\(counter.rawValue) "
            if let value = reading.value {
                line += String(UInt64(value.rounded()))
                if reading.isMultiplexed {
                    line += " (scaled ×\(Self.twoDecimals(Double(reading.timeEnabled) / Double(reading.timeRunning))))"
                }
            } else {
                line += "<not counted: enabled \(reading.timeEnabled) ns, never scheduled>"
            }
            lines.append(line)
        }
        lines.append("wall \(wallNanoseconds) ns")
        if let ipc = instructionsPerCycle { lines.append("IPC \(Self.twoDecimals(ipc))") }
        if let cpu = cpuUtilization { lines.append("CPU utilisation \(Self.twoDecimals(cpu))") }
        return lines.joined(separator: "\n")
    }

    private static func twoDecimals(_ x: Double) -> String {
        let hundredths = Int((x * 100).rounded())
        let fraction = abs(hundredths % 100)
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
