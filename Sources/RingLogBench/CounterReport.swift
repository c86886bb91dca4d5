import RingLogPlatform

/// Per-thread performance counters of a run's measured phase (`RunOptions.counters`), summed
/// per role and divided by the messages that role handled while they counted: what JMH's
/// perfnorm gives, per message, beside the throughput it explains.
///
/// Counters are opened by each producer and consumer thread for itself, enabled by the harness
/// thread when the measured phase starts and disabled when it ends (so warm-up and drain are
/// not counted), then read once every thread is joined.
public struct CounterReport: Codable, Sendable, Equatable {
    /// One role's threads together: the producers, or the consumers of one subscription.
    public struct Role: Codable, Sendable, Equatable {
        /// `producers`, or `consumers of subscription N`.
        public var role: String
        public var threads: Int
        /// Messages the role sent or received while the counters counted.
        public var messages: Int
        /// Each counter's total over the role's threads (perf's names; task-clock in ns).
        public var totals: [String: Double]
        /// Each counter per message.
        public var perMessage: [String: Double]
        /// Instructions per cycle, where both counted.
        public var instructionsPerCycle: Double?
        /// CPUs the role kept busy: task-clock over the measured phase's wall time.
        public var cpusBusy: Double?
    }

    public var roles: [Role]
    /// Counters that could not be opened and why, once per reason (`PerfCounterFailure`):
    /// `instructions, cycles: not counted: ENOENT: no PMU …`.
    public var unavailable: [String]
    /// Counters that counted user space only (hardware ones always; see `ThreadCounters`).
    public var userSpaceOnly: [String]

    /// The report of `roles`' snapshots: (role, threads, messages, summed snapshot).
    init(roles: [(role: String, threads: Int, messages: Int, snapshot: PerfCounterSnapshot)],
         failures: [PerfCounterFailure], userSpaceOnly: Set<PerfCounter>) {
        self.roles = roles.map { r in
            Role(role: r.role, threads: r.threads, messages: r.messages,
                 totals: Dictionary(uniqueKeysWithValues: r.snapshot.readings.compactMap { c, v in v.value.map { (c.rawValue, $0) } }),
                 perMessage: Dictionary(uniqueKeysWithValues: r.snapshot.perOperation(r.messages).map { ($0.key.rawValue, $0.value) }),
                 instructionsPerCycle: r.snapshot.instructionsPerCycle, cpusBusy: r.snapshot.cpuUtilization)
        }
        unavailable = PerfCounterFailure.grouped(failures)
        self.userSpaceOnly = userSpaceOnly.map(\.rawValue).sorted()
    }

    /// Console lines: per role, the counters per message in perf's order, IPC and CPUs busy;
    /// then what could not be counted and why, once.
    public var lines: [String] {
        var out: [String] = []
        for r in roles {
            let values = PerfCounter.allCases.compactMap { c in
                r.perMessage[c.rawValue].map { "\(c.rawValue) \(Self.format($0))\(c == .taskClock ? " ns" : "")" }
            }
            let ipc = r.instructionsPerCycle.map { String(format: ", IPC %.2f", $0) } ?? ""
            let busy = r.cpusBusy.map { String(format: ", %.2f CPUs busy", $0) } ?? ""
            out.append("counters, \(r.role) (\(r.threads) thread\(r.threads == 1 ? "" : "s"), \(r.messages) messages), per message: "
                       + (values.isEmpty ? "none counted" : values.joined(separator: ", ")) + ipc + busy)
        }
        for reason in unavailable { out.append("counters: \(reason)") }
        return out
    }

    /// A counter value per message: 3 significant digits, whole numbers from 100.
    public static func format(_ v: Double) -> String {
        v >= 100 ? String(format: "%.0f", v) : String(format: "%.3g", v)
    }
}
