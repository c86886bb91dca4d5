/// A `DriverFactory` from a closure that builds the driver for a workload: how each real
/// system's target registers its driver. Real systems never busy-spin (their clients block).
public struct BrokerDriverFactory<Driver: BenchmarkDriver>: DriverFactory {
    public let kind: DriverKind
    private let make: @Sendable (Workload) throws -> Driver

    /// The factory of `kind`'s driver, built by `make` for each workload.
    public init(_ kind: DriverKind, make: @escaping @Sendable (Workload) throws -> Driver) {
        self.kind = kind
        self.make = make
    }

    public func withDriver<V: DriverVisitor>(for workload: Workload, _ visitor: V) throws -> V.Output {
        try visitor.visit(make(workload), spin: false)
    }
}
