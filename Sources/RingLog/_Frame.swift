import Synchronization
import RingLogPlatform

// MARK: - The ring and its frames
//
// A partition owns three allocations, made once at creation and never grown: the ring and
// the offset index (`_RingBytes`), and the control block (`_ControlBlock`). Frames in the ring
// are laid out by `_Frame`. These three files are where the layout is defined.
//
// 1. The ring: `capacity` bytes (a power of two, a multiple of the page size) mapped twice back
//    to back (`MirroredMemory`), so a frame starting anywhere reads and writes as one
//    contiguous range even when it crosses the end. Byte positions are 64-bit and only grow;
//    a position's bytes live at `position & (capacity - 1)`. Every published batch (a single
//    append is a batch of one) starts on a 64-byte boundary: the producer ends each batch with
//    a padding frame up to the next one (`_Frame.publicationAlignment`), so what a reader reads
//    never shares a cache line with what the producer writes next.
//
// A batch in the ring (every append, a single one included, is a batch) is a batch header, its
// records, then padding. Frames start 8-byte aligned; each occupies `stride(length)` bytes.
//
// Batch header, 16 bytes (Kafka's batch header, cut down to what the ring needs):
//
//      0  UInt32  word          0xC000_0010: control frame (bit 31), batch header (bit 30), length 16
//      4  UInt32  base offset   the batch's first offset mod 2^32. Readers count full offsets from
//                               where they started; this only lets a seek check that an index slot
//                               still names this batch (a slot is reused every `capacity / 32` offsets).
//      8  Int64   base timestamp  nanoseconds since the Unix epoch: the first record's timestamp
//
// Padding frame: word = 0x8000_0000 | length (bits 0-29, at least 8): the unused end of a
// multi-producer reservation, or the gap up to the next 64-byte boundary after a batch. Skip it.
//
// Record frame. A record without key, headers or checksum has an 8-byte header (the offset is
// implied by the record's place in its batch, the timestamp is a delta from the batch's), so a
// 64-byte value takes 72 bytes, and a batch of 64 such records 16 + 64 × 72 bytes, padded to
// 73 cache lines:
//
//      0  UInt32  word          bits 0-27: length = header + extension + key + value + headers,
//                               no padding. Bit 31: 0 (a record, not a control frame). Bit 30: the
//                               extension is present; bit 29: a checksum is present; bit 28:
//                               LogAppendTime.
//      4  UInt32  timestamp delta, low 32 bits: timestamp - base timestamp. Without the extension
//                 the delta is this Int32; a record whose delta does not fit takes the extension.
//      8  extension, only when the record has a key, headers, a checksum or a null value, or a wide
//         delta (bit 30):
//         UInt32  checksum      CRC32C of the record's timestamp (8 bytes, little-endian), then
//                               bytes [12, length), when bit 29 is set
//     12  Int32   keyLength     -1: null key
//     16  UInt32  headersLength  bits 0-27; bit 31: the value is null (a tombstone), not empty
//     20  Int32   timestamp delta, high 32 bits (the delta is then high:low, 64 bits)
//      8 or 24: key bytes, value bytes, headers (each: UInt16 nameLength, UInt32 valueLength, name,
//               value). The value length is what remains of the length.
//
// Store order: a producer writes a batch front to back. A plain record's header is stored before
// its value, for a value that fills its capacity, and stored again only when the value came out
// shorter (`_Frame.writePlainRecord`); a single append stores its batch header first. The
// stores then run in address order, which on the 1P1C pipeline was worth 1.1-1.4x at batch 8-256
// (results/header-first-vm-2026-12-02-intel/). Nothing in a batch is read before it is published.

/// Byte offsets and constants of the record frame. See the layout comment above.
@usableFromInline
enum _Frame {
    @inlinable static var timestampDeltaOffset: Int { 4 }
    /// The fixed record header: word, timestamp delta.
    @inlinable static var headerSize: Int { 8 }
    /// The extension: checksum, key length, headers length, high half of the timestamp delta.
    @inlinable static var extensionSize: Int { 16 }
    @inlinable static var checksumOffset: Int { 8 }
    @inlinable static var keyLengthOffset: Int { 12 }
    @inlinable static var headersLengthOffset: Int { 16 }
    @inlinable static var timestampDeltaHighOffset: Int { 20 }
    /// The checksum covers the record's timestamp, then the frame from the key length on; it
    /// leaves out the word's neighbour (the delta, covered through the timestamp) and itself.
    @inlinable static var checksumStart: Int { 12 }
    /// The fewest bytes a record frame occupies (so the ring holds no more records than the offset index has slots).
    @inlinable static var minimumStride: Int { 32 }
    /// The longest record frame the length bits describe (256 MiB - 1).
    @inlinable static var maximumLength: Int { 0x0FFF_FFFF }

    @inlinable static var lengthMask: UInt32 { 0x0FFF_FFFF }
    /// Bit 31: a control frame (batch header or padding), not a record.
    @inlinable static var controlFlag: UInt32 { 0x8000_0000 }
    /// Bit 30 of a control frame: a batch header (else padding).
    @inlinable static var batchHeaderFlag: UInt32 { 0x4000_0000 }
    @inlinable static var paddingLengthMask: UInt32 { 0x3FFF_FFFF }
    @inlinable static var batchHeaderSize: Int { 16 }
    /// A batch header's whole word.
    @inlinable static var batchHeaderWord: UInt32 { 0xC000_0010 }
    @inlinable static var batchBaseOffsetOffset: Int { 4 }
    @inlinable static var batchBaseTimestampOffset: Int { 8 }
    @inlinable static var extensionFlag: UInt32 { 0x4000_0000 }
    @inlinable static var checksumFlag: UInt32 { 0x2000_0000 }
    @inlinable static var logAppendTimeFlag: UInt32 { 0x1000_0000 }
    /// How far ahead of the frame being walked a reader prefetches (bytes). Measured on the
    /// 1P1C pipeline: 512, 1024 and 2048 all beat no prefetch; 2048 was best.
    @inlinable static var prefetchDistance: Int { 2048 }
    /// How far past its reservation a single producer prefetches lines for writing (bytes).
    /// With and without, side by side: results/spsc-vs-c-vm-2026-12-02-run4/ (batch 1 gains the
    /// most). Lines a reader may still be reading are never prefetched: doing that (a read
    /// prefetch, unbounded, in an exploratory run) cost 3-4x at batch 1 on a 1 MiB ring.
    @inlinable static var writePrefetchDistance: Int { 2048 }
    /// Each header: UInt16 name length + UInt32 value length.
    @inlinable static var headerEntryOverhead: Int { 6 }
    /// Bit 31 of the extension's headers-length field: the record's value is null (Kafka's
    /// tombstone), not empty. Lengths take at most 28 bits, so the bit is free.
    @inlinable static var nullValueFlag: UInt32 { 0x8000_0000 }

    /// `bytes` rounded up to a multiple of 8 (frames start 8-byte aligned).
    @inlinable @inline(__always)
    static func aligned(_ bytes: Int) -> Int { (bytes &+ 7) & ~7 }

    /// Bytes a record frame of `frameLength` occupies in the ring (rounded up to 8, at least 32).
    @inlinable @inline(__always)
    static func stride(_ frameLength: Int) -> Int {
        let a = aligned(frameLength)
        return a < minimumStride ? minimumStride : a
    }

    /// Where the key (then the value) starts: after the header, and the extension if present.
    @inlinable @inline(__always)
    static func bodyOffset(extended: Bool) -> Int { extended ? headerSize &+ extensionSize : headerSize }

    /// Where the key starts in a frame whose first word is `word`.
    @inlinable @inline(__always)
    static func bodyOffset(_ word: UInt32) -> Int { bodyOffset(extended: word & extensionFlag != 0) }

    /// Every published batch starts on a boundary of this many bytes (a cache line): the
    /// producer pads the end of each batch out to it. So a reader reading a published batch
    /// never shares a line with frames the producer is still writing; with unpadded 80-byte
    /// frames at one record per append, reader and producer took turns on nearly every line.
    @inlinable static var publicationAlignment: Int { 64 }

    /// `bytes` rounded up to the publication boundary.
    @inlinable @inline(__always)
    static func publicationAligned(_ bytes: Int) -> Int { (bytes &+ publicationAlignment &- 1) & ~(publicationAlignment &- 1) }

    /// Writes a padding frame over `[used, boundary)` of a batch starting at `start` (on a
    /// boundary) when `used` is not on one; returns the padded length. The batch's reservation
    /// must cover it.
    @inlinable @inline(__always)
    static func padToPublicationBoundary(_ start: UnsafeMutableRawPointer, used: Int) -> Int {
        let end = publicationAligned(used)
        if end != used { storePadding(start + used, length: end &- used) }
        return end
    }

    /// Writes the word of a padding frame of `length` bytes (a multiple of 8) at `frame`.
    @inlinable @inline(__always)
    static func storePadding(_ frame: UnsafeMutableRawPointer, length: Int) {
        frame.storeBytes(of: controlFlag | UInt32(truncatingIfNeeded: length), as: UInt32.self)
    }

    /// Writes a batch header: its word, the base offset's low 32 bits, the base timestamp.
    @inlinable @inline(__always)
    static func storeBatchHeader(_ frame: UnsafeMutableRawPointer, baseOffset: Int64, baseTimestamp: Int64) {
        frame.storeBytes(of: UInt64(batchHeaderWord) | UInt64(truncatingIfNeeded: baseOffset) &<< 32, as: UInt64.self)
        frame.storeBytes(of: baseTimestamp, toByteOffset: batchBaseTimestampOffset, as: Int64.self)
    }

    /// Writes a record's fixed header: the word and the low 32 bits of its timestamp delta.
    @inlinable @inline(__always)
    static func storeHeader(_ frame: UnsafeMutableRawPointer, word: UInt32, timestampDelta: Int64) {
        frame.storeBytes(of: UInt64(word) | UInt64(truncatingIfNeeded: timestampDelta) &<< 32, as: UInt64.self)
    }

    /// The bytes a control frame whose word is `word` spans (a batch header or padding), or 0
    /// when the word is no control frame a producer writes (a torn read).
    @inlinable @inline(__always)
    static func controlFrameLength(_ word: UInt32) -> Int {
        if word == batchHeaderWord { return batchHeaderSize }
        let padding = aligned(Int(word & paddingLengthMask))
        return word & (controlFlag | batchHeaderFlag) == controlFlag && padding >= 8 ? padding : 0
    }

    /// Writes a plain record (8-byte header, no key, headers or checksum) at `frame`: its
    /// header for a value of `capacity` bytes first, then the value (`writeBody`, which returns
    /// the bytes it wrote), then, only when the value came out shorter, the header again.
    /// Returns the frame's length. Why this order, and what it measured: "Store order" in the
    /// layout comment above. Nothing here is visible before the batch is published, so the
    /// provisional header is never read.
    @inlinable @inline(__always)
    static func writePlainRecord(
        _ frame: UnsafeMutableRawPointer, capacity: Int, flags: UInt32, timestampDelta delta: Int64,
        _ writeBody: (UnsafeMutableRawPointer) -> Int
    ) -> Int {
        let full = headerSize &+ capacity
        storeHeader(frame, word: UInt32(truncatingIfNeeded: full) | flags, timestampDelta: delta)
        let length = headerSize &+ writeBody(frame + headerSize)
        if length != full {
            storeHeader(frame, word: UInt32(truncatingIfNeeded: length) | flags, timestampDelta: delta)
        }
        return length
    }

    /// Whether `header` holds a batch header whose base offset is `offset` (its low 32 bits:
    /// the batches in the ring span far fewer offsets than 2^32).
    @inlinable @inline(__always)
    static func isBatchHeader(_ header: UnsafeRawPointer, baseOffset offset: Int64) -> Bool {
        header.load(as: UInt32.self) == batchHeaderWord
            && header.load(fromByteOffset: batchBaseOffsetOffset, as: UInt32.self) == UInt32(truncatingIfNeeded: offset)
    }

    /// Writes a value in place at `body`: `write` gets an `OutputRawSpan` of `capacity` bytes
    /// there; returns the bytes it wrote.
    @inlinable @inline(__always)
    static func writeValue(at body: UnsafeMutableRawPointer, capacity: Int, _ write: (inout OutputRawSpan) -> Void) -> Int {
        let buffer = UnsafeMutableRawBufferPointer(start: body, count: capacity)
        var output = OutputRawSpan(buffer: buffer, initializedCount: 0)
        write(&output)
        return output.finalize(for: buffer)
    }

    /// Whether a timestamp delta fits the fixed header's 32 bits (else the record takes the extension).
    @inlinable @inline(__always)
    static func fitsHeader(timestampDelta delta: Int64) -> Bool {
        Int64(Int32(truncatingIfNeeded: delta)) == delta
    }

    /// The timestamp of the record frame `frame` whose word is `word`, in a batch whose base
    /// timestamp is `base`.
    @inlinable @inline(__always)
    static func timestamp(_ frame: UnsafeRawPointer, word: UInt32, base: Int64) -> Int64 {
        let low = frame.load(fromByteOffset: timestampDeltaOffset, as: UInt32.self)
        if word & extensionFlag == 0 { return base &+ Int64(Int32(bitPattern: low)) }
        let high = frame.load(fromByteOffset: timestampDeltaHighOffset, as: Int32.self)
        return base &+ (Int64(high) &<< 32 | Int64(low))
    }

    /// The checksum of a record frame of `length` bytes with timestamp `timestamp` (see `checksumStart`).
    @inlinable
    static func checksum(_ frame: UnsafeRawPointer, length: Int, timestamp: Int64) -> UInt32 {
        let crc = withUnsafeBytes(of: timestamp.littleEndian) { CRC32C.checksum($0.baseAddress!, count: 8) }
        return CRC32C.checksum(frame + checksumStart, count: length &- checksumStart, continuing: crc)
    }
}
