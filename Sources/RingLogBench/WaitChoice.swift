/// How a run's threads wait when there is nothing to do, as a workload or `--wait` names it;
/// `Runner.waitStrategy` turns it into the engine's `WaitStrategy` for the CPUs at hand.
public enum WaitChoice: String, Sendable, CaseIterable, Equatable {
    /// Spin when every thread has a CPU of its own, else spin briefly and yield.
    case auto
    /// Always busy-spin.
    case spin
    /// Spin, then yield the CPU.
    case yield
    /// Spin, then park on a futex.
    case park
}
