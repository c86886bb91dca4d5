import _RingLogCShims

/// CPU pinning for the calling thread (`pthread_setaffinity_np`, `sched_getcpu`).
public enum ThreadAffinity {
    /// Pins the calling thread to `cpu`.
    /// - Throws: `PlatformError.systemCall` naming the errno when the kernel refuses.
    public static func pinCurrentThread(to cpu: Int) throws(PlatformError) {
        let rc = ringlog_pin_current_thread(Int32(clamping: cpu))
        if rc != 0 { throw .systemCall("pthread_setaffinity_np(cpu \(cpu))", errno: rc) }
    }

    /// The CPU the calling thread is running on now, or nil if unknown.
    public static var currentCPU: Int? {
        let cpu = ringlog_current_cpu()
        return cpu < 0 ? nil : Int(cpu)
    }
}
