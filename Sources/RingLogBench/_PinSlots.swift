import RingLogPlatform

/// Hands each thread of a run its CPU from the placement plan, in the order threads are
/// started, and collects what each thread's pinning came to (read back from its mask).
final class _PinSlots: @unchecked Sendable {
    private let plan: Placement?
    private let outcomes = LockedValue([Int: String]())
    private var used = 0

    init(_ placement: RunPlacement) { plan = placement.plan }

    /// The pin request for the next thread (labelled `label`), or nil for an unpinned run.
    /// Called by the harness thread only, before it starts that thread.
    func next(_ label: String) -> _PinRequest? {
        guard let plan else { return nil }
        defer { used += 1 }
        return _PinRequest(label: label, cpu: plan.cpus[used], slot: used, outcomes: outcomes)
    }

    /// Waits up to 2 s for every pinned thread to report (threads pin before they wait for
    /// the start), then returns one line per thread (`consumer0.0→cpu1`, or
    /// `…→unpinned (why)`) and the plan's notes.
    func readBack() -> (lines: [String], notes: [String]) {
        let deadline = monotonicNanoseconds() + 2_000_000_000
        while outcomes.withLock({ $0.count }) < used && monotonicNanoseconds() < deadline {
            PlatformThread.sleep(nanoseconds: 1_000_000)
        }
        let reported = outcomes.withLock { $0 }
        let lines = (0..<used).map { reported[$0] ?? "thread \($0)→unknown (it did not report its pinning)" }
        return (lines, plan?.notes.map { "note: \($0)" } ?? [])
    }
}
