/// How a consumer group spreads partitions over its members (Kafka's
/// `partition.assignment.strategy`).
public enum AssignmentStrategy: String, Sendable, CaseIterable {
    /// Kafka's `RangeAssignor` (its default): per topic, the partitions in numeric order are cut
    /// into contiguous ranges over the members subscribed to that topic, sorted by member id;
    /// the first `partitions % members` members get one extra.
    case range
    /// Kafka's `RoundRobinAssignor`: all subscribed partitions, sorted by topic then partition,
    /// dealt one at a time to the members sorted by id, skipping members not subscribed to the
    /// partition's topic.
    case roundRobin

    /// The assignment of `partitionCounts` (topic → partitions) to `subscriptions`
    /// (member id → subscribed topics). Every member appears in the result, possibly with no
    /// partitions (a member beyond the partition count idles, as in Kafka).
    /// - Complexity: O(members × log members + partitions).
    public func assign(subscriptions: [String: Set<String>], partitionCounts: [String: Int]) -> [String: [TopicPartition]] {
        var result: [String: [TopicPartition]] = [:]
        for member in subscriptions.keys { result[member] = [] }
        let members = subscriptions.keys.sorted()
        let topics = Set(subscriptions.values.flatMap { $0 }).sorted()
        switch self {
        case .range:
            for topic in topics {
                let subscribed = members.filter { subscriptions[$0]!.contains(topic) }
                let count = partitionCounts[topic] ?? 0
                guard !subscribed.isEmpty, count > 0 else { continue }
                let each = count / subscribed.count
                let extra = count % subscribed.count
                var next = 0
                for (i, member) in subscribed.enumerated() {
                    let n = each + (i < extra ? 1 : 0)
                    for p in next..<(next + n) { result[member]!.append(TopicPartition(topic, p)) }
                    next += n
                }
            }
        case .roundRobin:
            guard !members.isEmpty else { return result }
            var cursor = 0
            for topic in topics {
                for p in 0..<(partitionCounts[topic] ?? 0) {
                    // Next member (circularly) subscribed to this topic; one exists by construction.
                    while !subscriptions[members[cursor % members.count]]!.contains(topic) { cursor += 1 }
                    result[members[cursor % members.count]]!.append(TopicPartition(topic, p))
                    cursor += 1
                }
            }
        }
        return result
    }
}
