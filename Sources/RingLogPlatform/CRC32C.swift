import _RingLogCShims

/// CRC32C (Castagnoli polynomial 0x1EDC6F41), the checksum of Kafka's v2 record batches.
/// Runs on the SSE4.2 `crc32` instruction where the CPU has it, a slicing-by-8 table otherwise.
///
/// Thread-safety: pure function. Complexity: O(n).
public enum CRC32C {
    /// The checksum of `bytes`, continuing from `crc` (0 to start).
    @inlinable
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        ringlog_crc32c(crc, bytes.baseAddress, bytes.count)
    }

    /// The checksum of `count` bytes at `pointer`, continuing from `crc`.
    @inlinable
    public static func checksum(_ pointer: UnsafeRawPointer, count: Int, continuing crc: UInt32 = 0) -> UInt32 {
        ringlog_crc32c(crc, pointer, count)
    }

    /// True when the hardware instruction is used.
    public static var isHardwareAccelerated: Bool { ringlog_crc32c_is_hardware() != 0 }

    /// The routine `checksum` uses on this CPU, resolved once. Keep one in a hot loop: each call
    /// then goes straight to the routine, without `checksum`'s per-call CPU check (a load, a
    /// compare and a jump, about 7 instructions).
    ///
    /// Thread-safety: a value; call it from any thread. Complexity: resolving is O(1) after the
    /// first use; a call is O(n).
    public static func resolved() -> Function { Function(ringlog_crc32c_resolve()) }

    /// The table routine whatever the CPU, for comparing the two.
    public static func tableDriven() -> Function { Function(ringlog_crc32c_table()) }

    /// A resolved CRC32C routine (see `resolved()`).
    public struct Function: Sendable {
        @usableFromInline let routine: @convention(c) (UInt32, UnsafeRawPointer?, Int) -> UInt32

        @usableFromInline init(_ routine: ringlog_crc32c_fn?) {
            // The C side always returns a routine; `checksum`'s own entry point stands in otherwise.
            self.routine = routine ?? { ringlog_crc32c($0, $1, $2) }
        }

        /// The checksum of `bytes`, continuing from `crc` (0 to start): the same value as
        /// `CRC32C.checksum(bytes, continuing: crc)`.
        @inlinable
        public func callAsFunction(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
            routine(crc, bytes.baseAddress, bytes.count)
        }
    }
}
