import RingLog
import RingLogKafkaWire

extension KafkaBroker {
    /// Offsets by timestamp: -2 the log start (earliest), -1 the high watermark (latest), else
    /// the first record whose timestamp is at or after it (offset and timestamp -1 when there
    /// is none). v0 answers in `oldStyleOffsets`.
    func listOffsets(_ request: ListOffsetsRequest, version: Int16) -> ListOffsetsResponse {
        var response = ListOffsetsResponse()
        for topic in request.topics {
            var answer = ListOffsetsResponse.Topic(name: topic.name)
            for p in topic.partitions {
                var result = ListOffsetsResponse.Partition(partitionIndex: p.partitionIndex)
                if let log = _partition(topic.name, p.partitionIndex) {
                    let (offset, timestamp) = _offset(in: log, at: p.timestamp)
                    if version == 0 {
                        result.oldStyleOffsets = offset >= 0 ? [offset] : []
                    } else {
                        result.offset = offset
                        result.timestamp = timestamp
                    }
                } else {
                    result.errorCode = .unknownTopicOrPartition
                }
                answer.partitions.append(result)
            }
            response.topics.append(answer)
        }
        return response
    }

    /// The offset (and its record's timestamp in ms, -1 for earliest and latest) for a
    /// ListOffsets timestamp.
    func _offset(in log: PartitionLog, at timestamp: Int64) -> (offset: Int64, timestamp: Int64) {
        switch timestamp {
        case -2: return (log.logStartOffset, -1)
        case -1: return (log.highWatermark, -1)
        default:
            guard let ns = _RecordMapping.nanoseconds(max(timestamp, 0)) else { return (-1, -1) }
            guard let offset = log.offset(forTimestamp: ns) else { return (-1, -1) }
            let found = try? log.fetch(from: offset, maxRecords: 1) { batch -> Int64 in
                var records = batch.makeIterator()
                guard let record = records.next() else { return -1 }
                return _RecordMapping.milliseconds(record.timestamp)
            }
            return (offset, found ?? -1)
        }
    }
}
