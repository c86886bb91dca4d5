import RingLogPlatform

/// An in-process broker: named topics of partition logs, and the consumer groups reading them.
///
/// Creating topics and groups, adding partitions and running retention are cold paths behind
/// a lock; producing and consuming never take it.
/// Thread-safety: every member may be called from any thread.
public final class EventLog: Sendable {
    private struct State {
        var topics: [String: Topic] = [:]
        var nextTopicID = 0
        var groups: [String: ConsumerGroup] = [:]
    }
    private let state = LockedValue(State())

    public init() {}

    /// Creates a topic. Names follow Kafka's rules: 1–249 characters from `[a-zA-Z0-9._-]`,
    /// not `.` or `..`.
    /// - Throws: `.invalidConfiguration` for a bad name or configuration, `.topicExists`, or
    ///   what creating a partition throws (`.invalidCapacity`); nothing is created then.
    /// - Complexity: allocates and (by default) prefaults every partition's ring.
    @discardableResult
    public func createTopic(_ name: String, configuration: TopicConfiguration = .init()) throws(RingLogError) -> Topic {
        try Self.validateTopicName(name)
        return try state.withLock { (s: inout State) throws(RingLogError) -> Topic in
            if s.topics[name] != nil { throw .topicExists(name) }
            let topic = try Topic(name: name, id: s.nextTopicID, configuration: configuration)
            s.nextTopicID += 1
            s.topics[name] = topic
            return topic
        }
    }

    /// The topic called `name`. - Throws: `.unknownTopic`.
    public func topic(_ name: String) throws(RingLogError) -> Topic {
        guard let t = state.withLock({ $0.topics[name] }) else { throw .unknownTopic(name) }
        return t
    }

    /// Names of all topics, sorted.
    public var topicNames: [String] { state.withLock { $0.topics.keys.sorted() } }

    /// Grows `topic` to `totalCount` partitions (Kafka's `createPartitions`). Existing records do
    /// not move; groups subscribed to the topic rebalance onto the new partitions.
    /// - Throws: `.unknownTopic`, `.invalidConfiguration` when `totalCount` is not larger.
    public func createPartitions(topic name: String, totalCount: Int) throws(RingLogError) {
        let t = try topic(name)
        try t._grow(to: totalCount)
        for group in state.withLock({ Array($0.groups.values) }) { group._topicChanged(name) }
    }

    /// Runs time retention (Kafka's log cleaner with `retention.ms`) on every topic that has it:
    /// records older than `now − retention` are no longer served. Call it periodically; consumers
    /// also call it on their topics about once a second.
    public func enforceRetention(now: Int64 = wallClockNanoseconds()) {
        for t in state.withLock({ Array($0.topics.values) }) { t._enforceRetention(now: now) }
    }

    /// The group called `name`, created on first use with `strategy`.
    /// - Throws: `.invalidConfiguration` when the group exists with another assignment strategy
    ///   (Kafka's inconsistent group protocol).
    public func group(_ name: String, strategy: AssignmentStrategy = .range) throws(RingLogError) -> ConsumerGroup {
        guard !name.isEmpty else { throw .invalidConfiguration("group name must not be empty") }
        let g = state.withLock { s in
            if let g = s.groups[name] { return g }
            let g = ConsumerGroup(name: name, strategy: strategy)
            s.groups[name] = g
            return g
        }
        guard g.strategy == strategy else {
            throw .invalidConfiguration("group '\(name)' uses the \(g.strategy) assignor, not \(strategy)")
        }
        return g
    }

    /// Names of all groups, sorted.
    public var groupNames: [String] { state.withLock { $0.groups.keys.sorted() } }

    /// A producer for this log. Each producer is used by one thread at a time; make one per
    /// producing thread (they share nothing, so they scale).
    public func makeProducer(nullKeys: NullKeyPartitioning = .sticky()) -> Producer {
        Producer(eventLog: self, nullKeys: nullKeys)
    }

    /// Joins group `group` as a new member subscribed to `topics`, which triggers a rebalance,
    /// and takes the partitions assigned to it that no other member holds (positioned at the
    /// group's committed offsets, or per `auto.offset.reset`).
    /// - Parameters:
    ///   - group: the group's name (made on first use).
    ///   - topics: the topics to read (at least one; each must exist).
    ///   - configuration: offsets reset, auto-commit, poll size, assignment strategy.
    ///   - memberID: the member id (consumers are ordered by id for assignment, as
    ///     Kafka); nil picks the next `consumer-NNNNNN` of the group.
    /// - Throws: `.unknownTopic`, `.invalidConfiguration` (empty topic list, duplicate member id,
    ///   assignor mismatch).
    public func makeConsumer(
        group: String, topics: [String], configuration: ConsumerConfiguration = .init(), memberID: String? = nil
    ) throws(RingLogError) -> Consumer {
        guard !topics.isEmpty else { throw .invalidConfiguration("a consumer must subscribe to at least one topic") }
        try configuration.validate()
        var resolved: [Topic] = []
        for name in Set(topics).sorted() { resolved.append(try topic(name)) }
        let g = try self.group(group, strategy: configuration.assignmentStrategy)
        let id = try g._join(memberID: memberID, topics: resolved)
        let consumer = Consumer(group: g, memberID: id, topics: resolved, configuration: configuration)
        // Take the partitions now (not at the first poll), so in `block` retention the group
        // holds back producers from the moment it joins: nothing it has not read is overwritten.
        try consumer._sync()
        return consumer
    }

    /// Closes every topic: appends fail with `.closed`.
    public func close() {
        for t in state.withLock({ Array($0.topics.values) }) { t.close() }
    }

    static func validateTopicName(_ name: String) throws(RingLogError) {
        guard !name.isEmpty, name.utf8.count <= 249 else {
            throw .invalidConfiguration("topic name must have 1 to 249 characters, got \(name.utf8.count)")
        }
        guard name != "." && name != ".." else { throw .invalidConfiguration("topic name cannot be '\(name)'") }
        for c in name.utf8 {
            let ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
                || c == 0x2e || c == 0x5f || c == 0x2d
            guard ok else {
                throw .invalidConfiguration("topic name '\(name)' has a character outside [a-zA-Z0-9._-]")
            }
        }
    }
}
