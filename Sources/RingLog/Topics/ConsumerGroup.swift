import Synchronization
import RingLogPlatform

/// A named consumer group: its members, their partition assignment and the committed offset
/// of every partition it has read (Kafka's group coordinator, in process).
///
/// Groups are independent: each has its own offsets and sees every record.
/// Membership, assignment and commits are cold paths behind one lock; consumers find out about
/// a rebalance from one acquire load of `generation` per poll.
///
/// Rebalance protocol (eager, as Kafka's classic protocol): a join, a leave or a partition
/// count change computes a new target assignment and bumps the generation. At its next poll a
/// member gives up the partitions it no longer has (committing first when auto-commit is on)
/// and takes the ones it gained, but only once their previous owner has given them up, so a
/// partition never has two owners and every new owner starts at the committed offset.
/// A revoked partition's reader is parked in the group and handed to the next owner, so in
/// `block` retention the group keeps holding back producers during the hand-over (no record
/// it has not committed is overwritten in between). When the last member leaves, the parked
/// readers close and the group stops holding back producers.
public final class ConsumerGroup: @unchecked Sendable {
    public let name: String
    public let strategy: AssignmentStrategy

    @usableFromInline let _generation = Atomic<UInt64>(0)

    struct State {
        var subscriptions: [String: [Topic]] = [:]
        var target: [String: [TopicPartition]] = [:]
        var owners: [TopicPartition: String] = [:]
        var committed: [TopicPartition: Int64] = [:]
        /// Readers of revoked partitions waiting for their next owner.
        var parked: [TopicPartition: PartitionReader] = [:]
        var nextMember = 0
    }
    let state = LockedValue(State())

    init(name: String, strategy: AssignmentStrategy) {
        self.name = name
        self.strategy = strategy
    }

    /// Bumped on every assignment change and partition hand-over.
    @inlinable public var generation: UInt64 {
        // acquiring: pairs with the releasing bump; the state written under the lock before it is visible.
        _generation.load(ordering: .acquiring)
    }

    /// The member ids, sorted.
    public var members: [String] { state.withLock { $0.subscriptions.keys.sorted() } }

    /// The target assignment (member id → partitions). A member with an empty list idles: the
    /// group has more members than partitions.
    public var assignment: [String: [TopicPartition]] { state.withLock { $0.target } }

    /// The committed offset of `partition`: the next offset the group will read there.
    public func committedOffset(_ partition: TopicPartition) -> Int64? {
        state.withLock { $0.committed[partition] }
    }

    /// All committed offsets.
    public var committedOffsets: [TopicPartition: Int64] { state.withLock { $0.committed } }

    /// Records of `partition` not yet committed by the group: high watermark − committed offset
    /// (or the whole retained log when nothing is committed).
    public func lag(_ partition: TopicPartition, in topic: Topic) throws(RingLogError) -> Int64 {
        let hw = try topic.highWatermark(partition: partition.partition)
        let start = try topic.logStartOffset(partition: partition.partition)
        return hw - Swift.max(committedOffset(partition) ?? start, start)
    }

    // MARK: Membership (cold path)

    func _join(memberID: String?, topics: [Topic]) throws(RingLogError) -> String {
        try state.withLock { (s: inout State) throws(RingLogError) -> String in
            var id: String
            if let memberID {
                guard !memberID.isEmpty else { throw .invalidConfiguration("member id must not be empty") }
                guard s.subscriptions[memberID] == nil else {
                    throw .invalidConfiguration("group '\(name)' already has a member '\(memberID)'")
                }
                id = memberID
            } else {
                repeat {
                    id = "consumer-" + String(s.nextMember).leftPadded(to: 6)
                    s.nextMember += 1
                } while s.subscriptions[id] != nil
            }
            s.subscriptions[id] = topics
            _rebalance(&s)
            return id
        }
    }

    /// Removes a member that has already parked its readers. Caller holds the lock.
    func _leave(memberID: String, _ s: inout State) {
        s.subscriptions[memberID] = nil
        for (tp, owner) in s.owners where owner == memberID { s.owners[tp] = nil }
        _rebalance(&s)
    }

    /// A topic gained partitions: reassign if anyone reads it.
    func _topicChanged(_ topic: String) {
        state.withLock { s in
            if s.subscriptions.values.contains(where: { $0.contains { $0.name == topic } }) { _rebalance(&s) }
        }
    }

    /// Recomputes the target assignment and bumps the generation. Caller holds the lock.
    func _rebalance(_ s: inout State) {
        var subs: [String: Set<String>] = [:]
        var counts: [String: Int] = [:]
        for (member, topics) in s.subscriptions {
            subs[member] = Set(topics.map(\.name))
            for t in topics { counts[t.name] = t.partitionCount }
        }
        s.target = strategy.assign(subscriptions: subs, partitionCounts: counts)
        // A parked reader nobody will take over stops holding back producers.
        let wanted = Set(s.target.values.flatMap { $0 })
        for (tp, reader) in s.parked where !wanted.contains(tp) {
            reader.close()
            s.parked[tp] = nil
        }
        _bump()
    }

    /// releasing: consumers that see the new generation see the state changed before it.
    func _bump() { _generation.wrappingAdd(1, ordering: .releasing) }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
