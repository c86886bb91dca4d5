/// Why a placement cannot be used.
public enum PlacementError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Neither `compact`, `spread` nor a valid CPU list.
    case invalid(CPUListError)
    /// The list names CPUs outside the process's affinity mask.
    case unavailable([Int], available: [Int])

    public var description: String {
        switch self {
        case .invalid(let error):
            return "placement must be compact, spread or a CPU list like 0,2-3: \(error)"
        case .unavailable(let cpus, let available):
            let names = cpus.count == 1 ? "CPU \(cpus[0])" : "CPUs \(CPUList(cpus))"
            return "placement names \(names), which this process may not run on (usable CPUs: \(CPUList(available)))"
        }
    }
}
