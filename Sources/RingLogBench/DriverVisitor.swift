/// Something done with a concrete driver (run a workload, probe replay). The driver's builder
/// (`Runner`'s switch over the in-process drivers, or a `DriverFactory` for a real system)
/// calls `visit` with the concrete type, so the work is generic over it, never existential.
public protocol DriverVisitor {
    associatedtype Output
    /// Does the work with `driver`; `spin` says whether its threads may busy-spin (every
    /// thread has a CPU of its own) or must yield.
    func visit<D: BenchmarkDriver>(_ driver: D, spin: Bool) throws -> Output
}
