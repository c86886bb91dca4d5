
/// Sends records to topics, choosing partitions as Kafka's default partitioner does: an explicit
/// partition if given, else `toPositive(murmur2(key)) % partitionCount` for a key, else the
/// null-key strategy (sticky or round-robin).
///
/// Thread-safety: one thread at a time (it keeps per-topic partitioner state). Make one producer
/// per producing thread; several producers may send to one topic when its partitions are in
/// `.multi` producer mode (the default for topics).
public final class Producer: @unchecked Sendable {
    public let eventLog: EventLog
    public let nullKeys: NullKeyPartitioning
    /// Partitioner state per topic id (grown on a topic's first send; cold).
    @usableFromInline var choosers: [_PartitionChooser] = []
    /// Partition of each record of the batch being sent (reused: no allocation once grown).
    @usableFromInline var scratch: [Int] = []

    init(eventLog: EventLog, nullKeys: NullKeyPartitioning) {
        self.eventLog = eventLog
        self.nullKeys = nullKeys
    }

    /// Sends one record and returns where it went. Copies `key` and `value` into the ring.
    /// - Throws: `.unknownPartition` for a bad explicit partition, `.recordTooLarge`,
    ///   `.headerTooLarge`, `.closed`; nothing is written then.
    /// - Complexity: O(key + value); no allocation (one fetch-add and one release store in
    ///   `.multi` mode; waits for space in `block` retention).
    @inlinable
    @discardableResult
    public func send(
        _ topic: Topic, key: RawSpan?, value: RawSpan, headers: [RecordHeader] = [],
        partition: Int? = nil, timestamp: Int64? = nil
    ) throws(RingLogError) -> RecordMetadata {
        let p = try choosePartition(topic, key: key, explicit: partition, bytes: value.byteCount)
        let offset = try topic._partition(p).append(value: value, key: key, headers: headers, timestamp: timestamp)
        return RecordMetadata(partition: p, offset: offset)
    }

    /// Sends one record given as byte arrays. See `send(_:key:value:headers:partition:timestamp:)`.
    @inlinable
    @discardableResult
    public func send(
        _ topic: Topic, key: [UInt8]?, value: [UInt8], headers: [RecordHeader] = [],
        partition: Int? = nil, timestamp: Int64? = nil
    ) throws(RingLogError) -> RecordMetadata {
        if let key {
            return try send(topic, key: key.span.bytes, value: value.span.bytes, headers: headers, partition: partition, timestamp: timestamp)
        }
        return try send(topic, key: nil, value: value.span.bytes, headers: headers, partition: partition, timestamp: timestamp)
    }

    /// Sends one record to the topic called `topic`. - Throws: `.unknownTopic` and as `send`.
    @discardableResult
    public func send(
        topic: String, key: [UInt8]? = nil, value: [UInt8], headers: [RecordHeader] = [],
        partition: Int? = nil, timestamp: Int64? = nil
    ) throws(RingLogError) -> RecordMetadata {
        try send(eventLog.topic(topic), key: key, value: value, headers: headers, partition: partition, timestamp: timestamp)
    }

    /// The partition a record goes to. - Throws: `.unknownPartition` for a bad explicit one.
    @inlinable @inline(__always)
    public func choosePartition(_ topic: Topic, key: RawSpan?, explicit: Int? = nil, bytes: Int = 0) throws(RingLogError) -> Int {
        let count = topic.partitionCount
        if let explicit {
            guard explicit >= 0 && explicit < count else {
                throw .unknownPartition(topic: topic.name, partition: explicit, partitionCount: count)
            }
            return explicit
        }
        if let key { return Murmur2.partition(forKey: key, partitionCount: count) }
        if topic.id >= choosers.count { _growChoosers(to: topic.id) }
        return choosers[topic.id].nullKeyPartition(nullKeys, partitionCount: count, bytes: bytes)
    }

    @usableFromInline
    func _growChoosers(to id: Int) {
        while choosers.count <= id {
            choosers.append(_PartitionChooser(seed: UInt64(UInt(bitPattern: ObjectIdentifier(self).hashValue)) &+ UInt64(choosers.count) &* 0x9E37_79B9_7F4A_7C15))
        }
    }

    /// Sends many records: groups them by partition and appends each group as one batch (one
    /// reservation and one release store per partition, as a Kafka producer batch), in the
    /// order given within each partition. `metadata` receives one entry per record, in input
    /// order (reserve its capacity to avoid allocation).
    ///
    /// Everything is validated first: on `.unknownPartition`, `.recordTooLarge` or
    /// `.headerTooLarge` nothing is written. A group larger than half the ring is split into
    /// several batches.
    /// - Complexity: O(records + bytes); no allocation once the producer's scratch space and
    ///   `metadata` have grown to the batch size.
    public func sendBatch(_ topic: Topic, _ records: [ProducerRecord], metadata: inout [RecordMetadata]) throws(RingLogError) {
        metadata.removeAll(keepingCapacity: true)
        guard !records.isEmpty else { return }
        let limit = topic.configuration.partition.maximumBatchBytes
        // Every partition of a topic has the same configuration: any one sizes frames for all.
        let sizing = topic._partition(0)
        if scratch.count < records.count { scratch = Array(repeating: 0, count: records.count) }
        // Validate and route every record before writing any.
        for (i, r) in records.enumerated() {
            _ = try sizing.frameSize(keyLength: r.key?.count, valueLength: r.value.count, headers: r.headers)
            if let key = r.key {
                scratch[i] = try choosePartition(topic, key: key.span.bytes, explicit: r.partition)
            } else {
                scratch[i] = try choosePartition(topic, key: nil, explicit: r.partition, bytes: r.value.count)
            }
        }
        for _ in records { metadata.append(RecordMetadata(partition: -1, offset: -1)) }
        var i = 0
        while i < records.count {
            let p = scratch[i]
            if p < 0 { i += 1; continue }
            // One batch: the records of partition p from i on, up to the batch limit.
            var bytes = 0
            var members = 0
            var j = i
            while j < records.count {
                if scratch[j] == p {
                    let r = records[j]
                    let size = try sizing.frameSize(keyLength: r.key?.count, valueLength: r.value.count, headers: r.headers)
                    if bytes + size > limit { break }
                    bytes += size
                    members += 1
                }
                j += 1
            }
            let log = topic._partition(p)
            let range = try log.appendBatch(maxBytes: bytes) { (batch: inout BatchAppender) throws(RingLogError) in
                var k = i
                var done = 0
                while done < members {
                    if scratch[k] == p {
                        let r = records[k]
                        try batch.append(value: r.value, key: r.key, headers: r.headers, timestamp: r.timestamp)
                        done += 1
                    }
                    k += 1
                }
            }
            var k = i
            var n = 0
            while n < members {
                if scratch[k] == p {
                    metadata[k] = RecordMetadata(partition: p, offset: range.baseOffset + Int64(n))
                    scratch[k] = -1
                    n += 1
                }
                k += 1
            }
        }
    }

    /// Sends many records; see `sendBatch(_:_:metadata:)`. Returns one entry per record.
    @discardableResult
    public func sendBatch(_ topic: Topic, _ records: [ProducerRecord]) throws(RingLogError) -> [RecordMetadata] {
        var out: [RecordMetadata] = []
        out.reserveCapacity(records.count)
        try sendBatch(topic, records, metadata: &out)
        return out
    }
}
