import Foundation

/// What the machine has: NUMA nodes, their CPUs and distances, and which CPUs are SMT siblings
/// (hyper-threads sharing a core). Read from sysfs; a missing or partial sysfs gives one node
/// holding every online CPU, each CPU its own core.
public struct Topology: Sendable, Equatable, Codable {
    public struct CPU: Sendable, Equatable, Codable {
        public var id: Int
        public var node: Int
        public var package: Int
        public var core: Int
        /// CPU ids sharing this CPU's core, itself included, sorted.
        public var siblings: [Int]
        public init(id: Int, node: Int, package: Int = 0, core: Int, siblings: [Int]) {
            self.id = id
            self.node = node
            self.package = package
            self.core = core
            self.siblings = siblings
        }
    }

    public struct Node: Sendable, Equatable, Codable {
        public var id: Int
        public var cpus: [Int]
        /// Distance to each node, by node index (10 = local, as the kernel reports).
        public var distances: [Int]
        public init(id: Int, cpus: [Int], distances: [Int]) {
            self.id = id
            self.cpus = cpus
            self.distances = distances
        }
    }

    public var cpus: [CPU]
    public var nodes: [Node]

    public init(cpus: [CPU], nodes: [Node]) {
        self.cpus = cpus.sorted { $0.id < $1.id }
        self.nodes = nodes.sorted { $0.id < $1.id }
    }

    /// True when some core runs more than one CPU.
    public var hasSMT: Bool { cpus.contains { $0.siblings.count > 1 } }

    public func cpu(_ id: Int) -> CPU? { cpus.first { $0.id == id } }

    /// Reads the topology under `root` (a sysfs tree; tests pass a fake one).
    public static func discover(sysfs root: String = "/sys") -> Topology {
        let fm = FileManager.default
        func read(_ path: String) -> String? {
            (try? String(contentsOfFile: root + path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let online = read("/devices/system/cpu/online").map(parseCPUList) ?? Array(0..<max(1, PlatformThread.availableCPUs))
        var nodes: [Node] = []
        let nodeDirs = ((try? fm.contentsOfDirectory(atPath: root + "/devices/system/node")) ?? [])
            .compactMap { $0.hasPrefix("node") ? Int($0.dropFirst(4)) : nil }.sorted()
        for n in nodeDirs {
            let cpus = read("/devices/system/node/node\(n)/cpulist").map(parseCPUList) ?? []
            let distances = read("/devices/system/node/node\(n)/distance")?.split(separator: " ").compactMap { Int($0) } ?? []
            nodes.append(Node(id: n, cpus: cpus.filter(online.contains), distances: distances))
        }
        if nodes.isEmpty { nodes = [Node(id: 0, cpus: online, distances: [10])] }
        var cpus: [CPU] = []
        for c in online {
            let base = "/devices/system/cpu/cpu\(c)/topology/"
            let node = nodes.first { $0.cpus.contains(c) }?.id ?? nodes[0].id
            let siblings = read(base + "thread_siblings_list").map(parseCPUList)?.filter(online.contains) ?? [c]
            cpus.append(CPU(id: c, node: node, package: read(base + "physical_package_id").flatMap { Int($0) } ?? 0,
                            core: read(base + "core_id").flatMap { Int($0) } ?? c, siblings: siblings.isEmpty ? [c] : siblings))
        }
        return Topology(cpus: cpus, nodes: nodes)
    }

    /// Parses the kernel's CPU list format: "0-3,8,10-11".
    public static func parseCPUList(_ text: String) -> [Int] {
        var out: [Int] = []
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            if bounds.count == 1 { out.append(bounds[0]) } else if bounds.count == 2, bounds[0] <= bounds[1] { out += Array(bounds[0]...bounds[1]) }
        }
        return out.sorted()
    }
}

/// Where threads go.
public enum PlacementPolicy: Sendable, Equatable, Codable {
    /// Fill one node's cores before the next (keeps producer and consumer close).
    case compact
    /// Round-robin over nodes (spreads memory bandwidth).
    case spread
    /// These CPUs, in order, cycling when there are more threads.
    case explicit([Int])

    /// Parses `compact`, `spread` or a CPU list like `0,2,4-6`.
    public init?(_ text: String) {
        switch text {
        case "compact": self = .compact
        case "spread": self = .spread
        default:
            let cpus = Topology.parseCPUList(text)
            guard !cpus.isEmpty, text.allSatisfy({ $0.isNumber || $0 == "," || $0 == "-" }) else { return nil }
            self = .explicit(cpus)
        }
    }
}

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
