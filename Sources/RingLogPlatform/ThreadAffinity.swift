import _RingLogCShims

/// CPU pinning for the calling thread (`pthread_setaffinity_np`, `pthread_getaffinity_np`,
/// `sched_getcpu`). Each call affects or reads only the calling thread; cold path.
public enum ThreadAffinity {
    /// Pins the calling thread to `cpu` (0 ..< `CPUList.limit`).
    /// - Throws: `PlatformError.systemCall` naming the errno when the kernel refuses (EINVAL for
    ///   a CPU out of range, offline or outside the process's cpuset).
    public static func pinCurrentThread(to cpu: Int) throws(PlatformError) {
        let rc = ringlog_pin_current_thread(Int32(clamping: cpu))
        if rc != 0 { throw .systemCall("pthread_setaffinity_np(cpu \(cpu))", errno: rc) }
    }

    /// The CPUs the calling thread may run on (its own affinity mask, `pthread_getaffinity_np`),
    /// ascending; after a successful `pinCurrentThread(to: c)`, `[c]`. Empty when the mask
    /// cannot be read. One system call, O(`CPUList.limit`).
    public static var currentThreadCPUs: [Int] {
        var ids = [Int32](repeating: 0, count: CPUList.limit)
        let n = ids.withUnsafeMutableBufferPointer { ringlog_thread_cpus($0.baseAddress, Int32($0.count)) }
        guard n > 0 else { return [] }
        return ids.prefix(Int(min(n, Int32(ids.count)))).map(Int.init)
    }

    /// Pins the calling thread to `cpu` and reads the mask back: the CPU it now runs on alone,
    /// or why not. What a result should record as the pinning that took effect.
    public static func pinCurrentThreadConfirmed(to cpu: Int) -> Result<Int, PlatformError> {
        do {
            try pinCurrentThread(to: cpu)
        } catch {
            return .failure(error)
        }
        let mask = currentThreadCPUs
        guard mask == [cpu] else { return .failure(.pinNotApplied(cpu: cpu, mask: mask)) }
        return .success(cpu)
    }

    /// The CPU the calling thread is running on now, or nil if unknown.
    public static var currentCPU: Int? {
        let cpu = ringlog_current_cpu()
        return cpu < 0 ? nil : Int(cpu)
    }
}
