import Foundation
import _RingLogCShims

/// The CPU each of `threads` threads gets under a policy.
public struct Placement: Sendable, Equatable {
    public var cpus: [Int]
    /// Notes on what could not be honoured (too few cores, SMT siblings shared).
    public var notes: [String]

    /// - Parameter useSMT: false (default) gives each thread its own core while cores last and
    ///   only then uses SMT siblings; true takes CPUs in order, siblings included.
    public static func plan(_ policy: PlacementPolicy, threads: Int, topology: Topology, useSMT: Bool = false) -> Placement {
        var notes: [String] = []
        // One CPU per core first (in CPU order), then the cores' other SMT siblings.
        func order(_ cpus: [Int]) -> [Int] {
            if useSMT { return cpus }
            var seen = Set<String>(), firsts: [Int] = [], rest: [Int] = []
            for c in cpus {
                let info = topology.cpu(c)
                let core = info.map { "\($0.package)/\($0.core)" } ?? "cpu\(c)"
                if seen.insert(core).inserted { firsts.append(c) } else { rest.append(c) }
            }
            return firsts + rest
        }
        var sequence: [Int]
        switch policy {
        case .explicit(let list):
            sequence = list
        case .compact:
            sequence = topology.nodes.flatMap { order($0.cpus) }
        case .spread:
            let perNode = topology.nodes.map { order($0.cpus) }
            sequence = []
            var i = 0
            while sequence.count < perNode.reduce(0, { $0 + $1.count }) {
                for list in perNode where i < list.count { sequence.append(list[i]) }
                i += 1
            }
        }
        if sequence.isEmpty { sequence = topology.cpus.map(\.id) }
        let cores = Set(topology.cpus.map { "\($0.package)/\($0.core)" }).count
        if threads > sequence.count {
            notes.append("\(threads) threads on \(sequence.count) CPUs: CPUs are shared (threads will yield, not spin)")
        } else if !useSMT && threads > cores && topology.hasSMT {
            notes.append("\(threads) threads on \(cores) cores: SMT siblings are used")
        }
        return Placement(cpus: (0..<threads).map { sequence[$0 % sequence.count] }, notes: notes)
    }
}
