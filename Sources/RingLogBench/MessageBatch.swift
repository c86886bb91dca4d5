/// The messages a producer thread hands to `DriverProducer.send` in one call: message `i`'s key
/// (OMB's key distributors) and its bytes (the harness's `MessageHeader`, then a body from the
/// payload pool), written in place into whatever buffer the driver provides.
///
/// A concrete type rather than closures, so that a driver's send loop calls straight into
/// `write` and the compiler can inline it there: through a closure parameter each message paid
/// an indirect call and reloaded the captured state, and only drivers whose `send` happened to
/// inline into the harness's loop escaped that (the queue's did, the log's did not).
///
/// Thread-safety: one per producer thread.
public struct MessageBatch {
    let payloads: PayloadPool
    /// The producer's global index, stamped into each header.
    let producer: UInt32
    let keyMode: KeyDistributor
    let keyCount: Int
    /// Nanoseconds between intended sends (0: as fast as possible, intended = `now`).
    let interval: Double
    /// Sequence of message 0 of this batch.
    var firstSequence: UInt64 = 0
    /// Round-robin key of message 0 of this batch.
    var keyBase = 0
    /// When the batch is sent (monotonic ns).
    var now: Int64 = 0
    /// Intended send time of message 0 (open-loop schedule).
    var intendedNext: Double = 0
    /// Body picker state (a 64-bit LCG), carried across batches.
    var pick: UInt64

    init(payloads: PayloadPool, producer: Int, keyMode: KeyDistributor, keyCount: Int, interval: Double) {
        self.payloads = payloads
        self.producer = UInt32(truncatingIfNeeded: producer)
        self.keyMode = keyMode
        self.keyCount = Swift.max(keyCount, 1)
        self.interval = interval
        pick = UInt64(producer) &* 0x9E37_79B9_7F4A_7C15 | 1
    }

    /// Whether messages carry keys (drivers route keyed messages by key).
    public var keyed: Bool { keyMode != .noKey }

    /// The key index of message `i` (`MessageHeader.noKey` for none): OMB's key distributors.
    @inline(__always)
    public func key(_ i: Int) -> UInt32 {
        switch keyMode {
        case .noKey: return MessageHeader.noKey
        case .keyRoundRobin: return UInt32((keyBase &+ i) % keyCount)
        case .randomNano: return UInt32(Int(truncatingIfNeeded: (now &+ Int64(i) &* 7919) % Int64(KeyTable.count)).magnitude)
        }
    }

    /// Writes message `i` (header and body) into `buffer`, which must hold the workload's
    /// message size; a smaller buffer is left alone.
    @inline(__always)
    public mutating func write(_ i: Int, into buffer: UnsafeMutableRawBufferPointer) {
        pick = pick &* 6364136223846793005 &+ 1442695040888963407
        guard buffer.count >= MessageHeader.size + payloads.bodyLength, let base = buffer.baseAddress else { return }
        let intended = interval > 0 ? Int64(intendedNext + Double(i) * interval) : now
        payloads.write(body: payloads.pick(pick), into: base, producer: producer, key: key(i),
                       sequence: firstSequence &+ UInt64(i), intended: intended)
    }
}
