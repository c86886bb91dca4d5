import _RingLogCShims
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Whether a ring asks for huge pages.
public enum HugePagePolicy: String, Sendable, CaseIterable {
    /// Base pages only (still THP-aligned and advised when the size allows).
    case never
    /// 2 MiB hugetlb pages when the pool has them, else base pages with a note saying why.
    case preferred
    /// 2 MiB hugetlb pages or an error.
    case required
}
