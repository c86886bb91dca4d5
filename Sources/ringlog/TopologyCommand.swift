import ArgumentParser
import RingLog
import RingLogPlatform

/// `ringlog topology`: what the machine has and what RingLog will do with it.
struct TopologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Print NUMA nodes, CPUs, SMT siblings, libnuma status and the placement RingLog would use.")

    @Option(parsing: .unconditional, help: "Threads to place in the example plan (default: 2, one producer and one consumer).")
    var threads = 2

    @Option(parsing: .unconditional, help: "compact, spread, or a CPU list like 0,2-3 (CPUs this process may run on, below 4096).")
    var placement = "compact"

    func validate() throws {
        guard (1...4096).contains(threads) else { throw ValidationError("--threads must be in 1...4096, got \(threads)") }
        do {
            try PlacementPolicy(parsing: placement).check(available: Topology.availableCPUs)
        } catch {
            throw ValidationError("--placement: \(error)")
        }
    }

    func run() throws {
        let machine = Topology.discover()
        let available = Topology.availableCPUs
        let t = machine.restricted(to: available)
        let cores = Set(machine.cpus.map { "\($0.package)/\($0.core)" }).count
        print("CPUs: \(machine.cpus.count) online, \(cores) cores, SMT \(machine.hasSMT ? "on" : "off"), \(machine.nodes.count) NUMA node(s)")
        print("  this process may run on: cpus \(CPUList(available)) (\(available.count) of \(machine.cpus.count); its affinity mask)")
        for n in machine.nodes {
            print("  node \(n.id): cpus \(n.cpus.map(String.init).joined(separator: ",")); distances \(n.distances.map(String.init).joined(separator: " "))")
        }
        for c in machine.cpus where c.siblings.count > 1 && c.siblings.first == c.id {
            print("  core \(c.package)/\(c.core): SMT siblings \(c.siblings.map(String.init).joined(separator: ","))")
        }
        let numa = NUMA.status
        print("libnuma: \(numa.description)")
        let free = MirroredMemory.freeHugePages, total = MirroredMemory.totalHugePages
        let pool = (total ?? 0) > 0
            ? "\(free ?? 0) of \(total ?? 0) free: rings of a multiple of 2 MiB go on them (harness default --huge-pages preferred)"
            : "empty: rings use 4 KiB pages (reserve some with `sudo sysctl -w vm.nr_hugepages=64`)"
        print("huge pages: 2 MiB hugetlb pool \(pool)")
        print("  transparent: anonymous \(Self.thp("enabled")); shmem (fallback rings) \(Self.thp("shmem_enabled"))")
        let plan = Placement.plan(PlacementPolicy(placement)!, threads: threads, topology: t)
        print("placement '\(placement)' for \(threads) thread(s): consumers first, then producers → cpus \(plan.cpus.map(String.init).joined(separator: ","))")
        for note in plan.notes { print("  note: \(note)") }
        let first = plan.cpus.first.flatMap { t.cpu($0) }?.node ?? 0
        print("partition rings: bound to the node of their consumer (here node \(first))\(numa.available ? "" : " — not bound: " + numa.description)")
        let planned = CPUList(plan.cpus).cpus.count
        print("wait strategy (auto), pinned as above: \(threads <= planned ? "busy-spin (every thread has a CPU)" : "spin-then-yield (\(threads) threads on \(planned) CPUs)")")
        print("wait strategy (auto), unpinned: \(threads <= available.count ? "busy-spin (every thread has a usable CPU)" : "spin-then-yield (\(threads) threads on \(available.count) usable CPUs)")")
    }

    static func thp(_ file: String) -> String {
        let text = (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/\(file)", encoding: .utf8)) ?? ""
        guard let open = text.firstIndex(of: "["), let close = text.firstIndex(of: "]") else { return "unknown (no sysfs entry)" }
        let mode = String(text[text.index(after: open)..<close])
        return mode == "never" ? "never (4 KiB pages; an administrator can enable it in /sys/kernel/mm/transparent_hugepage/\(file))" : mode
    }
}
