#if canImport(Glibc)
import Glibc
#endif
import _RingLogCShims

/// Performance counters of one thread (`perf_event_open(2)` with pid 0, cpu -1): what JMH's
/// perfnorm reports, per thread and, divided by the thread's operations, per message.
///
/// ## Reading counters and profiles
///
/// Open them on the thread to measure, enable around the work, read, divide by its operations
/// (JMH's perfnorm: counts per operation, here per thread):
///
/// ```swift
/// let counters = ThreadCounters([.taskClock, .contextSwitches, .instructions, .cycles])
/// for failure in counters.failures { print(failure) }   // once, e.g. per run
/// counters.enable()
/// // … the loop that sends `messages` messages …
/// counters.disable()
/// let window = counters.read()
/// let perMessage = window.perOperation(messages)         // instructions per message, …
/// let ipc = window.instructionsPerCycle, cpu = window.cpuUtilization
/// counters.close()
/// ```
///
/// - What counts: only the thread that created the instance (not threads it starts later), from
///   `enable()` to `disable()`. Counters open disabled, and nothing is opened unless a
///   `ThreadCounters` is created: no cost when counters are not asked for. For a window inside a
///   longer enabled period, subtract two snapshots; for several threads, add their windows.
/// - Hardware counters (instructions, cycles, cache and branch misses) count user space only
///   (exclude_kernel, exclude_hv) on every host, so that their numbers compare across hosts and
///   privileges; that is also what perf_event_paranoid 2 allows without CAP_PERFMON. They need a
///   hardware PMU: in most VMs there is none and they fail with ENOENT.
/// - Software counters count user and kernel where allowed. Where perf_event_paranoid refuses
///   kernel counting (level 2 without CAP_PERFMON) task-clock still counts all the thread's CPU
///   time and page-faults counts the faults taken in user mode (page-faults is then in
///   `userSpaceOnly`); context-switches and cpu-migrations happen in kernel mode and would always
///   read 0, so they are reported as failures instead.
/// - Counters that cannot be opened are in `failures`, each with why (`PerfCounterFailure`); the
///   others carry on. The same failure on every thread is the same value: report a `Set` once.
/// - Multiplexing: when the PMU has fewer registers than open hardware events, the kernel
///   rotates them and each reading carries its enabled and running times; snapshot values are
///   scaled by `timeEnabled / timeRunning` (`PerfCounterReading.value`), as `perf stat` does.
///   A value scaled far up (say ×4) is an estimate: open fewer hardware counters for exact ones.
/// - `PerfCounterSnapshot.wallNanoseconds` is the wall time the counters were enabled;
///   `cpuUtilization` is task-clock over it: 1.0 for a thread that ran all the time; less when
///   it slept, parked, or waited for a CPU (a spinning thread below 1.0 shares its CPU: more
///   threads than CPUs, or, in a VM, other load on the host).
/// - IPC (`instructionsPerCycle`): above about 1 the core mostly retires instructions (fewer
///   instructions per message is then the way to go faster); well below 1 it mostly stalls, on
///   memory (look at cache misses per message) or on mispredicted branches.
///
/// Counters say how much; a profile says where. `scripts/profile.sh` samples a `ringlog` run
/// with `perf record -g` (the cpu-clock software event where there is no PMU) and draws a flame
/// graph (each box a function, its width its share of CPU time, the boxes above it its callees),
/// or counts instructions with callgrind where perf cannot sample.
///
/// ## Thread-safety
///
/// A `ThreadCounters` measures the thread that opened it, but it is `Sendable` and every method
/// may be called from any thread: enable, disable, reset and read are ioctl and read(2) calls on
/// the counters' file descriptors, which the kernel allows from anywhere (a read from another
/// thread gets the measured thread's counts up to that moment, and still works after that thread
/// has exited); an internal mutex serialises them with `close()`, so no call ever touches a
/// closed (or reused) descriptor. Calls from several threads interleave, though: have one
/// thread drive enable/disable. All methods are system calls: call them around measured work,
/// never inside it.
public final class ThreadCounters: @unchecked Sendable {
    /// The counters that opened, in the order asked for.
    public let counters: [PerfCounter]
    /// The counters that did not open, and why, in the order asked for.
    public let failures: [PerfCounterFailure]
    /// The open counters that count user space only: the hardware ones, and software ones that
    /// perf_event_paranoid confined to user space where that changes the count (page-faults).
    public let userSpaceOnly: Set<PerfCounter>

    private let descriptors: [Int32] // parallel to `counters`
    private let mutex = PThreadMutex()
    private var isClosed = false // under mutex
    private var enabledSince: UInt64? // under mutex: CLOCK_MONOTONIC ns of the last enable()
    private var enabledWall: UInt64 = 0 // under mutex: ns of the finished enable() … disable() periods

    /// Opens `counters` (default: all ten) on the calling thread, disabled. Never fails as a
    /// whole: what cannot be opened is in `failures`. Cold path: one `perf_event_open` per
    /// counter (two for a software counter perf_event_paranoid confines to user space), and the
    /// /proc reads that explain a failure.
    public convenience init(_ counters: some Sequence<PerfCounter> = PerfCounter.allCases) {
        var seen = Set<PerfCounter>()
        self.init(_events: counters.filter { seen.insert($0).inserted }.map { ($0, $0._event) })
    }

    /// Opens each counter as the given event (tests force failures with invalid ones).
    init(_events events: [(PerfCounter, _PerfEventSpec)]) {
        var counters: [PerfCounter] = [], descriptors: [Int32] = [], failures: [PerfCounterFailure] = []
        var userSpaceOnly = Set<PerfCounter>()
        for (counter, event) in events {
            switch event.open() {
            case .success(let opened):
                counters.append(counter)
                descriptors.append(opened.fd)
                if opened.userSpaceOnly { userSpaceOnly.insert(counter) }
            case .failure(let error):
                failures.append(PerfCounterFailure(counter: counter, event: event, error: error))
            }
        }
        self.counters = counters
        self.descriptors = descriptors
        self.failures = failures
        self.userSpaceOnly = userSpaceOnly
    }

    deinit {
        if !isClosed { for fd in descriptors { _ = Glibc.close(fd) } }
    }

    /// Starts counting (PERF_EVENT_IOC_ENABLE on each counter) and the wall clock. No effect when
    /// already enabled or closed.
    public func enable() {
        mutex.withLock {
            guard !isClosed, enabledSince == nil else { return }
            for fd in descriptors { _ = ringlog_perf_event_enable(fd) }
            enabledSince = Self.monotonicNanoseconds()
        }
    }

    /// Stops counting (PERF_EVENT_IOC_DISABLE); the counts stay readable. No effect when not
    /// enabled or closed.
    public func disable() {
        mutex.withLock {
            guard !isClosed, let since = enabledSince else { return }
            for fd in descriptors { _ = ringlog_perf_event_disable(fd) }
            enabledWall += Self.monotonicNanoseconds() &- since
            enabledSince = nil
        }
    }

    /// Zeroes the counts (PERF_EVENT_IOC_RESET) and the wall time; enabled counters go on
    /// counting from 0. The enabled and running times are not reset by the kernel: take a
    /// snapshot after the reset and subtract it instead where multiplexing matters.
    public func reset() {
        mutex.withLock {
            guard !isClosed else { return }
            for fd in descriptors { _ = ringlog_perf_event_reset(fd) }
            enabledWall = 0
            if enabledSince != nil { enabledSince = Self.monotonicNanoseconds() }
        }
    }

    /// Whether counting is on (between `enable()` and `disable()`).
    public var isEnabled: Bool { mutex.withLock { enabledSince != nil } }

    /// The counts so far (enabled or not): one read(2) per counter. A counter whose read fails
    /// is left out. Empty after `close()`.
    public func read() -> PerfCounterSnapshot {
        mutex.withLock {
            guard !isClosed else { return PerfCounterSnapshot() }
            var readings: [PerfCounter: PerfCounterReading] = [:]
            var raw: (UInt64, UInt64, UInt64) = (0, 0, 0)
            for (counter, fd) in zip(counters, descriptors) {
                let rc = withUnsafeMutableBytes(of: &raw) {
                    ringlog_perf_event_read(fd, $0.baseAddress!.assumingMemoryBound(to: UInt64.self))
                }
                if rc == 0 { readings[counter] = PerfCounterReading(count: raw.0, timeEnabled: raw.1, timeRunning: raw.2) }
            }
            var wall = enabledWall
            if let since = enabledSince { wall += Self.monotonicNanoseconds() &- since }
            return PerfCounterSnapshot(readings: readings, wallNanoseconds: wall)
        }
    }

    /// Closes the counters' file descriptors (also done on deinit). Later calls do nothing and
    /// `read()` returns an empty snapshot.
    public func close() {
        mutex.withLock {
            guard !isClosed else { return }
            for fd in descriptors { _ = Glibc.close(fd) }
            isClosed = true
            enabledSince = nil
        }
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
