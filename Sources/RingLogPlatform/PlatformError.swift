import _RingLogCShims
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Errors from the platform layer. Each names the call or value that failed.
public enum PlatformError: Error, Equatable, CustomStringConvertible {
    case invalidCapacity(Int, pageSize: Int)
    case systemCall(String, errno: Int32)
    case hugePagesUnavailable(String)
    /// A pin call succeeded but the thread's mask read back is not that one CPU.
    case pinNotApplied(cpu: Int, mask: [Int])

    public var description: String {
        switch self {
        case .invalidCapacity(let c, let page):
            return "capacity \(c) is not a positive multiple of the page size (\(page) bytes)"
        case .systemCall(let call, let errno):
            return "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
        case .hugePagesUnavailable(let why):
            return "huge pages required but unavailable: \(why)"
        case .pinNotApplied(let cpu, let mask):
            return "pinned to cpu \(cpu) but the thread's affinity mask reads back as [\(CPUList(mask))]"
        }
    }
}
