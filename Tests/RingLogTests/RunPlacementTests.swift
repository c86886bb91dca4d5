import Testing
import RingLog
import RingLogPlatform
import RingLogBench
import RingLogReport
import RingLogExperiments
import RingLogThroughput

@Suite("Run placement: usable CPUs decide the wait strategy; pinning is recorded as it took effect")
struct RunPlacementTests {
    /// Two single-core CPUs on one node.
    static let twoCPUs = Topology(cpus: [.init(id: 0, node: 0, core: 0, siblings: [0]), .init(id: 1, node: 0, core: 1, siblings: [1])],
                                  nodes: [.init(id: 0, cpus: [0, 1], distances: [10])])

    static func knobs(pin: Bool, placement: String = "compact", wait: WaitChoice = .auto) throws -> RingLogKnobs {
        var k = RingLogKnobs()
        k.pin = pin
        k.placement = try RingLogKnobs.placement(parsing: placement, source: "test")
        k.waitStrategy = wait
        return k
    }

    @Test("auto spins only when every thread has a CPU of the affinity mask, not of the machine")
    func autoCountsTheAffinityMask() throws {
        let masked = try RunPlacement(knobs: try Self.knobs(pin: false), threads: 2, available: [0], topology: Self.twoCPUs)
        #expect(masked.usable == [0])
        #expect(masked.waitStrategy(.auto, threads: 2) == .spinThenYield(spins: 64))
        let whole = try RunPlacement(knobs: try Self.knobs(pin: false), threads: 2, available: [0, 1], topology: Self.twoCPUs)
        #expect(whole.waitStrategy(.auto, threads: 2) == .busySpin)
        #expect(whole.waitStrategy(.yield, threads: 2) == .spinThenYield())
        #expect(masked.waitStrategy(.spin, threads: 2) == .busySpin, "an explicit choice stands")
        #expect(Runner.waitStrategy(.auto, threads: 2, cpus: 1) == .spinThenYield(spins: 64))
    }

    @Test("pinned, auto counts the placement's distinct CPUs, and compact plans over the mask only")
    func autoCountsThePlacementsCPUs() throws {
        let oneCPU = try RunPlacement(knobs: try Self.knobs(pin: true, placement: "0"), threads: 2, available: [0, 1], topology: Self.twoCPUs)
        #expect(oneCPU.plan?.cpus == [0, 0] && oneCPU.usable == [0])
        #expect(oneCPU.waitStrategy(.auto, threads: 2) == .spinThenYield(spins: 64))
        let compact = try RunPlacement(knobs: try Self.knobs(pin: true), threads: 2, available: [1], topology: Self.twoCPUs)
        #expect(compact.plan?.cpus == [1, 1])
        #expect(compact.waitStrategy(.auto, threads: 2) == .spinThenYield(spins: 64))
        let both = try RunPlacement(knobs: try Self.knobs(pin: true, placement: "0-1"), threads: 2, available: [0, 1], topology: Self.twoCPUs)
        #expect(both.waitStrategy(.auto, threads: 2) == .busySpin)
    }

    @Test("a pinned placement naming a CPU outside the mask is refused before the run; unpinned, the list is only parsed")
    func unavailableCPUIsRefusedWhenPinning() throws {
        #expect(throws: PlacementError.unavailable([99], available: [0, 1])) {
            try RunPlacement(knobs: try Self.knobs(pin: true, placement: "99"), threads: 2, available: [0, 1], topology: Self.twoCPUs)
        }
        #expect(throws: PlacementError.unavailable([1], available: [0])) {
            try RunPlacement(knobs: try Self.knobs(pin: true, placement: "0-1"), threads: 2, available: [0], topology: Self.twoCPUs)
        }
        _ = try RunPlacement(knobs: try Self.knobs(pin: false, placement: "99"), threads: 2, available: [0, 1], topology: Self.twoCPUs)
        // A list that does not parse never reaches a placement: the knob itself is refused.
        #expect(throws: WorkloadError.self) {
            try Self.knobs(pin: false, placement: "0-9223372036854775806")
        }
    }

    @Test("a placement that does not parse is refused with the reason, as the workload's field")
    func placementParsingNamesTheReason() {
        do {
            _ = try RingLogKnobs.placement(parsing: "0,1-2-3", source: "test")
            Issue.record("'0,1-2-3' accepted")
        } catch {
            #expect(error.description.contains("'1-2-3' has more than one dash"), "\(error)")
            #expect(error.description.hasPrefix("test: field 'placement' = '0,1-2-3'"), "\(error)")
        }
    }

    /// One producer and one consumer at 2,000 msg/s for 0.3 s.
    static func smallWorkload(pin: Bool, placement: String) throws -> Workload {
        var w = Workload(name: "pinning", topics: 1, partitionsPerTopic: 1, messageSize: 100,
                         subscriptionsPerTopic: 1, consumerPerSubscription: 1, producersPerTopic: 1, producerRate: 2_000)
        w.ringlog.ringCapacity = 1 << 16
        w.ringlog.pin = pin
        w.ringlog.placement = try RingLogKnobs.placement(parsing: placement, source: "test")
        return w
    }

    @Test("a run pinned to one CPU records the CPU each thread's mask read back, the usable CPUs, and yields")
    func runRecordsPinningAsItTookEffect() throws {
        let cpu = Topology.availableCPUs[0]
        let r = try Runner.run(.log, RunOptions(workload: try Self.smallWorkload(pin: true, placement: "\(cpu)"), durationSeconds: 0.3, warmupSeconds: 0))
        #expect(r.verified)
        #expect(Array(r.pinning.prefix(2)) == ["consumer0.0→cpu\(cpu)", "producer0→cpu\(cpu)"], "\(r.pinning)")
        #expect(r.waitStrategy == "spin-yield", "two threads on one CPU")
        #expect(r.availableCPUs == Topology.availableCPUs)
        let omb = OMBResult(workload: try Self.smallWorkload(pin: true, placement: "\(cpu)"), run: r)
        #expect(omb.ringlog.availableCPUs == CPUList(Topology.availableCPUs).description)
    }

    @Test("a run pinned to a CPU outside the mask throws before any thread starts")
    func runRefusesAnUnavailableCPU() throws {
        let available = Topology.availableCPUs
        let outside = try #require((0..<CPUList.limit).first { !available.contains($0) })
        #expect(throws: PlacementError.unavailable([outside], available: available)) {
            try Runner.run(.log, RunOptions(workload: try Self.smallWorkload(pin: true, placement: "\(outside)"), durationSeconds: 0.3, warmupSeconds: 0))
        }
    }
}
