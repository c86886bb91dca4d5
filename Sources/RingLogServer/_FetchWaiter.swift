import NIOCore
import RingLogKafkaWire

/// One long-polling fetch: registered with the broker's watchers, it re-runs the fetch on its
/// connection's event loop whenever a produce lands on one of its partitions, and answers once
/// it has `minBytes`, a partition error, or its wait is over (a scheduled task).
///
/// Thread-safety: `wake` from any thread; everything else runs on `eventLoop` (the mutable
/// state is only touched there).
final class _FetchWaiter: @unchecked Sendable {
    let broker: KafkaBroker
    let request: FetchRequest
    let version: Int16
    let correlationId: Int32
    let eventLoop: any EventLoop
    let promise: EventLoopPromise<[UInt8]>
    let keys: [_FetchWatchers.Key]
    /// Set once answered (event loop only).
    private var done = false
    /// The end of the wait (event loop only).
    private var timeout: Scheduled<Void>?

    init(broker: KafkaBroker, request: FetchRequest, version: Int16, correlationId: Int32, eventLoop: any EventLoop) {
        self.broker = broker
        self.request = request
        self.version = version
        self.correlationId = correlationId
        self.eventLoop = eventLoop
        self.promise = eventLoop.makePromise(of: [UInt8].self)
        self.keys = request.topics.flatMap { t in t.partitions.map { _FetchWatchers.Key(topic: t.name, partition: $0.partition) } }
        broker._pending.add(self, promise)
    }

    /// Registers, schedules the end of the wait, and checks once more (a produce may have landed
    /// between the first check and the registration), on `eventLoop`.
    func start(waitMilliseconds: Int64) -> EventLoopFuture<[UInt8]> {
        if eventLoop.inEventLoop {
            begin(waitMilliseconds: waitMilliseconds)
        } else {
            eventLoop.execute { [self] in begin(waitMilliseconds: waitMilliseconds) }
        }
        return promise.futureResult
    }

    /// `start` on the event loop.
    private func begin(waitMilliseconds: Int64) {
        broker._watchers.add(self, on: keys)
        timeout = eventLoop.scheduleTask(in: .milliseconds(waitMilliseconds)) { [self] in finish(force: true) }
        finish(force: false)
    }

    /// A produce landed on one of the partitions: re-check on the event loop.
    func wake() {
        eventLoop.execute { [self] in finish(force: false) }
    }

    /// Answers when the fetch has enough now (or `force`: the wait is over). Event loop only.
    private func finish(force: Bool) {
        guard !done else { return }
        let now = broker.fetchNow(request)
        guard force || now.failed || now.bytes >= Int(request.minBytes) else { return }
        done = true
        timeout?.cancel()
        timeout = nil
        broker._watchers.remove(self, from: keys)
        // Nil when shutdown failed it already.
        guard let promise = broker._pending.take(self) else { return }
        do {
            promise.succeed(try KafkaResponseFrame.encoded(now.response, version: version, correlationId: correlationId))
        } catch {
            promise.fail(error)
        }
    }
}
