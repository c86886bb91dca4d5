#if canImport(Glibc)
import Glibc
#endif

/// A joinable OS thread (pthread), optionally pinned to a CPU before its body runs. The harness
/// uses real threads, not tasks: benchmark loops must own a core, and ThreadSanitizer reasons
/// about threads.
public final class PlatformThread: @unchecked Sendable {
    private var handle: pthread_t
    private final class Box {
        let body: () -> Void
        let cpu: Int?
        init(body: @escaping () -> Void, cpu: Int?) {
            self.body = body
            self.cpu = cpu
        }
    }

    /// Starts `body` on a new thread, pinned to `cpu` when given (pinning failures are ignored
    /// here; call `ThreadAffinity.pinCurrentThread` inside `body` to handle them).
    public init(pinnedTo cpu: Int? = nil, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body: body, cpu: cpu)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            if let cpu = box.cpu { try? ThreadAffinity.pinCurrentThread(to: cpu) }
            box.body()
            return nil
        }, box)
        precondition(rc == 0, "pthread_create failed with \(rc)")
        handle = thread
    }

    /// Waits for the thread to finish.
    public func join() { pthread_join(handle, nil) }

    /// Gives the CPU to another ready thread (`sched_yield`).
    public static func yield() { sched_yield() }

    /// Sleeps the calling thread for about `nanoseconds`.
    public static func sleep(nanoseconds: Int64) {
        var ts = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var rest = timespec()
        while nanosleep(&ts, &rest) != 0 && errno == EINTR { ts = rest }
    }

    /// Number of CPUs this process may run on: `Topology.availableCPUs.count` (its affinity
    /// mask, not the online CPUs). One system call per use; thread-safe.
    public static var availableCPUs: Int { Topology.availableCPUs.count }
}
