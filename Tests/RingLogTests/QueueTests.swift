import Testing
import RingLogQueue
import RingLogPlatform
import Synchronization

@Suite("Queue baseline")
struct QueueTests {
    static func makeAll(_ cfg: QueueConfiguration = .init(slots: 8, maxMessageBytes: 32)) throws -> [any MessageQueue] {
        [try SPSCQueue(cfg), try MPMCQueue(cfg), try MutexQueue(cfg, lock: .pthread), try MutexQueue(cfg, lock: .stdlib)]
    }

    @Test("a consumed message is gone: no replay, a second consumer gets nothing")
    func consumedMessagesAreGone() throws {
        for q in try Self.makeAll() {
            for i in 0..<5 { #expect(try [UInt8(i)].withUnsafeBytes { try q.tryEnqueue($0) }) }
            #expect(q.approximateCount == 5)
            var got: [UInt8] = []
            #expect(q.dequeue(max: 10) { got.append($0[0]) } == 5, "\(q.kind)")
            #expect(got == [0, 1, 2, 3, 4], "\(q.kind): FIFO for one producer and one consumer")
            #expect(q.tryDequeue() == nil && q.approximateCount == 0, "\(q.kind)")
        }
    }

    @Test("a full queue refuses more and frees a slot per consumed message")
    func fullQueueRefusesThenFrees() throws {
        for q in try Self.makeAll() {
            #expect(q.enqueue(count: 20) { i, slot in slot[0] = UInt8(i); return 1 } == 8, "\(q.kind): 8 slots")
            #expect(q.enqueue(count: 1) { _, _ in 1 } == 0, "\(q.kind)")
            #expect(q.dequeue(max: 3) { _ in } == 3)
            #expect(q.enqueue(count: 5) { _, slot in slot[0] = 99; return 1 } == 3, "\(q.kind): as many as were freed")
            var got: [UInt8] = []
            _ = q.dequeue(max: 100) { got.append($0[0]) }
            #expect(got == [3, 4, 5, 6, 7, 99, 99, 99], "\(q.kind)")
        }
    }

    @Test("bad capacities and oversized messages get specific errors")
    func badInputIsRejected() throws {
        #expect(throws: QueueError.invalidCapacity(requested: 6, reason: "not a power of two of at least 2")) { try MPMCQueue(.init(slots: 6)) }
        #expect(throws: QueueError.invalidCapacity(requested: 1, reason: "not a power of two of at least 2")) { try SPSCQueue(.init(slots: 1)) }
        #expect(throws: QueueError.invalidMessageSize(requested: 0, limit: 1 << 20)) { try MutexQueue(.init(maxMessageBytes: 0)) }
        let q = try MPMCQueue(.init(slots: 4, maxMessageBytes: 8))
        #expect(throws: QueueError.messageTooLarge(size: 9, limit: 8)) {
            try [UInt8](repeating: 0, count: 9).withUnsafeBytes { try q.tryEnqueue($0) }
        }
        #expect(q.approximateCount == 0)
    }

    /// Producers enqueue (producer, sequence) in batches; competing consumers dequeue in
    /// batches. Every message must arrive exactly once, and each consumer must see each
    /// producer's messages in order (a consumer's batches are claimed in queue order).
    @Test("competing consumers: every message delivered exactly once", arguments: ["mpmc", "mutex-pthread", "spsc"])
    func competingConsumersGetEachMessageOnce(kind: String) throws {
        let cfg = QueueConfiguration(slots: 1024, maxMessageBytes: 16)
        let q: any MessageQueue = kind == "mpmc" ? try MPMCQueue(cfg) : kind == "spsc" ? try SPSCQueue(cfg) as any MessageQueue : try MutexQueue(cfg) as any MessageQueue
        let producers = kind == "spsc" ? 1 : 3
        let consumers = kind == "spsc" ? 1 : 3
        let perProducer = stressCount(200_000)
        let seen = (0..<producers).map { _ in LockedValue([UInt8](repeating: 0, count: perProducer)) }
        let consumed = Atomic<Int>(0)
        let orderErrors = Atomic<Int>(0)
        let total = producers * perProducer
        runOnThreads(producers + consumers) { t in
            if t < producers {
                var next = 0
                while next < perProducer {
                    let want = Swift.min(1 + next % 17, perProducer - next)
                    let n = q.enqueue(count: want) { i, slot in
                        slot.storeBytes(of: UInt64(t), toByteOffset: 0, as: UInt64.self)
                        slot.storeBytes(of: UInt64(next + i), toByteOffset: 8, as: UInt64.self)
                        return 16
                    }
                    next += n
                    if n == 0 { PlatformThread.yield() }
                }
            } else {
                var local = (0..<producers).map { _ in [Int]() }
                var last = [Int](repeating: -1, count: producers)
                while consumed.load(ordering: .relaxed) < total {
                    let n = q.dequeue(max: 1 + t % 32) { m in
                        let p = Int(m.load(fromByteOffset: 0, as: UInt64.self))
                        let s = Int(m.load(fromByteOffset: 8, as: UInt64.self))
                        if s <= last[p] { orderErrors.wrappingAdd(1, ordering: .relaxed) }
                        last[p] = s
                        local[p].append(s)
                    }
                    if n == 0 { PlatformThread.yield() } else { consumed.wrappingAdd(n, ordering: .relaxed) }
                }
                for p in 0..<producers {
                    seen[p].withLock { counts in for s in local[p] { counts[s] &+= 1 } }
                }
            }
        }
        for p in 0..<producers {
            let counts = seen[p].withLock { $0 }
            #expect(counts.allSatisfy { $0 == 1 }, "\(kind): producer \(p): lost \(counts.filter { $0 == 0 }.count), duplicated \(counts.filter { $0 > 1 }.count)")
        }
        #expect(orderErrors.load(ordering: .relaxed) == 0)
        #expect(q.approximateCount == 0)
    }
}
