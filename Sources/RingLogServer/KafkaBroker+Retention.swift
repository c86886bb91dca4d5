import RingLog

extension KafkaBroker {
    /// `block` retention: `group` committed `offset` on `partition` of `topic`; once every group
    /// that committed on the partition is past its oldest records, their space is freed for
    /// producers (`_RetentionAnchor`). Nothing under `overwrite` retention, for a partition
    /// this broker does not hold, or for a negative offset.
    /// Returns the offset the anchor holds after: the ring keeps the records from there on (nil
    /// when nothing applies).
    /// Thread-safety: any thread. Complexity: O(groups that committed on the partition).
    @discardableResult
    func _groupCommitted(_ group: String, topic: String, partition: Int32, offset: Int64) -> Int64? {
        guard configuration.retention == .block, offset >= 0 else { return nil }
        let key = TopicPartition(topic, Int(partition))
        return _anchors.withLock { anchors -> Int64? in
            if anchors[key] == nil {
                // A commit between the topic's creation and its anchors' registration: anchor it here
                // (at the log start, as creation would); creation then keeps this one.
                guard let log = _partition(topic, partition), let reader = try? log.makeReader(startingAt: .earliest) else { return nil }
                anchors[key] = _RetentionAnchor(reader: reader)
            }
            return anchors[key]!.commit(group: group, offset: offset)
        }
    }

    /// A produce found `partition` of `topic` full under `block` retention: says so once per stall
    /// (until a commit frees space), naming what holds it, so an operator sees why producers retry.
    func _reportFull(topic: String, partition: Int32) {
        let key = TopicPartition(topic, Int(partition))
        let line = _anchors.withLock { anchors -> String? in
            guard var anchor = anchors[key], !anchor.reportedFull else { return nil }
            anchor.reportedFull = true
            anchors[key] = anchor
            let holder = anchor.committed.min { $0.value < $1.value }
            let why = holder.map { "group \($0.key) committed offset \($0.value), the lowest" }
                ?? "no consumer group has committed on it yet"
            return "\(topic)-\(partition) is full (block retention, records from offset \(anchor.reader.nextOffset) kept): "
                + "produces get KAFKA_STORAGE_ERROR until commits free space; \(why)"
        }
        if let line { log(line) }
    }
}
