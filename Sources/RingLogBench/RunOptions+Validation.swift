extension RunOptions {
    /// Checks the workload and every timing of the run against `WorkloadLimits` before
    /// anything is allocated or started.
    /// - Throws: `WorkloadError.invalidValue` naming the setting, its value and the rule.
    public func validate(source: String = "run options") throws(WorkloadError) {
        try workload.validate(source: source)
        typealias L = WorkloadLimits
        func check(_ ok: Bool, _ field: String, _ value: Double, _ rule: String) throws(WorkloadError) {
            if !ok { throw .invalidValue(source: source, field: field, value: "\(value)", rule: rule) }
        }
        try check(L.contains(L.durationSeconds, durationSeconds), "duration", durationSeconds,
                  "\(L.durationSeconds) seconds (a shorter run measures nothing)")
        try check(L.contains(L.warmupSeconds, warmupSeconds), "warmup", warmupSeconds, "\(L.warmupSeconds) seconds")
        try check(L.contains(L.windowSeconds, windowSeconds), "window", windowSeconds, "\(L.windowSeconds) seconds")
        try check(drainTimeoutSeconds.isFinite && drainTimeoutSeconds >= 0 && drainTimeoutSeconds <= L.durationSeconds.upperBound,
                  "drainTimeout", drainTimeoutSeconds, "0...\(L.durationSeconds.upperBound) seconds")
        try check(L.payloadCheckEvery.contains(payloadCheckEvery), "payloadCheckEvery", Double(payloadCheckEvery), "\(L.payloadCheckEvery)")
        if let s = slowSubscription {
            try check((0..<workload.subscriptionsPerTopic).contains(s), "slowSubscription", Double(s), "0..<\(workload.subscriptionsPerTopic)")
            try check((0...1_000_000_000).contains(slowNanosecondsPerMessage), "slowNanosecondsPerMessage", Double(slowNanosecondsPerMessage), "0...10^9 ns")
        }
    }
}
