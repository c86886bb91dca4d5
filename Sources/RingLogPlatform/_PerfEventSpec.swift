#if canImport(Glibc)
import Glibc
#endif
import _RingLogCShims

/// How `ThreadCounters` opens one perf event: `perf_event_attr`'s type, config and read format,
/// and what counting it in user space only (`exclude_kernel`, which perf_event_paranoid 2 demands
/// of a thread without CAP_PERFMON) would mean.
struct _PerfEventSpec: Sendable, Hashable {
    static let typeHardware: UInt32 = 0 // PERF_TYPE_HARDWARE
    static let typeSoftware: UInt32 = 1 // PERF_TYPE_SOFTWARE
    static let typeHardwareCache: UInt32 = 3 // PERF_TYPE_HW_CACHE
    /// PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING: read(2) gives the count,
    /// then the time enabled and the time running (they differ when the PMU multiplexes).
    static let timesReadFormat: UInt64 = 1 | 2

    /// What a user-space-only count of an event counts.
    enum UserSpaceOnly: Sendable, Hashable {
        /// The same as a full count (task-clock and cpu-clock are timers: the exclusion bits only
        /// filter their samples).
        case same
        /// The part in user mode (instructions retired in user space, faults taken in user mode).
        case userPart
        /// Nothing: the kernel raises the event in kernel mode (context switches, migrations), so
        /// a user-space-only count always reads 0.
        case nothing
    }

    var type: UInt32
    var config: UInt64
    var readFormat: UInt64 = _PerfEventSpec.timesReadFormat

    var isHardware: Bool { type == Self.typeHardware || type == Self.typeHardwareCache }

    var userSpaceOnly: UserSpaceOnly {
        if type == Self.typeSoftware {
            switch config {
            case 0, 1: return .same // PERF_COUNT_SW_CPU_CLOCK, PERF_COUNT_SW_TASK_CLOCK
            case 3, 4: return .nothing // PERF_COUNT_SW_CONTEXT_SWITCHES, PERF_COUNT_SW_CPU_MIGRATIONS
            default: return .userPart
            }
        }
        return .userPart
    }

    /// "type T, config 0xC" (and the read format when it is not the usual one), for reasons.
    var attributes: String {
        var text = "perf_event_attr type \(type), config 0x\(String(config, radix: 16))"
        if readFormat != Self.timesReadFormat { text += ", read_format 0x\(String(readFormat, radix: 16))" }
        return text
    }

    /// Opens the event on the calling thread, disabled. Hardware events count user space only
    /// (exclude_kernel and exclude_hv), whatever the privilege, so that their counts mean the same
    /// on every host. Software events count user and kernel when allowed; when refused (EACCES or
    /// EPERM: perf_event_paranoid 2 without CAP_PERFMON) they fall back to user space only where
    /// that still counts something.
    /// - Returns: the fd and whether it counts user space only, or the errno of the attempt that
    ///   decides (and whether kernel counting was what was refused).
    func open() -> Result<(fd: Int32, userSpaceOnly: Bool), _PerfEventSpec.OpenError> {
        if isHardware {
            let fd = ringlog_perf_event_open(type, config, 1, readFormat)
            return fd >= 0 ? .success((fd, true)) : .failure(.init(errno: -fd, kernelRefused: false))
        }
        let fd = ringlog_perf_event_open(type, config, 0, readFormat)
        if fd >= 0 { return .success((fd, false)) }
        guard -fd == EACCES || -fd == EPERM else { return .failure(.init(errno: -fd, kernelRefused: false)) }
        if userSpaceOnly == .nothing { return .failure(.init(errno: -fd, kernelRefused: true)) }
        let userFD = ringlog_perf_event_open(type, config, 1, readFormat)
        return userFD >= 0 ? .success((userFD, userSpaceOnly != .same)) : .failure(.init(errno: -userFD, kernelRefused: false))
    }

    /// Why `open` failed: the errno, and whether it was counting in kernel mode that was refused
    /// (for an event that would read 0 in user space only).
    struct OpenError: Error, Sendable, Hashable {
        var errno: Int32
        var kernelRefused: Bool
    }
}
