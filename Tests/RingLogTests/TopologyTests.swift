import Testing
import Foundation
import RingLog
import RingLogPlatform

@Suite("Topology, placement, NUMA and pinning")
struct TopologyTests {
    /// Writes a fake sysfs: `nodes` nodes of `coresPerNode` cores, `smt` CPUs per core, CPUs
    /// numbered like Linux does (first siblings of all cores first).
    static func fakeSysfs(nodes: Int, coresPerNode: Int, smt: Int) throws -> String {
        let root = NSTemporaryDirectory() + "ringlog-sysfs-\(UUID().uuidString)"
        let fm = FileManager.default
        let cores = nodes * coresPerNode
        let total = cores * smt
        func write(_ path: String, _ text: String) throws {
            try fm.createDirectory(atPath: (root + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: root + path, atomically: true, encoding: .utf8)
        }
        try write("/devices/system/cpu/online", "0-\(total - 1)\n")
        for n in 0..<nodes {
            var cpus: [Int] = []
            for c in 0..<coresPerNode { for t in 0..<smt { cpus.append(t * cores + n * coresPerNode + c) } }
            try write("/devices/system/node/node\(n)/cpulist", cpus.sorted().map(String.init).joined(separator: ","))
            try write("/devices/system/node/node\(n)/distance", (0..<nodes).map { $0 == n ? "10" : "21" }.joined(separator: " "))
        }
        for cpu in 0..<total {
            let core = cpu % cores
            let siblings = (0..<smt).map { $0 * cores + core }
            try write("/devices/system/cpu/cpu\(cpu)/topology/core_id", "\(core % coresPerNode)")
            try write("/devices/system/cpu/cpu\(cpu)/topology/physical_package_id", "\(core / coresPerNode)")
            try write("/devices/system/cpu/cpu\(cpu)/topology/thread_siblings_list", siblings.map(String.init).joined(separator: ","))
        }
        return root
    }

    @Test("CPU lists parse as the kernel writes them")
    func cpuListsParse() {
        #expect(Topology.parseCPUList("0-3,8,10-11") == [0, 1, 2, 3, 8, 10, 11])
        #expect(Topology.parseCPUList("5") == [5])
        #expect(Topology.parseCPUList("") == [])
    }

    @Test("mock topologies with 1, 2 and 4 nodes, SMT on and off, are read back", arguments: [(1, false), (1, true), (2, false), (2, true), (4, false), (4, true)])
    func mockTopologiesParse(nodes: Int, smt: Bool) throws {
        let root = try Self.fakeSysfs(nodes: nodes, coresPerNode: 4, smt: smt ? 2 : 1)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let t = Topology.discover(sysfs: root)
        #expect(t.nodes.count == nodes)
        #expect(t.cpus.count == nodes * 4 * (smt ? 2 : 1))
        #expect(t.hasSMT == smt)
        #expect(t.nodes.allSatisfy { $0.cpus.count == 4 * (smt ? 2 : 1) && $0.distances.count == nodes })
        #expect(t.nodes.allSatisfy { n in n.distances[n.id] == 10 })
        if smt { #expect(t.cpu(0)!.siblings == [0, nodes * 4]) }
    }

    @Test("compact fills a node's cores first; spread alternates nodes; SMT siblings come last")
    func placementPolicies() throws {
        let root = try Self.fakeSysfs(nodes: 2, coresPerNode: 2, smt: 2)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let t = Topology.discover(sysfs: root)
        // cores: node0 = cpus {0,4} {1,5}; node1 = {2,6} {3,7}
        #expect(Placement.plan(.compact, threads: 4, topology: t).cpus == [0, 1, 4, 5])
        #expect(Placement.plan(.spread, threads: 4, topology: t).cpus == [0, 2, 1, 3])
        #expect(Placement.plan(.compact, threads: 2, topology: t, useSMT: true).cpus == [0, 1])
        let crowded = Placement.plan(.spread, threads: 10, topology: t)
        #expect(crowded.cpus.count == 10 && !crowded.notes.isEmpty)
        #expect(Placement.plan(.explicit([3, 1]), threads: 3, topology: t).cpus == [3, 1, 3])
        #expect(PlacementPolicy("0,2-3") == .explicit([0, 2, 3]))
        #expect(PlacementPolicy("compact") == .compact && PlacementPolicy("nonsense") == nil)
        let noSMT = Topology.discover(sysfs: try Self.fakeSysfs(nodes: 1, coresPerNode: 4, smt: 1))
        #expect(Placement.plan(.compact, threads: 2, topology: noSMT).cpus == [0, 1])
    }

    @Test("without libnuma the NUMA layer falls back and says so; binding to a missing node does nothing")
    func numaFallsBack() throws {
        let missing = NUMA.probe(library: "libnuma-missing-for-test.so.9")
        #expect(!missing.libraryLoaded && !missing.available && missing.description.contains("not found"))
        let here = NUMA.status
        #expect(here.configuredNodes >= 1)
        let log = try PartitionLog(.init(capacity: 1 << 16, numaNode: 4095))
        #expect(!log.numaBound, "no node 4095: plain memory")
        let local = try PartitionLog(.init(capacity: 1 << 16, numaNode: 0))
        #expect(local.numaBound == here.available)
        try local.append(value: [1, 2, 3])
        #expect(local.highWatermark == 1)
        #expect(throws: RingLogError.invalidConfiguration("numaNode -1 must not be negative")) { try PartitionLog(.init(numaNode: -1)) }
    }

    @Test("available CPUs are the affinity mask: non-empty, ascending, a subset of the online CPUs")
    func availableCPUsAreASubsetOfOnline() {
        let available = Topology.availableCPUs
        let online = Topology.onlineCPUs
        #expect(!available.isEmpty)
        #expect(available == CPUList(available).cpus, "ascending, each once")
        #expect(Set(available).isSubset(of: online), "available \(available), online \(online)")
        #expect(PlatformThread.availableCPUs == available.count)
        #expect(Set(ThreadAffinity.currentThreadCPUs).isSubset(of: online))
    }

    @Test("a placement naming a CPU the process may not run on is refused, naming it and the usable CPUs")
    func unavailablePlacementIsRefused() throws {
        let policy = try PlacementPolicy(parsing: "1,5-6")
        #expect(throws: PlacementError.unavailable([5, 6], available: [0, 1])) { try policy.check(available: [0, 1]) }
        do {
            try PlacementPolicy(parsing: "99").check(available: [0, 1])
            Issue.record("cpu 99 accepted on CPUs 0-1")
        } catch {
            #expect(error.description == "placement names CPU 99, which this process may not run on (usable CPUs: 0-1)")
        }
        try policy.check(available: [0, 1, 5, 6])
        try PlacementPolicy.compact.check(available: [3])
        // On this machine: the first CPU outside the mask.
        let available = Topology.availableCPUs
        if let outside = (0..<CPUList.limit).first(where: { !available.contains($0) }) {
            #expect(throws: PlacementError.unavailable([outside], available: available)) {
                try PlacementPolicy(parsing: "\(outside)").check(available: Topology.availableCPUs)
            }
        }
    }

    @Test("a topology restricted to the available CPUs plans compact and spread over those only")
    func restrictedTopologyPlansOverAvailableCPUs() throws {
        let root = try Self.fakeSysfs(nodes: 2, coresPerNode: 2, smt: 2)
        defer { try? FileManager.default.removeItem(atPath: root) }
        // cores: node0 = cpus {0,4} {1,5}; node1 = {2,6} {3,7}
        let t = Topology.discover(sysfs: root).restricted(to: [1, 3, 4, 7])
        #expect(t.cpus.map(\.id) == [1, 3, 4, 7])
        #expect(t.nodes.map(\.cpus) == [[1, 4], [3, 7]])
        #expect(t.cpu(3)!.siblings == [3, 7] && t.cpu(1)!.siblings == [1])
        #expect(Placement.plan(.compact, threads: 4, topology: t).cpus == [1, 4, 3, 7])
        #expect(Placement.plan(.spread, threads: 2, topology: t).cpus == [1, 3])
        let single = Topology.discover(sysfs: root).restricted(to: [6])
        let crowded = Placement.plan(.compact, threads: 2, topology: single)
        #expect(crowded.cpus == [6, 6] && !crowded.notes.isEmpty)
    }

    @Test("a confirmed pin reports the CPU the thread's mask reads back, or the refusal")
    func confirmedPinReadsTheMaskBack() {
        let cpu = Topology.availableCPUs.last!
        let outcomes = LockedValue([String]())
        let t = PlatformThread {
            switch ThreadAffinity.pinCurrentThreadConfirmed(to: cpu) {
            case .success(let c): outcomes.withLock { $0.append("cpu\(c) mask \(ThreadAffinity.currentThreadCPUs)") }
            case .failure(let e): outcomes.withLock { $0.append("failed: \(e)") }
            }
            switch ThreadAffinity.pinCurrentThreadConfirmed(to: 100_000) {
            case .success(let c): outcomes.withLock { $0.append("cpu\(c)") }
            case .failure(let e): outcomes.withLock { $0.append("failed: \(e)") }
            }
            outcomes.withLock { $0.append("mask \(ThreadAffinity.currentThreadCPUs)") }
        }
        t.join()
        let seen = outcomes.withLock { $0 }
        #expect(seen.count == 3)
        #expect(seen.first == "cpu\(cpu) mask [\(cpu)]")
        #expect(seen.dropFirst().first?.hasPrefix("failed: pthread_setaffinity_np(cpu 100000)") == true)
        #expect(seen.last == "mask [\(cpu)]", "a refused pin leaves the mask as it was")
    }

    @Test("a pinned thread runs on its CPU")
    func pinnedThreadRunsOnItsCPU() {
        let cpus = Topology.availableCPUs
        for cpu in [cpus.first!, cpus.last!] {
            let seen = LockedValue([Int?]())
            let t = PlatformThread(pinnedTo: cpu) {
                for _ in 0..<100 { seen.withLock { $0.append(ThreadAffinity.currentCPU) } }
            }
            t.join()
            #expect(seen.withLock { $0 }.allSatisfy { $0 == cpu }, "pinned to \(cpu)")
        }
    }
}
