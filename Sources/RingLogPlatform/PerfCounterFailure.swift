#if canImport(Glibc)
import Glibc
#endif

/// A counter `ThreadCounters` could not open, and why, in plain words: what a run reports once
/// (for example "instructions: not counted: ENOENT: no PMU for this event on this machine …")
/// while the counters that did open carry on.
///
/// Hashable, so that the same failure on every thread of a run can be reported once (put them in
/// a `Set`). Thread-safety: a value; any thread.
public struct PerfCounterFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The counter that is not counted.
    public let counter: PerfCounter
    /// The errno `perf_event_open(2)` failed with.
    public let errno: Int32
    /// Why, in plain words: the errno's name and what it means for this event on this host
    /// (no PMU, perf_event_paranoid level and capabilities, seccomp, file limit, …).
    public let reason: String

    public init(counter: PerfCounter, errno: Int32, reason: String) {
        self.counter = counter
        self.errno = errno
        self.reason = reason
    }

    /// "counter: not counted: reason".
    public var description: String { "\(counter.rawValue): not counted: \(reason)" }

    /// `failures` (from any number of threads) as one line per reason, the counters it stopped
    /// listed together in first-seen order: "instructions, cycles: not counted: ENOENT: …".
    /// What a run reports once, however many threads hit the same failure.
    /// Complexity: O(failures × counters). Thread-safety: pure function.
    public static func grouped(_ failures: some Sequence<PerfCounterFailure>) -> [String] {
        var reasons: [String] = [], counters: [String: [String]] = [:]
        for f in failures {
            if counters[f.reason] == nil { reasons.append(f.reason) }
            if !counters[f.reason, default: []].contains(f.counter.rawValue) { counters[f.reason, default: []].append(f.counter.rawValue) }
        }
        return reasons.map { "\(counters[$0]!.joined(separator: ", ")): not counted: \($0)" }
    }

    /// The failure of opening `counter` as `event` with `error`, its reason read from this host
    /// (perf_event_paranoid, the calling thread's capabilities, the open-file limit) when it
    /// depends on them. Cold path.
    init(counter: PerfCounter, event: _PerfEventSpec, error: _PerfEventSpec.OpenError) {
        self.init(counter: counter, errno: error.errno,
                  reason: Self._reason(errno: error.errno, event: event, kernelRefused: error.kernelRefused,
                                       paranoid: Self._paranoidLevel(), perfmonCapable: Self._perfmonCapable(),
                                       openFileLimit: Self._openFileLimit()))
    }

    /// The reason text for `errno` (pure; the host facts are parameters so that each text can be
    /// tested): `paranoid` is /proc/sys/kernel/perf_event_paranoid, `perfmonCapable` whether the
    /// thread has CAP_PERFMON or CAP_SYS_ADMIN (nil: unknown), `openFileLimit` RLIMIT_NOFILE.
    static func _reason(errno code: Int32, event: _PerfEventSpec, kernelRefused: Bool,
                        paranoid: Int?, perfmonCapable: Bool?, openFileLimit: UInt64?) -> String {
        let name = _errnoName(code)
        switch code {
        case ENOENT:
            return event.isHardware
                ? "\(name): no PMU for this event on this machine (a VM without a virtual PMU, or a CPU without this event), so the kernel cannot count it"
                : "\(name): this kernel knows no such event (\(event.attributes)): no PMU on this machine implements it"
        case EOPNOTSUPP:
            return "\(name): the PMU on this machine does not support this event as asked (\(event.attributes); per-thread, user space only): a VM's virtual PMU often lacks it"
        case EACCES, EPERM:
            let level = paranoid.map(String.init) ?? "unknown"
            let text = "\(name): perf_event_paranoid is \(level) (/proc/sys/kernel/perf_event_paranoid)"
            // Without CAP_PERFMON, level 2 allows user-space-only counting, level 1 kernel counting too.
            let levelAllows = paranoid.map { kernelRefused ? $0 <= 1 : $0 <= 2 } ?? false
            if perfmonCapable == true || levelAllows {
                let who = perfmonCapable == true ? "this thread has CAP_PERFMON or CAP_SYS_ADMIN" : "that level allows this count"
                return text + " and \(who), so something else refused: a seccomp filter (a container's default profile answers EPERM) or a security module"
            }
            let caps = perfmonCapable == nil ? " and this thread's capabilities are unknown" : " and this thread has no CAP_PERFMON (nor CAP_SYS_ADMIN)"
            let why = kernelRefused
                ? "; above level 1 only user-space counting is allowed, and this event only happens in kernel mode, so a user-space-only count would always read 0"
                : (paranoid ?? 0) >= 3 ? "; above level 2 (a Debian/Ubuntu patch) unprivileged perf_event_open is refused outright" : ""
            return text + caps + why + "; run as root, grant CAP_PERFMON (setcap cap_perfmon+ep), or lower the level (sysctl kernel.perf_event_paranoid=\(kernelRefused ? 1 : 2))"
        case ENOSYS:
            return "\(name): no perf_event_open here: the kernel was built without CONFIG_PERF_EVENTS, or a seccomp filter (a container's) blocks the call"
        case EMFILE:
            let limit = openFileLimit.map { " (\($0))" } ?? ""
            return "\(name): the process's open-file limit\(limit) is reached: each counter takes one file descriptor per thread; raise it (ulimit -n) or count fewer"
        case ENFILE:
            return "\(name): the system-wide open-file limit is reached (fs.file-max)"
        case ENOMEM:
            return "\(name): the kernel is out of memory for the event"
        case EBUSY:
            return "\(name): another user has exclusive use of the PMU"
        case ENODEV:
            return "\(name): the event is not supported on this CPU type (\(event.attributes))"
        case E2BIG:
            return "\(name): this kernel is older than the perf_event_attr this build passes (\(event.attributes))"
        case EINVAL:
            return "\(name): the kernel rejected the event's attributes (\(event.attributes)): a config or field this kernel or PMU does not accept"
        default:
            return "\(name): \(String(cString: strerror(code))) (\(event.attributes))"
        }
    }

    /// "ENOENT", "EACCES", …, or "errno N".
    static func _errnoName(_ code: Int32) -> String {
        let names: [Int32: String] = [
            EPERM: "EPERM", ENOENT: "ENOENT", EINTR: "EINTR", EIO: "EIO", E2BIG: "E2BIG", EBADF: "EBADF",
            ENOMEM: "ENOMEM", EACCES: "EACCES", EFAULT: "EFAULT", EBUSY: "EBUSY", ENODEV: "ENODEV",
            EINVAL: "EINVAL", ENFILE: "ENFILE", EMFILE: "EMFILE", ENOSPC: "ENOSPC", ENOSYS: "ENOSYS",
            EOPNOTSUPP: "EOPNOTSUPP", EOVERFLOW: "EOVERFLOW", ESRCH: "ESRCH",
        ]
        return names[code] ?? "errno \(code)"
    }

    /// /proc/sys/kernel/perf_event_paranoid, or nil where it cannot be read.
    static func _paranoidLevel() -> Int? {
        _firstLine(of: "/proc/sys/kernel/perf_event_paranoid").flatMap { Int($0.trimmingWhitespace) }
    }

    /// Whether the calling thread's effective capabilities hold CAP_PERFMON (38) or CAP_SYS_ADMIN
    /// (21), from /proc/thread-self/status; nil where it cannot be read.
    static func _perfmonCapable() -> Bool? {
        guard let text = _contents(of: "/proc/thread-self/status"),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") }),
              let mask = UInt64(line.dropFirst("CapEff:".count).trimmingWhitespace, radix: 16) else { return nil }
        return mask & (1 << 38) != 0 || mask & (1 << 21) != 0
    }

    /// The process's soft RLIMIT_NOFILE, or nil.
    static func _openFileLimit() -> UInt64? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return UInt64(limit.rlim_cur)
    }

    private static func _firstLine(of path: String) -> String? {
        _contents(of: path).flatMap { $0.split(separator: "\n").first.map(String.init) }
    }

    /// A small /proc file, read with open/read (no Foundation on this path).
    private static func _contents(of path: String) -> String? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var bytes = [UInt8](repeating: 0, count: 16384)
        var used = 0
        while used < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + used, $0.count - used) }
            if n < 0 && Glibc.errno == EINTR { continue }
            if n <= 0 { break }
            used += n
        }
        return String(decoding: bytes[..<used], as: UTF8.self)
    }
}

private extension StringProtocol {
    var trimmingWhitespace: String {
        String(drop(while: { $0.isWhitespace }).reversed().drop(while: { $0.isWhitespace }).reversed())
    }
}
