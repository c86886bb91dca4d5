import RingLogQueue
import RingLogPlatform

/// Drives the queue baseline the way OMB's RabbitMQ driver maps a topic: a fanout to one queue
/// per subscription (each message copied into every queue), competing consumers on each queue,
/// delete on consume. A queue has no partitions: `partitionsPerTopic` is ignored (OMB's
/// RabbitMQ driver refuses anything but 1; we run and record it in the settings).
/// Generic over the queue type, so the hot path is specialized (no existentials).
public final class QueueDriver<Q: MessageQueue>: BenchmarkDriver {
    public let slots: Int
    public let maxMessageBytes: Int
    let label: String
    let subscriptionsPerTopic: Int
    /// queues[topic][subscription]
    var queues: [[Q]] = []

    public init(label: String, slots: Int, maxMessageBytes: Int, subscriptionsPerTopic: Int) {
        self.label = label
        self.slots = slots
        self.maxMessageBytes = maxMessageBytes
        self.subscriptionsPerTopic = subscriptionsPerTopic
    }

    public var name: String { label }
    public var settings: [String: String] {
        ["queue": queues.first?.first?.kind ?? "-", "slotsPerQueue": "\(slots)", "queuesPerTopic": "\(subscriptionsPerTopic)",
         "fanout": "one copy per subscription", "partitions": "ignored (a queue has none)"]
    }
    public var storageBytes: Int {
        queues.reduce(0) { $0 + $1.count } * QueueConfiguration(slots: slots, maxMessageBytes: maxMessageBytes).storageBytes
    }
    public var ordersPerPartition: Bool { false }
    public var lossless: Bool { true }

    /// Queue slots are plain aligned memory: `numaNode` is not applied (first touch decides).
    public func createTopic(index: Int, partitions: Int, numaNode: Int?) throws {
        let cfg = QueueConfiguration(slots: slots, maxMessageBytes: maxMessageBytes)
        queues.append(try (0..<subscriptionsPerTopic).map { _ throws(QueueError) in try Q.make(cfg) })
    }

    public func makeProducer(topic: Int, index: Int) throws -> Producer { Producer(queues: queues[topic]) }

    public func makeConsumer(topic: Int, subscription: Int, index: Int) throws -> Consumer {
        Consumer(queue: queues[topic][subscription])
    }

    public var lateSubscriber: String { "a new queue created now (a queue keeps nothing for subscribers that do not exist yet)" }
    /// A queue the producers made earlier do not write to: what a late subscriber's new queue sees.
    public func makeLateConsumer(topic: Int) throws -> Consumer {
        Consumer(queue: try Q.make(QueueConfiguration(slots: slots, maxMessageBytes: maxMessageBytes)))
    }

    public func shutdown() {}

    /// Writes every message into every subscription's queue (the fan-out copy), waiting for room.
    /// With one queue the message is built in its slot (zero copy). With K queues it is built
    /// once, as a broker receives it, and copied into each queue: one build and K copies per
    /// message, against the log's one build in place.
    public struct Producer: DriverProducer {
        let queues: [Q]
        /// The batch being fanned out (grown to `count × size` bytes, then reused).
        var scratch: [UInt8] = []

        init(queues: [Q]) { self.queues = queues }

        @inline(__always)
        public mutating func send(count: Int, size: Int, messages: inout MessageBatch) throws -> Int {
            if queues.count == 1 {
                return queues[0].enqueue(count: count) { i, slot in
                    messages.write(i, into: UnsafeMutableRawBufferPointer(rebasing: slot[0..<size]))
                    return size
                }
            }
            if scratch.count < count * size { scratch = [UInt8](repeating: 0, count: count * size) }
            let queues = self.queues
            return scratch.withUnsafeMutableBytes { batch in
                for i in 0..<count { messages.write(i, into: UnsafeMutableRawBufferPointer(rebasing: batch[(i * size)..<((i + 1) * size)])) }
                let built = UnsafeRawPointer(batch.baseAddress!)
                // Copies messages first..<first + count into queue q, as many as it takes now.
                func enqueue(_ q: Int, from first: Int, count: Int) -> Int {
                    queues[q].enqueue(count: count) { i, slot in
                        UnsafeMutableRawBufferPointer(rebasing: slot[0..<size])
                            .copyMemory(from: UnsafeRawBufferPointer(start: built + (first + i) * size, count: size))
                        return size
                    }
                }
                // The first queue decides how many are accepted; the others then take the same ones.
                let n = enqueue(0, from: 0, count: count)
                if n == 0 { return 0 }
                var stalls = 0
                for q in 1..<queues.count {
                    var done = 0
                    while done < n {
                        let m = enqueue(q, from: done, count: n - done)
                        done += m
                        if m == 0 { stalls += 1; backoff(stalls) }
                    }
                }
                return n
            }
        }
    }

    public struct Consumer: DriverConsumer {
        let queue: Q
        @inline(__always)
        public mutating func poll(max: Int, _ body: (Int, UnsafeRawBufferPointer) -> Void) throws -> Int {
            queue.dequeue(max: max) { body(0, $0) }
        }
        public mutating func close() {}
    }
}

/// Yield, and nap now and then: a thread that must wait must not burn the core another needs.
@inline(__always)
func backoff(_ round: Int) {
    if round & 63 != 0 { PlatformThread.yield() } else { PlatformThread.sleep(nanoseconds: 50_000) }
}
