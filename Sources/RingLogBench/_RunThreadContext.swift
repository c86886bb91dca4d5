/// What every producer and consumer thread of a run shares, and how each thread begins.
struct _RunThreadContext: Sendable {
    let timeline: _RunTimeline
    let store: WindowStore
    let shared: _RunShared
    /// Messages per produce call and per poll.
    let batch: Int
    /// Whether threads may busy-spin (each has a CPU of its own) or must yield.
    let spin: Bool
    /// Open each thread's performance counters (`RunOptions.counters`).
    let counts: Bool

    /// Pins the calling thread where the plan says, opens its counters in a counted run
    /// (`subscription` nil for a producer), and returns its window recorder. Cold: once a thread.
    func begin(pin: _PinRequest?, subscription: Int?) -> ThreadRecorder {
        pin?.apply()
        if counts { shared.perfCounters.openOnThisThread(subscription: subscription) }
        return ThreadRecorder(store: store)
    }
}
