import _RingLogCShims

/// A region of `capacity` bytes mapped twice, back to back: byte `i` and byte `i + capacity`
/// are the same memory. A ring built on it can read or write any span of up to `capacity`
/// bytes starting anywhere in `[0, capacity)` as one contiguous range, even across the wrap.
///
/// Allocated once (memfd + two `MAP_FIXED` mappings); unmapped when the last reference goes.
/// Thread-safety: the object is immutable; concurrent access to the bytes is the owner's business.
public final class MirroredMemory: @unchecked Sendable {
    /// Start of the first mapping. Valid for `2 * capacity` bytes.
    public let base: UnsafeMutableRawPointer
    /// Size of one copy, in bytes: a multiple of the page size.
    public let capacity: Int

    /// Maps `capacity` bytes twice.
    /// - Throws: `PlatformError.invalidCapacity` when `capacity` is not a positive multiple of the
    ///   page size; `PlatformError.systemCall` when the kernel refuses the mapping.
    /// - Complexity: O(1) system calls; the kernel zero-fills pages on first touch.
    public init(capacity: Int) throws(PlatformError) {
        let page = Self.pageSize
        guard capacity > 0, capacity % page == 0 else {
            throw .invalidCapacity(capacity, pageSize: page)
        }
        var error: Int32 = 0
        guard let pointer = ringlog_mirror_map(capacity, &error) else {
            throw .systemCall("memfd_create/mmap (mirrored \(capacity) bytes)", errno: error)
        }
        self.base = pointer
        self.capacity = capacity
    }

    deinit { ringlog_mirror_unmap(base, capacity) }

    /// The system page size in bytes.
    public static var pageSize: Int { Int(ringlog_page_size()) }

    /// Touches every page once so the first appends do not pay for page faults.
    public func prefault() {
        let page = Self.pageSize
        var offset = 0
        while offset < capacity {
            base.storeBytes(of: 0, toByteOffset: offset, as: UInt8.self)
            offset &+= page
        }
    }
}

/// Errors from the platform layer. Each names the call or value that failed.
public enum PlatformError: Error, Equatable, CustomStringConvertible {
    case invalidCapacity(Int, pageSize: Int)
    case systemCall(String, errno: Int32)

    public var description: String {
        switch self {
        case .invalidCapacity(let c, let page):
            return "capacity \(c) is not a positive multiple of the page size (\(page) bytes)"
        case .systemCall(let call, let errno):
            return "\(call) failed with errno \(errno)"
        }
    }
}
