import _RingLogCShims
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The pages behind a mapping.
public enum PageBacking: Sendable, Equatable, CustomStringConvertible {
    case base(pageSize: Int)
    case hugeTLB(pageSize: Int)

    public var isHuge: Bool { if case .hugeTLB = self { true } else { false } }

    public var description: String {
        switch self {
        case .base(let size): return "\(size / 1024) KiB base pages"
        case .hugeTLB(let size): return "\(size >> 20) MiB hugetlb pages"
        }
    }
}
