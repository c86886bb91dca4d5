/// What one consumer saw, checked against what producers stamped into each message: no loss
/// and no duplicate (a bitmap of sequences per producer), per-partition order (each producer's
/// sequences must rise within a partition), intact payloads (check word and CRC32C).
/// One per consumer thread; merged per subscription at the end.
public struct Verifier: Sendable {
    /// bitmaps[producer]: bit s set = sequence s received.
    var bitmaps: [[UInt64]]
    /// Last sequence per (producer, partition), -1 none.
    var last: [Int64]
    let partitions: Int
    public internal(set) var received = 0
    public internal(set) var duplicates = 0
    public internal(set) var reordered = 0
    public internal(set) var corrupted = 0
    /// Messages whose key's order broke within this consumer (for keyed-order experiments).
    var keyLast: [Int64]
    public internal(set) var keyInversions = 0

    public init(producers: Int, partitions: Int, trackKeys: Bool = false) {
        bitmaps = Array(repeating: [], count: producers)
        last = Array(repeating: -1, count: producers * partitions)
        self.partitions = partitions
        keyLast = trackKeys ? Array(repeating: -1, count: producers * KeyTable.count) : []
    }

    /// Records one message. `intact` is false when its check word or CRC failed.
    @inline(__always)
    public mutating func record(producer: Int, sequence: UInt64, partition: Int, key: UInt32, intact: Bool) {
        received &+= 1
        // A sequence beyond 2^40 cannot be real (it would take days at 10 M msg/s): a torn read.
        guard intact, producer < bitmaps.count, sequence < 1 << 40 else { corrupted &+= 1; return }
        let word = Int(sequence >> 6)
        let bit = UInt64(1) << (sequence & 63)
        if word >= bitmaps[producer].count { grow(producer, to: word) }
        if bitmaps[producer][word] & bit != 0 { duplicates &+= 1 } else { bitmaps[producer][word] |= bit }
        let slot = producer &* partitions &+ Swift.min(partition, partitions &- 1)
        if Int64(sequence) <= last[slot] { reordered &+= 1 }
        last[slot] = Int64(sequence)
        if !keyLast.isEmpty && key != MessageHeader.noKey {
            let k = producer &* KeyTable.count &+ Int(key)
            if Int64(sequence) < keyLast[k] { keyInversions &+= 1 }
            keyLast[k] = Int64(sequence)
        }
    }

    mutating func grow(_ producer: Int, to word: Int) {
        let target = Swift.max(word + 1, bitmaps[producer].count * 2, 1024)
        bitmaps[producer].append(contentsOf: repeatElement(0, count: target - bitmaps[producer].count))
    }

    /// The subscription-wide result of its consumers' verifiers, given how many messages each
    /// producer (of this topic) sent.
    public static func merge(_ parts: [Verifier], sent: [Int], producers: Range<Int>) -> VerificationCounts {
        var c = VerificationCounts()
        c.sent = producers.reduce(0) { $0 + sent[$1] }
        for p in parts {
            c.received += p.received
            c.duplicates += p.duplicates
            c.reordered += p.reordered
            c.corrupted += p.corrupted
            c.keyInversions += p.keyInversions
        }
        for producer in producers {
            var merged: [UInt64] = []
            for p in parts where producer < p.bitmaps.count {
                let b = p.bitmaps[producer]
                if merged.count < b.count { merged.append(contentsOf: repeatElement(0, count: b.count - merged.count)) }
                for (i, w) in b.enumerated() {
                    c.duplicates += (merged[i] & w).nonzeroBitCount
                    merged[i] |= w
                }
            }
            var have = 0
            var beyond = 0
            for (i, w) in merged.enumerated() {
                let base = i * 64
                if base + 64 <= sent[producer] { have += w.nonzeroBitCount; continue }
                for b in 0..<64 where w & (UInt64(1) << UInt64(b)) != 0 {
                    if base + b < sent[producer] { have += 1 } else { beyond += 1 }
                }
            }
            c.lost += sent[producer] - have
            c.corrupted += beyond // sequences never sent
        }
        return c
    }
}

/// Counts of one subscription's verification.
public struct VerificationCounts: Sendable, Codable, Equatable {
    public var sent = 0
    public var received = 0
    public var lost = 0
    public var duplicates = 0
    public var reordered = 0
    public var corrupted = 0
    public var keyInversions = 0
    public init() {}

    /// No loss (when the semantics promise none), no duplicate, no corruption, and order kept
    /// (when promised).
    public func verified(lossless: Bool, ordered: Bool) -> Bool {
        (!lossless || lost == 0) && duplicates == 0 && corrupted == 0 && (!ordered || reordered == 0)
    }
}
