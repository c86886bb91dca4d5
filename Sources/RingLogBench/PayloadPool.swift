import Foundation
import RingLogPlatform

/// The message bodies producers send (bytes after the header), as OMB builds them: a payload
/// file, or a pool of randomized payloads (`randomBytesRatio` random, the rest zeros), or by
/// default one random payload. Each body's CRC32C is computed once, up front.
public struct PayloadPool: Sendable {
    /// The bodies back to back, `bodyLength` apart (one buffer for the producers' copies).
    let contiguous: [UInt8]
    /// How many bodies the pool holds.
    public let count: Int
    public let crcs: [UInt32]
    public let bodyLength: Int
    /// Body `i` is `bodies[i]` (a copy; the pool keeps them in one buffer).
    public var bodies: [[UInt8]] {
        (0..<count).map { Array(contiguous[($0 * bodyLength)..<(($0 + 1) * bodyLength)]) }
    }

    public init(workload w: Workload, seed: UInt64 = 42) throws(WorkloadError) {
        bodyLength = w.messageSize - MessageHeader.size
        var rng = seed
        func random() -> UInt8 {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: rng >> 56)
        }
        var made: [[UInt8]] = []
        if w.useRandomizedPayloads && w.randomizedPayloadPoolSize > 0 {
            let randomCount = Int((Double(bodyLength) * w.randomBytesRatio).rounded())
            for _ in 0..<w.randomizedPayloadPoolSize {
                var b = [UInt8](repeating: 0, count: bodyLength)
                for i in 0..<randomCount { b[i] = random() }
                made.append(b)
            }
        } else if let file = w.payloadFile {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw .invalidValue(source: w.name, field: "payloadFile", value: file, rule: "a readable file")
            }
            guard data.count == w.messageSize else {
                throw .invalidValue(source: w.name, field: "payloadFile", value: file,
                                    rule: "its size (\(data.count) bytes) must equal messageSize (\(w.messageSize)), as OMB requires")
            }
            made.append(Array(data.dropFirst(MessageHeader.size)))
        } else {
            made.append((0..<bodyLength).map { _ in random() })
        }
        count = made.count
        contiguous = Array(made.joined())
        crcs = made.map { b in b.withUnsafeBytes { CRC32C.checksum($0) } }
    }
}

extension PayloadPool {
    /// Writes the header and body `index` of a message into `message` (at least
    /// `MessageHeader.size + bodyLength` bytes).
    @inline(__always)
    func write(body index: Int, into message: UnsafeMutableRawPointer, producer: UInt32, key: UInt32, sequence: UInt64, intended: Int64) {
        MessageHeader.write(message, producer: producer, key: key, sequence: sequence, intended: intended, bodyCRC: crcs[index])
        contiguous.withUnsafeBytes { all in
            (message + MessageHeader.size).copyMemory(from: all.baseAddress! + index * bodyLength, byteCount: bodyLength)
        }
    }

    /// Body `random >> 32` scaled into the pool (multiply-shift: no division per message).
    @inline(__always)
    func pick(_ random: UInt64) -> Int {
        Int(truncatingIfNeeded: ((random >> 32) &* UInt64(count)) >> 32)
    }
}
