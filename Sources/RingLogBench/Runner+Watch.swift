import RingLogPlatform

extension Runner {
    /// The harness thread during the run, until its end: sleeps in 50 ms steps, samples host
    /// steal at the start of the measured phase, releases paused consumers once the backlog is
    /// built (or stops growing), prints a progress line per window, and enables the threads'
    /// performance counters for exactly the measured phase when the run counts them.
    static func watch(_ options: RunOptions, timeline: _RunTimeline, store: WindowStore, shared: _RunShared,
                      backlog: _BacklogPlan) -> _Watched {
        let w = options.workload
        var watched = _Watched()
        var stealAtMeasureStart: Double?
        var stealSampled = false
        var lastPrint = timeline.start
        var lastGrowth = timeline.start, lastBacklog = -1
        var receivedAtMeasureStart: [Int] = []
        while monotonicNanoseconds() < timeline.end {
            // Counted runs wake exactly at the start of the measured phase to switch the counters on.
            let untilMeasure = timeline.measureStart - monotonicNanoseconds()
            let step: Int64 = options.counters && !stealSampled && untilMeasure > 0 ? min(50_000_000, untilMeasure) : 50_000_000
            PlatformThread.sleep(nanoseconds: min(step, max(0, timeline.end - monotonicNanoseconds())))
            let now = monotonicNanoseconds()
            if !stealSampled && now >= timeline.measureStart {
                stealSampled = true
                stealAtMeasureStart = HostSteal.milliseconds()
                if options.counters {
                    shared.perfCounters.enableAll()
                    receivedAtMeasureStart = shared.receivedPerSubscription()
                }
            }
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
        if options.counters {
            shared.perfCounters.disableAll()
            let atEnd = shared.receivedPerSubscription()
            watched.countedReceived = receivedAtMeasureStart.isEmpty ? [] : zip(atEnd, receivedAtMeasureStart).map { $0 - $1 }
        }
        if let before = stealAtMeasureStart, let after = HostSteal.milliseconds() { watched.stealMilliseconds = after - before }
        return watched
    }
}
