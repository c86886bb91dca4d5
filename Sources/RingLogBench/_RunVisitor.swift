import RingLog
import RingLogQueue
import RingLogPlatform

/// Runs a workload with the driver it is handed (`Runner.run(_:_:)` builds the driver).
struct _RunVisitor: DriverVisitor {
    let options: RunOptions
    func visit<D: BenchmarkDriver>(_ driver: D, spin: Bool) throws -> RunResult { try Runner.run(driver, options, spin: spin) }
}
