import Foundation
import _RingLogCShims

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
        let listed = read("/devices/system/cpu/online").map(parseCPUList) ?? []
        let online = listed.isEmpty ? Array(0..<Self.configuredOnlineCount) : listed
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

    /// Parses the kernel's CPU list format, "0-3,8,10-11", strictly (`CPUList`): ascending ids,
    /// each once; empty when the text is not such a list.
    public static func parseCPUList(_ text: String) -> [Int] {
        (try? CPUList(parsing: text))?.cpus ?? []
    }

    /// The CPUs online: `/sys/devices/system/cpu/online`, else `0 ..< sysconf(_SC_NPROCESSORS_ONLN)`.
    /// Reads a file on each call; thread-safe.
    public static var onlineCPUs: [Int] {
        let text = (try? String(contentsOfFile: "/sys/devices/system/cpu/online", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let listed = text.map(parseCPUList) ?? []
        return listed.isEmpty ? Array(0..<configuredOnlineCount) : listed
    }

    static var configuredOnlineCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The CPUs this process may run on, ascending: its affinity mask (`sched_getaffinity` of the
    /// main thread, the mask `taskset -c` and cpuset limits set), which may be fewer than the
    /// online CPUs. Decisions such as "does every thread have a CPU of its own" count these.
    /// Where the mask cannot be read, the online CPUs. One system call per use, O(limit);
    /// thread-safe, and unaffected by the calling thread's own pinning.
    public static var availableCPUs: [Int] {
        var ids = [Int32](repeating: 0, count: CPUList.limit)
        let n = ids.withUnsafeMutableBufferPointer { ringlog_available_cpus($0.baseAddress, Int32($0.count)) }
        guard n > 0 else { return onlineCPUs }
        return ids.prefix(Int(min(n, Int32(ids.count)))).map(Int.init)
    }

    /// This topology with only `allowed` CPUs (a process's available CPUs): nodes keep their ids
    /// and distances, SMT siblings outside `allowed` are dropped. Where none of `allowed` is in
    /// the topology, the topology unchanged. O(cpus + allowed).
    public func restricted(to allowed: [Int]) -> Topology {
        let keep = Set(allowed)
        let cpus = self.cpus.filter { keep.contains($0.id) }
        guard !cpus.isEmpty else { return self }
        return Topology(
            cpus: cpus.map { c in
                var c = c
                c.siblings = c.siblings.filter(keep.contains)
                if c.siblings.isEmpty { c.siblings = [c.id] }
                return c
            },
            nodes: nodes.map { n in Node(id: n.id, cpus: n.cpus.filter(keep.contains), distances: n.distances) })
    }
}
