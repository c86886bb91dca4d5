import RingLog
import RingLogPlatform

extension Runner {
    /// Sends `records` messages of `w.messageSize` bytes to one topic of driver `kind` while one
    /// subscriber reads them, then attaches a late subscriber the way that system attaches one
    /// (`BenchmarkDriver.makeLateConsumer`) and counts what it can still read: a log replays its
    /// retained history, a queue has none to give. The late subscriber reads until it has
    /// everything, or is idle for `idleSeconds` after its first message, or gets nothing within
    /// `joinSeconds` (Kafka's mock takes about 3 s to join a group).
    public static func replayProbe(_ kind: DriverKind, _ w: Workload, records: Int,
                                   joinSeconds: Double = 6, idleSeconds: Double = 1) throws -> ReplayProbe {
        try withDriver(kind, w, _ReplayVisitor(records: records, size: w.messageSize, payloads: try PayloadPool(workload: w),
                                               joinSeconds: joinSeconds, idleSeconds: idleSeconds))
    }
}
