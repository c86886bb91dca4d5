import Foundation
import RingLogKafkaWire
import RingLogPlatform
import RingLogServer
import Testing

/// What the stress test's threads share: a virtual clock, each delayed request's answer count,
/// and the invariant violations seen.
private final class StressLedger: @unchecked Sendable {
    let clock = Locked<Int64>(0)
    let answers = Locked<[Int]>([])
    let violations = Locked<[String]>([])
    let stableSyncs = Locked(0)

    var now: Int64 { clock.withValue { $0 } }

    /// A new request's token.
    func issue() -> Int { answers.withValue { $0.append(0); return $0.count - 1 } }

    /// Records an answer to `token`.
    func answered(_ token: Int) { answers.withValue { $0[token] += 1 } }

    func violation(_ text: String) { violations.withValue { $0.append(text) } }
}

/// One consumer thread's loop: join (both steps), sync (the leader assigns each member its own
/// ID), then heartbeats and commits, rejoining or starting over as the errors say, sometimes
/// leaving. Waits for delayed answers with a real-time bound.
private func runConsumer(_ index: Int, coordinator c: GroupCoordinator, ledger: StressLedger, rounds: Int) {
    let group = "g\(index % 2)"
    var memberId = "", generation: Int32 = -1, lastGeneration: Int32 = -1, needsJoin = true
    var random = SystemRandomNumberGenerator()
    let protocols: [JoinGroupRequest.ProtocolEntry] = [.init(name: "range", metadata: Array("c\(index)".utf8))]

    func wait<R: Sendable>(_: R.Type, _ start: (@escaping @Sendable (R) -> Void) -> Void) -> R? {
        let token = ledger.issue()
        let box = Locked<R?>(nil)
        let signal = DispatchSemaphore(value: 0)
        start { response in
            ledger.answered(token)
            box.withValue { $0 = response }
            signal.signal()
        }
        guard signal.wait(timeout: .now() + 60) == .success else {
            ledger.violation("\(group)/\(index): no answer within 60 s")
            return nil
        }
        return box.withValue { $0 }
    }

    for _ in 0..<rounds {
        if needsJoin {
            let request = JoinGroupRequest(groupId: group, sessionTimeoutMs: 2_000, rebalanceTimeoutMs: 1_000, memberId: memberId,
                                           protocolType: "consumer", protocols: protocols)
            guard let join = wait(JoinGroupResponse.self, { c.joinGroup(request, version: 5, clientId: "c\(index)", now: ledger.now, completion: $0) }) else { return }
            switch join.errorCode {
            case .memberIdRequired: memberId = join.memberId; continue
            case .unknownMemberId: memberId = ""; continue
            case .none: break
            default: continue
            }
            if join.generationId < lastGeneration { ledger.violation("\(memberId): generation \(join.generationId) after \(lastGeneration)") }
            lastGeneration = join.generationId
            generation = join.generationId
            let assignments = join.members.map { SyncGroupRequest.Assignment(memberId: $0.memberId, assignment: Array($0.memberId.utf8)) }
            let request2 = SyncGroupRequest(groupId: group, generationId: generation, memberId: memberId,
                                            assignments: join.leader == memberId ? assignments : [])
            guard let sync = wait(SyncGroupResponse.self, { c.syncGroup(request2, now: ledger.now, completion: $0) }) else { return }
            switch sync.errorCode {
            case .none:
                if sync.assignment != Array(memberId.utf8) { ledger.violation("\(memberId): got another member's assignment") }
                ledger.stableSyncs.withValue { $0 += 1 }
                needsJoin = false
            case .unknownMemberId: memberId = ""
            default: break
            }
            continue
        }
        switch c.heartbeat(HeartbeatRequest(groupId: group, generationId: generation, memberId: memberId), now: ledger.now).errorCode {
        case .none: break
        case .unknownMemberId: memberId = ""; needsJoin = true; continue
        default: needsJoin = true; continue
        }
        let commit = OffsetCommitRequest(groupId: group, generationId: generation, memberId: memberId, topics: [
            .init(name: "t", partitions: [.init(partitionIndex: Int32(index), committedOffset: Int64.random(in: 0..<1_000, using: &random))])])
        let error = c.commitOffsets(commit, now: ledger.now).topics[0].partitions[0].errorCode
        if !([.none, .rebalanceInProgress, .illegalGeneration, .unknownMemberId] as [KafkaErrorCode]).contains(error) {
            ledger.violation("\(memberId): commit got \(error)")
        }
        if Int.random(in: 0..<25, using: &random) == 0 {
            _ = c.leaveGroup(LeaveGroupRequest(groupId: group, memberId: memberId), now: ledger.now)
            memberId = ""
            needsJoin = true
        }
    }
}

@Suite("GroupCoordinator: concurrency")
struct GroupCoordinatorStressTests {
    @Test("threads joining, syncing, heartbeating, committing and leaving two groups: every delayed answer comes exactly once, generations never go back")
    func concurrentMembersKeepInvariants() {
        let coordinator = testCoordinator()
        let ledger = StressLedger()
        let consumers = 6, rounds = stressCount(2_000)
        let finished = Locked(0)
        runOnThreads(consumers + 1) { index in
            if index == consumers {
                // The clock and the server's periodic tick: 10 virtual ms per step.
                var seen = ["g0": Int32(0), "g1": Int32(0)]
                while finished.withValue({ $0 }) < consumers {
                    let now = ledger.clock.withValue { $0 += 10_000_000; return $0 }
                    coordinator.tick(now: now)
                    for (group, last) in seen {
                        let generation = coordinator.describeGroup(group)?.generationId ?? last
                        if generation < last { ledger.violation("\(group): generation \(generation) after \(last)") }
                        seen[group] = max(last, generation)
                    }
                    usleep(1_000)
                }
                return
            }
            runConsumer(index, coordinator: coordinator, ledger: ledger, rounds: rounds)
            finished.withValue { $0 += 1 }
        }
        // Every consumer got each answer it waited for (without the shut-down's help).
        #expect(ledger.answers.withValue { $0 }.allSatisfy { $0 == 1 })
        coordinator.shutDown()  // would answer whatever still waits (a consumer that gave up waiting)
        #expect(ledger.violations.withValue { $0 } == [])
        let answers = ledger.answers.withValue { $0 }
        #expect(answers.allSatisfy { $0 == 1 }, "answer counts other than 1: \(answers.enumerated().filter { $0.element != 1 }.prefix(5))")
        #expect(ledger.stableSyncs.withValue { $0 } > 0)
        #expect((coordinator.describeGroup("g0")?.generationId ?? 0) > 1)  // rebalances happened
    }
}
