import RingLogBench

/// One real system `compare --systems` measures: its label in the report, the driver that
/// reaches it, the warm-up its runs need, and what it needs around them (`setUp`).
///
/// Thread-safety: used on the thread that runs the comparison.
struct _RealSystem {
    /// The label in the report.
    let label: String
    let kind: DriverKind
    /// Warm-up seconds of its throughput and latency runs.
    let warmup: Double
    /// Starts what the system needs for its runs; throws when it cannot be reached (the system
    /// is then listed as skipped). Nothing by default.
    var setUp: () throws -> Session = { Session() }

    /// Its runs' name prefix: the label's first two words, letters and digits only, lower-cased
    /// ("redis-streams", "rabbitmq-quorum").
    var tag: String {
        label.split(separator: " ").prefix(2).map { $0.filter { $0.isLetter || $0.isNumber } }.joined(separator: "-").lowercased()
    }

    /// What is set up for one system's runs.
    struct Session {
        /// Points a workload at the system (applied to every workload it runs).
        var adjust: (inout Workload) -> Void = { _ in }
        /// Stops what `setUp` started; called once its runs are over.
        var tearDown: () -> Void = {}
    }
}
