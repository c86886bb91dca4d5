import Synchronization
import RingLogPlatform

/// The queue "most people write first": one lock around a ring of slots (no per-message
/// allocation, so the comparison is about the lock, not about malloc). Competing consumers
/// take turns under the lock; a batch takes the lock once.
///
/// Thread-safety: any number of enqueuing and dequeuing threads. `body` of `dequeue` runs
/// with the lock held.
public final class MutexQueue: MessageQueue, @unchecked Sendable {
    @usableFromInline let mem: _SlotMemory
    public let lock: QueueLock
    @usableFromInline let pthreadLock = PThreadMutex()
    @usableFromInline let stdlibLock = Mutex(())
    public var kind: String { "mutex-\(lock.rawValue)" }
    public var maxMessageBytes: Int { mem.maxMessageBytes }
    public static func make(_ configuration: QueueConfiguration) throws(QueueError) -> MutexQueue { try MutexQueue(configuration, lock: .pthread) }

    public init(_ configuration: QueueConfiguration = .init(), lock: QueueLock = .pthread) throws(QueueError) {
        try configuration.validate()
        mem = _SlotMemory(configuration, sequenced: false)
        self.lock = lock
    }

    @inlinable
    func _locked<R>(_ body: () -> R) -> R {
        switch lock {
        case .pthread: return pthreadLock.withLock { body() }
        case .stdlib: return stdlibLock.withLock { _ in body() }
        }
    }

    /// - Complexity: O(count) under one lock acquisition; no allocation.
    @inlinable
    public func enqueue(count: Int, _ fill: (Int, UnsafeMutableRawBufferPointer) -> Int) -> Int {
        _locked {
            // relaxed: positions are only touched under the lock, which orders them.
            let tail = mem.enqueuePosition.pointee.load(ordering: .relaxed)
            let head = mem.dequeuePosition.pointee.load(ordering: .relaxed)
            let n = Swift.min(count, Int(mem.capacity &- (tail &- head)))
            if n <= 0 { return 0 }
            mem.write(from: tail, count: n, fill)
            mem.enqueuePosition.pointee.store(tail &+ UInt64(n), ordering: .relaxed)
            return n
        }
    }

    /// - Complexity: O(messages) under one lock acquisition; no allocation.
    @inlinable
    public func dequeue(max: Int, _ body: (UnsafeRawBufferPointer) -> Void) -> Int {
        _locked {
            // relaxed: under the lock.
            let head = mem.dequeuePosition.pointee.load(ordering: .relaxed)
            let tail = mem.enqueuePosition.pointee.load(ordering: .relaxed)
            let n = Swift.min(max, Int(tail &- head))
            if n <= 0 { return 0 }
            mem.read(from: head, count: n, body)
            mem.dequeuePosition.pointee.store(head &+ UInt64(n), ordering: .relaxed)
            return n
        }
    }

    public var approximateCount: Int {
        _locked {
            // relaxed: under the lock.
            Int(mem.enqueuePosition.pointee.load(ordering: .relaxed) &- mem.dequeuePosition.pointee.load(ordering: .relaxed))
        }
    }
}
