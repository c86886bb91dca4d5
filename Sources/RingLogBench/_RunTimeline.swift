import RingLogPlatform

/// When a run's phases begin and end, in monotonic nanoseconds: every thread starts at
/// `start`, the measured phase is `measureStart..<end` (warm-up before it).
struct _RunTimeline: Sendable {
    let start: Int64
    let measureStart: Int64
    let end: Int64

    /// Threads start together 20 ms from now, so all of them are created and pinned first.
    init(warmupSeconds: Double, durationSeconds: Double, now: Int64 = monotonicNanoseconds()) {
        start = now + 20_000_000
        measureStart = start + Int64(warmupSeconds * 1e9)
        end = measureStart + Int64(durationSeconds * 1e9)
    }

    /// Waits (yielding) until the common start.
    func waitForStart() {
        while monotonicNanoseconds() < start { PlatformThread.yield() }
    }
}
