/// OMB's backlog workloads: consumers wait until `consumerBacklogSizeGB` is queued up, then
/// drain it while producers go on; the run lasts until the backlog is drained.
struct _BacklogPlan: Sendable {
    let active: Bool
    /// Messages the backlog must reach before consumers start.
    let target: Int

    init(workload w: Workload) {
        active = w.consumerBacklogSizeGB > 0
        target = Int(w.consumerBacklogSizeGB * 1e9) / w.messageSize
    }
}
