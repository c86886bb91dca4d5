import RingLogPlatform

extension Runner {
    /// The harness thread during the run, until its end: sleeps in 50 ms steps, samples host
    /// steal at the start of the measured phase, releases paused consumers once the backlog is
    /// built (or stops growing), and prints a progress line per window.
    static func watch(_ options: RunOptions, timeline: _RunTimeline, store: WindowStore, shared: _RunShared,
                      backlog: _BacklogPlan) -> _Watched {
        let w = options.workload
        var watched = _Watched()
        var stealAtMeasureStart: Double?
        var stealSampled = false
        var lastPrint = timeline.start
        var lastGrowth = timeline.start, lastBacklog = -1
        while monotonicNanoseconds() < timeline.end {
            PlatformThread.sleep(nanoseconds: 50_000_000)
            let now = monotonicNanoseconds()
            if !stealSampled && now >= timeline.measureStart { stealSampled = true; stealAtMeasureStart = HostSteal.milliseconds() }
            if backlog.active && shared.consumersPaused {
                let queued = w.subscriptionsPerTopic * shared.sentSoFar - shared.receivedSoFar()
                if queued > lastBacklog { lastBacklog = queued; lastGrowth = now }
                watched.backlogPeak = max(watched.backlogPeak, queued)
                let stalled = now - lastGrowth > 1_000_000_000
                if queued >= backlog.target || stalled {
                    if stalled && queued < backlog.target {
                        watched.backlogNote = "backlog capped at \(queued) messages (\(queued * w.messageSize) bytes): the driver holds no more than that; the workload asked for \(backlog.target)"
                    }
                    shared.setConsumersPaused(false)
                    options.progress?("  backlog of \(queued) messages built; consumers drain it")
                }
            }
            if let progress = options.progress, now - lastPrint >= store.width {
                lastPrint = now
                let phase = now < timeline.measureStart ? "warm-up" : "measure"
                progress(String(format: "  [%@] %.0f s: received %d", phase, Double(now - timeline.start) / 1e9, shared.receivedSoFar()))
            }
        }
        if let before = stealAtMeasureStart, let after = HostSteal.milliseconds() { watched.stealMilliseconds = after - before }
        return watched
    }
}
