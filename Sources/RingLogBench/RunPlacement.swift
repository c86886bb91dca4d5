import RingLog
import RingLogPlatform

/// Where a run's threads may go, decided once before any driver, ring or thread exists: the
/// CPUs the process may run on (its affinity mask, not the online CPUs) and, when the run pins,
/// the CPU planned for each thread.
public struct RunPlacement: Sendable, Equatable {
    /// The CPUs this process may run on, ascending (`Topology.availableCPUs`).
    public var available: [Int]
    /// The machine's topology restricted to `available` (what `compact` and `spread` plan over).
    public var topology: Topology
    /// With pinning: the planned CPU of each thread, consumers first, then producers. Nil when
    /// the run does not pin.
    public var plan: Placement?

    /// - Parameters:
    ///   - knobs: `pin` and `placement` are used; the placement text is parsed here (strictly,
    ///     `PlacementPolicy(parsing:)`).
    ///   - threads: producers and consumers of the run.
    ///   - available: the CPUs the process may run on (tests pass their own).
    ///   - topology: the machine (tests pass a fake one).
    /// - Throws: `PlacementError.invalid` for a placement that does not parse;
    ///   `PlacementError.unavailable` when pinning to an explicit list naming a CPU outside
    ///   `available` (the message names it and the usable CPUs).
    /// - Complexity: O(threads + CPUs); reads sysfs when `topology` is defaulted.
    public init(knobs: RingLogKnobs, threads: Int, available: [Int] = Topology.availableCPUs,
                topology: Topology = .discover()) throws(PlacementError) {
        let policy = knobs.placement
        self.available = available
        self.topology = topology.restricted(to: available)
        if knobs.pin {
            try policy.check(available: available)
            plan = Placement.plan(policy, threads: threads, topology: self.topology)
        } else {
            plan = nil
        }
    }

    /// `init(knobs:threads:available:topology:)` for `workload`'s knobs and its producer and
    /// consumer threads.
    public init(workload: Workload, available: [Int] = Topology.availableCPUs, topology: Topology = .discover()) throws(PlacementError) {
        try self.init(knobs: workload.ringlog, threads: Self.threads(of: workload), available: available, topology: topology)
    }

    /// Producer and consumer threads a run of `w` starts.
    public static func threads(of w: Workload) -> Int {
        w.topics * (w.producersPerTopic + w.subscriptionsPerTopic * w.consumerPerSubscription)
    }

    /// The CPUs the run's threads share: the planned CPUs (each once) when pinning, else
    /// `available`.
    public var usable: [Int] { plan.map { CPUList($0.cpus).cpus } ?? available }

    /// The wait strategy `choice` comes to for `threads` threads on `usable`: `auto` spins only
    /// when every thread has a usable CPU to itself.
    public func waitStrategy(_ choice: WaitChoice, threads: Int) -> WaitStrategy {
        Runner.waitStrategy(choice, threads: threads, cpus: usable.count)
    }

    /// One line for the console: which CPUs the threads could use, e.g.
    /// `cpus: 0 usable (affinity mask; 2 online)`.
    public var summary: String {
        let online = Topology.onlineCPUs.count
        let mask = "cpus: \(CPUList(available)) usable (affinity mask; \(online) online)"
        guard let plan else { return mask }
        return mask + ", pinned to \(CPUList(plan.cpus))"
    }
}
