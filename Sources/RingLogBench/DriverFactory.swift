/// Builds the driver of one real system (a broker reached over loopback or in process) for a
/// workload. Each real-system target (`RingLogRedisDriver`, `RingLogKafkaDriver`, ...) exports
/// its factory, and the program registers the ones it was built with in `DriverRegistry`.
///
/// Thread safety: a factory is immutable and may be used from any thread.
public protocol DriverFactory: Sendable {
    /// The system this factory builds a driver for.
    var kind: DriverKind { get }
    /// Builds the driver for `workload` and hands it to `visitor`.
    /// - Throws: `HarnessError.driver` when the system cannot be reached or set up.
    func withDriver<V: DriverVisitor>(for workload: Workload, _ visitor: V) throws -> V.Output
}
