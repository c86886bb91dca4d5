import _RingLogCShims
#if canImport(Glibc)
import Glibc
#endif
import Foundation

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

    /// What backs the pages: 4 KiB base pages or 2 MiB hugetlb pages.
    public let backing: PageBacking
    /// Why huge pages were not used, when they were asked for and are not: names the cause
    /// (capacity not a multiple of 2 MiB, an empty `vm.nr_hugepages` pool, ...). Nil otherwise.
    public let hugePageNote: String?

    /// Maps `capacity` bytes twice.
    /// - Parameter hugePages: `.preferred` tries 2 MiB hugetlb pages first and falls back to base
    ///   pages, saying why in `hugePageNote`; `.required` throws instead of falling back.
    ///   Base-page rings of a multiple of 2 MiB are also aligned and advised for transparent
    ///   huge pages, which the kernel honours only where shmem THP is enabled.
    /// - Throws: `PlatformError.invalidCapacity` when `capacity` is not a positive multiple of the
    ///   page size; `PlatformError.systemCall` when the kernel refuses the mapping;
    ///   `PlatformError.hugePagesUnavailable` when `.required` cannot be met.
    /// - Complexity: O(1) system calls; the kernel zero-fills pages on first touch.
    public init(capacity: Int, hugePages: HugePagePolicy = .never) throws(PlatformError) {
        let page = Self.pageSize
        guard capacity > 0, capacity % page == 0 else {
            throw .invalidCapacity(capacity, pageSize: page)
        }
        var error: Int32 = 0
        var note: String?
        if hugePages != .never {
            if capacity % Self.hugePageSize != 0 {
                note = "capacity \(capacity) bytes is not a multiple of the 2 MiB huge page"
            } else if let pointer = ringlog_mirror_map_hugetlb(capacity, &error) {
                self.base = pointer
                self.capacity = capacity
                self.backing = .hugeTLB(pageSize: Self.hugePageSize)
                self.hugePageNote = nil
                return
            } else {
                note = Self.explainHugeTLBFailure(errno: error, capacity: capacity)
            }
            if hugePages == .required, let note { throw .hugePagesUnavailable(note) }
        }
        guard let pointer = ringlog_mirror_map(capacity, &error) else {
            throw .systemCall("memfd_create/mmap (mirrored \(capacity) bytes)", errno: error)
        }
        self.base = pointer
        self.capacity = capacity
        self.backing = .base(pageSize: page)
        self.hugePageNote = note
    }

    /// The huge page size RingLog asks for (x86-64's 2 MiB).
    public static let hugePageSize = 2 << 20

    /// Free pages in the kernel's default huge page pool (`HugePages_Free` in /proc/meminfo),
    /// or nil where the file cannot be read.
    public static var freeHugePages: Int? { meminfo("HugePages_Free") }
    /// All pages in that pool (`vm.nr_hugepages`).
    public static var totalHugePages: Int? { meminfo("HugePages_Total") }

    private static func meminfo(_ field: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
        }
        return nil
    }

    private static func explainHugeTLBFailure(errno: Int32, capacity: Int) -> String {
        let needed = capacity / hugePageSize
        let free = freeHugePages.map(String.init) ?? "unknown"
        let total = totalHugePages.map(String.init) ?? "unknown"
        switch errno {
        case ENOMEM:
            return "needs \(needed) free 2 MiB huge pages, the pool has \(free) free of \(total) "
                + "(reserve more with `sysctl -w vm.nr_hugepages=N`)"
        case EINVAL, ENOENT, EOPNOTSUPP:
            return "the kernel offers no 2 MiB hugetlb pages here (errno \(errno))"
        default:
            return "hugetlb mapping failed with errno \(errno) (pool: \(free) free of \(total))"
        }
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
