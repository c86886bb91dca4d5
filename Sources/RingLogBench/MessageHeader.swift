import RingLogPlatform

/// The header the harness stamps into the first bytes of every payload, so each run can
/// verify itself and measure end-to-end latency from the intended send time:
///
///      0  UInt32  producer id (global index of the producer thread)
///      4  UInt32  key index (UInt32.max: no key)
///      8  UInt64  sequence (dense per producer, from 0)
///     16  Int64   intended send time (monotonic ns; the rate limiter's schedule)
///     24  UInt32  CRC32C of the payload after the header
///     28  UInt32  check word: low 32 bits of sequence × golden ratio ^ producer id
public enum MessageHeader {
    public static let size = 32
    public static let noKey = UInt32.max

    @inlinable
    public static func checkWord(producer: UInt32, sequence: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: sequence &* 0x9E37_79B9_7F4A_7C15) ^ producer
    }

    /// Writes the header; `bodyCRC` is the CRC32C of bytes `size..<count`.
    @inlinable @inline(__always)
    public static func write(_ b: UnsafeMutableRawPointer, producer: UInt32, key: UInt32, sequence: UInt64, intended: Int64, bodyCRC: UInt32) {
        b.storeBytes(of: producer, toByteOffset: 0, as: UInt32.self)
        b.storeBytes(of: key, toByteOffset: 4, as: UInt32.self)
        b.storeBytes(of: sequence, toByteOffset: 8, as: UInt64.self)
        b.storeBytes(of: intended, toByteOffset: 16, as: Int64.self)
        b.storeBytes(of: bodyCRC, toByteOffset: 24, as: UInt32.self)
        b.storeBytes(of: checkWord(producer: producer, sequence: sequence), toByteOffset: 28, as: UInt32.self)
    }

    /// A decoded header.
    public struct Fields: Sendable, Equatable {
        public var producer: UInt32
        public var key: UInt32
        public var sequence: UInt64
        public var intended: Int64
        public var bodyCRC: UInt32
        public var checkOK: Bool
        @inlinable init(producer: UInt32, key: UInt32, sequence: UInt64, intended: Int64, bodyCRC: UInt32, checkOK: Bool) {
            self.producer = producer
            self.key = key
            self.sequence = sequence
            self.intended = intended
            self.bodyCRC = bodyCRC
            self.checkOK = checkOK
        }
    }

    @inlinable @inline(__always)
    public static func read(_ m: UnsafeRawBufferPointer) -> Fields? {
        guard m.count >= size else { return nil }
        let producer = m.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
        let sequence = m.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        return Fields(producer: producer,
                      key: m.loadUnaligned(fromByteOffset: 4, as: UInt32.self),
                      sequence: sequence,
                      intended: m.loadUnaligned(fromByteOffset: 16, as: Int64.self),
                      bodyCRC: m.loadUnaligned(fromByteOffset: 24, as: UInt32.self),
                      checkOK: m.loadUnaligned(fromByteOffset: 28, as: UInt32.self) == checkWord(producer: producer, sequence: sequence))
    }
}
