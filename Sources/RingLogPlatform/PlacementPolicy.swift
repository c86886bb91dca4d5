/// Where threads go.
public enum PlacementPolicy: Sendable, Equatable, Codable {
    /// Fill one node's cores before the next (keeps producer and consumer close).
    case compact
    /// Round-robin over nodes (spreads memory bandwidth).
    case spread
    /// These CPUs, in order, cycling when there are more threads.
    case explicit([Int])

    /// Parses `compact`, `spread` or a CPU list like `0,2,4-6` (strictly, as `CPUList` does: the
    /// CPUs come out ascending, each once, every one below `CPUList.limit`). Never traps; the
    /// work is O(n log n) in the text's length. Pure, thread-safe.
    /// - Throws: `PlacementError.invalid` with the reason.
    public init(parsing text: String) throws(PlacementError) {
        switch text {
        case "compact": self = .compact
        case "spread": self = .spread
        default:
            do {
                self = .explicit(try CPUList(parsing: text).cpus)
            } catch {
                throw .invalid(error)
            }
        }
    }

    /// `init(parsing:)`, nil where that throws.
    public init?(_ text: String) {
        guard let policy = try? PlacementPolicy(parsing: text) else { return nil }
        self = policy
    }

    /// The CPUs this policy names that are not in `available` (empty for `compact` and
    /// `spread`, which plan over the available CPUs). O(n + m).
    public func unavailableCPUs(available: [Int]) -> [Int] {
        guard case .explicit(let cpus) = self else { return [] }
        let usable = Set(available)
        return cpus.filter { !usable.contains($0) }
    }

    /// Refuses an explicit list naming a CPU this process may not run on.
    /// - Parameter available: the CPUs the process may run on (`Topology.availableCPUs`).
    /// - Throws: `PlacementError.unavailable` naming those CPUs and the available ones.
    public func check(available: [Int]) throws(PlacementError) {
        let missing = unavailableCPUs(available: available)
        if !missing.isEmpty { throw .unavailable(missing, available: available) }
    }
}
