import RingLog

/// Settings of `ringlog serve`, fixed at start; `validate()` checks each with a message naming
/// the flag.
public struct KafkaServerConfiguration: Sendable, Equatable {
    /// Where to listen (default 127.0.0.1:9092: loopback only).
    public var listen: ListenAddress
    /// Partitions of an auto-created topic, and of a CreateTopics request that asks for -1.
    public var partitions: Int
    /// Ring bytes per partition (a power of two, page size to 1 GiB). A Kafka batch of a
    /// partition must fit in half of it (MESSAGE_TOO_LARGE otherwise).
    public var ringCapacity: Int
    /// `overwrite`: a full ring drops its oldest records (fetches below the new log start get
    /// OFFSET_OUT_OF_RANGE). `block`: no record is dropped before every consumer group that
    /// committed on its partition committed past it (until one commits, none is); a produce to a
    /// full ring fails with KAFKA_STORAGE_ERROR, which clients retry, until commits free space.
    public var retention: RetentionPolicy
    /// The largest request frame accepted; a larger (or negative) size prefix closes the connection.
    public var maxRequestBytes: Int
    /// Connections served at once; further ones are closed on accept.
    public var maxConnections: Int
    /// Partitions (rings) the broker holds at most, over all topics: with `ringCapacity` it
    /// bounds the broker's memory. A topic that would pass it is not created (POLICY_VIOLATION).
    public var maxPartitions: Int
    /// Event loop threads; a connection stays on one. nil: one per CPU the process may run on.
    public var eventLoops: Int?

    /// The defaults: 127.0.0.1:9092, 1 partition, 4 MiB rings, overwrite, 100 MiB requests
    /// (Kafka's socket.request.max.bytes), 1024 connections, 1024 partitions in all, one event
    /// loop per CPU.
    public init(
        listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 9092),
        partitions: Int = 1,
        ringCapacity: Int = 1 << 22,
        retention: RetentionPolicy = .overwrite,
        maxRequestBytes: Int = 100 << 20,
        maxConnections: Int = 1024,
        maxPartitions: Int = 1024,
        eventLoops: Int? = nil
    ) {
        self.listen = listen
        self.partitions = partitions
        self.ringCapacity = ringCapacity
        self.retention = retention
        self.maxRequestBytes = maxRequestBytes
        self.maxConnections = maxConnections
        self.maxPartitions = maxPartitions
        self.eventLoops = eventLoops
    }

    /// Partition settings of every topic: `.multi` producer mode, since connections on
    /// different event loops append to the same partition (one fetch-add per appended batch;
    /// hopping every produce to one loop per partition would add a thread hop instead); no
    /// prefaulting, so an idle topic costs address space, not memory.
    public var partitionConfiguration: PartitionConfiguration {
        PartitionConfiguration(capacity: ringCapacity, retention: retention, producerMode: .multi,
                               timestampType: .createTime, maxReaders: 4, prefault: false)
    }

    /// Checks every value.
    /// - Throws: `KafkaServerError.invalidConfiguration` naming the flag and the value.
    public func validate() throws(KafkaServerError) {
        guard (0...65_535).contains(listen.port) else {
            throw .invalidConfiguration("--listen port must be in 0...65535, got \(listen.port)")
        }
        guard ListenAddress.isIPAddress(listen.host) else {
            throw .invalidAddress(listen.description, reason: "'\(listen.host)' is not an IP address")
        }
        guard (1...TopicConfiguration.maximumPartitions).contains(partitions) else {
            throw .invalidConfiguration("--partitions must be in 1...\(TopicConfiguration.maximumPartitions), got \(partitions)")
        }
        do {
            // The engine's own check (power of two, page size to 1 GiB), on a ring that is
            // mapped but never touched.
            _ = try PartitionLog(partitionConfiguration)
        } catch {
            throw .invalidConfiguration("--ring-capacity: \(error.description)")
        }
        guard (1024...Int(Int32.max)).contains(maxRequestBytes) else {
            throw .invalidConfiguration("--max-request-bytes must be in 1024...\(Int32.max), got \(maxRequestBytes)")
        }
        guard (1...65_536).contains(maxConnections) else {
            throw .invalidConfiguration("--max-connections must be in 1...65536, got \(maxConnections)")
        }
        guard (1...1_000_000).contains(maxPartitions) else {
            throw .invalidConfiguration("--max-partitions must be in 1...1000000, got \(maxPartitions)")
        }
        if let eventLoops, !(1...1024).contains(eventLoops) {
            throw .invalidConfiguration("--threads must be in 1...1024, got \(eventLoops)")
        }
    }
}
