/// Kafka's 32-bit murmur2 hash, bit for bit as `org.apache.kafka.common.utils.Utils.murmur2`
/// (seed 0x9747b28c), so a key lands on the same partition as with a Kafka producer.
public enum Murmur2 {
    /// The hash of `bytes`, as the signed 32-bit value Kafka computes.
    /// - Complexity: O(bytes); no allocation.
    @inlinable
    public static func hash(_ bytes: RawSpan) -> Int32 {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// The hash of `bytes`, as the signed 32-bit value Kafka computes.
    @inlinable
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        let length = bytes.count
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: length)
        let blocks = length / 4
        var i = 0
        while i < blocks {
            // Kafka reads each 4-byte block little-endian.
            var k = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self))
            k = k &* m
            k ^= k >> r
            k = k &* m
            h = h &* m
            h ^= k
            i &+= 1
        }
        let tail = length & ~3
        switch length & 3 {
        case 3:
            h ^= UInt32(bytes[tail &+ 2]) << 16
            h ^= UInt32(bytes[tail &+ 1]) << 8
            h ^= UInt32(bytes[tail])
            h = h &* m
        case 2:
            h ^= UInt32(bytes[tail &+ 1]) << 8
            h ^= UInt32(bytes[tail])
            h = h &* m
        case 1:
            h ^= UInt32(bytes[tail])
            h = h &* m
        default:
            break
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    /// Kafka's `Utils.toPositive`: clears the sign bit (not `abs`, which overflows on Int32.min).
    @inlinable
    public static func toPositive(_ value: Int32) -> Int32 { value & 0x7fff_ffff }

    /// The partition Kafka's default partitioner gives a non-null key:
    /// `toPositive(murmur2(key)) % partitionCount`.
    @inlinable
    public static func partition(forKey key: RawSpan, partitionCount: Int) -> Int {
        Int(toPositive(hash(key))) % partitionCount
    }
}
