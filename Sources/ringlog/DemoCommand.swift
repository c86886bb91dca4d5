import ArgumentParser
import RingLog

/// The seed's order-service example, rebuilt on RingLog: an order service publishes
/// ORDER_CREATED events keyed by user id to an `orders` topic of 3 partitions; inventory and
/// notification services are independent consumer groups; an analytics group joins late and
/// replays the history; each user's events stay in order because they share a partition.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "The order-service example: keyed events, independent consumer groups, replay, per-key order.")

    @Option(parsing: .unconditional, help: "Orders the order service creates.")
    var orders = 9

    @Option(parsing: .unconditional, help: "Distinct users (the partition key).")
    var users = 3

    func validate() throws {
        guard (1...10_000).contains(orders) else { throw ValidationError("--orders must be in 1...10000, got \(orders)") }
        guard (1...1_000).contains(users) else { throw ValidationError("--users must be in 1...1000, got \(users)") }
    }

    struct Order {
        let id: String
        let userID: String
        let item: String
        let total: Double
    }

    func run() throws {
        let kafka = EventLog()
        let topic = try kafka.createTopic("orders", configuration: TopicConfiguration(
            partitions: 3, partition: PartitionConfiguration(capacity: 1 << 20, producerMode: .multi, checksums: true)))
        print("topic 'orders': 3 partitions, key = user id, Kafka's murmur2 partitioner\n")

        // Consumers that exist before the orders are created (auto.offset.reset = earliest so
        // they also see what was published before their first poll, as the seed's services do).
        let cfg = ConsumerConfiguration(autoOffsetReset: .earliest)
        let inventory = try kafka.makeConsumer(group: "inventory-service", topics: ["orders"], configuration: cfg)
        let notification = try kafka.makeConsumer(group: "notification-service", topics: ["orders"], configuration: cfg)

        // OrderService: save, then publish ORDER_CREATED keyed by user id.
        let producer = kafka.makeProducer()
        let items = ["item_a", "item_b", "item_c", "item_d"]
        print("[OrderService] creating \(orders) orders")
        for n in 0..<orders {
            let order = Order(id: "ord_\(1000 + n)", userID: "user_\(n % users + 1)", item: items[n % items.count],
                              total: Double(19 + 10 * (n % 5)) + 0.99)
            let event = "ORDER_CREATED orderId=\(order.id) userId=\(order.userID) items=[\(order.item)] total=\(order.total)"
            let meta = try producer.send(topic, key: Array(order.userID.utf8), value: Array(event.utf8),
                                         headers: [RecordHeader(name: "type", value: Array("ORDER_CREATED".utf8))])
            print("  produced \(order.id) for \(order.userID) -> partition \(meta.partition), offset \(meta.offset)")
        }

        print("\n[InventoryService] group 'inventory-service'")
        try consume(inventory) { event in "  reserving items for \(field(event, "orderId")) (\(field(event, "items")))" }
        print("\n[NotificationService] group 'notification-service' (independent: sees every order too)")
        try consume(notification) { event in "  sending email to \(field(event, "userId")) for \(field(event, "orderId"))" }

        print("\n[AnalyticsService] group 'analytics' joins late and replays from the earliest offset")
        let analytics = try kafka.makeConsumer(group: "analytics", topics: ["orders"], configuration: cfg)
        var perUser: [String: [String]] = [:]
        var revenue = 0.0
        try consume(analytics, quiet: true) { event in
            perUser[field(event, "userId"), default: []].append(field(event, "orderId"))
            revenue += Double(field(event, "total")) ?? 0
            return nil
        }
        print("  replayed \(perUser.values.map(\.count).reduce(0, +)) orders, revenue \(String(format: "%.2f", revenue))")
        print("\nPer-key order: each user's orders share one partition, so every group sees them in order:")
        for user in perUser.keys.sorted() {
            let p = Murmur2.partition(forKey: Array(user.utf8).span.bytes, partitionCount: 3)
            print("  \(user) (partition \(p)): \(perUser[user]!.joined(separator: " -> "))")
        }
        print("\nCommitted offsets per group (each group keeps its own):")
        for name in kafka.groupNames {
            let offsets = try kafka.group(name).committedOffsets.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            print("  \(name): \(offsets)")
        }
        print("\nWith 3 partitions a group uses at most 3 consumers; a fourth member idles:")
        let extra = try (0..<4).map { i throws(RingLogError) in
            try kafka.makeConsumer(group: "scaling", topics: ["orders"], configuration: cfg, memberID: "worker-\(i)")
        }
        let assignment = try kafka.group("scaling").assignment
        for c in extra {
            let parts = assignment[c.memberID] ?? []
            print("  \(c.memberID): \(parts.isEmpty ? "no partitions (idle)" : parts.map(\.description).joined(separator: ", "))")
        }
    }

    /// Polls `consumer` until caught up, printing `line(event)` for each record, then commits.
    private func consume(_ consumer: Consumer, quiet: Bool = false, _ line: (String) -> String?) throws {
        while true {
            var lines: [(TopicPartition, Int64, String?)] = []
            let n = try consumer.poll { tp, batch in
                batch.forEach { record in lines.append((tp, record.offset, line(record.valueString))) }
            }
            for (tp, offset, text) in lines where !quiet {
                if let text { print("\(text)  [\(tp)@\(offset)]") }
            }
            if n == 0 { break }
        }
        consumer.commitSync()
    }
}

/// `key=value` out of a demo event string.
private func field(_ event: String, _ name: String) -> String {
    for part in event.split(separator: " ") where part.hasPrefix(name + "=") {
        return String(part.dropFirst(name.count + 1))
    }
    return "?"
}

extension Record {
    var valueString: String { String(decoding: valueBytes, as: UTF8.self) }
}
