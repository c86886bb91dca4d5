import NIOCore
import RingLog
import RingLogKafkaWire

extension KafkaBroker {
    /// The longest a fetch may wait for `minBytes`, whatever it asks (bounds how long a waiter
    /// is held).
    static let maxFetchWaitMilliseconds: Int64 = 60_000

    /// Answers a fetch now when it has `minBytes` (or an error, or may not wait); otherwise
    /// parks it (`_FetchWaiter`) until a produce to one of its partitions brings enough, or
    /// `maxWaitMs` passes. Never blocks the event loop.
    func fetch(_ request: FetchRequest, version: Int16, correlationId: Int32, eventLoop: any EventLoop) -> KafkaReply {
        let now = fetchNow(request)
        let wait = min(Int64(request.maxWaitMs), Self.maxFetchWaitMilliseconds)
        if now.failed || now.bytes >= Int(request.minBytes) || wait <= 0 {
            return _encode(now.response, version, correlationId)
        }
        let waiter = _FetchWaiter(broker: self, request: request, version: version, correlationId: correlationId,
                                  eventLoop: eventLoop)
        return .deferred(waiter.start(waitMilliseconds: wait))
    }

    /// The fetch's answer from what the partitions hold now: per partition the records from its
    /// fetch offset within its max bytes and what is left of the response's, its high
    /// watermark (= last stable offset) and log start; UNKNOWN_TOPIC_OR_PARTITION, or
    /// OFFSET_OUT_OF_RANGE for an offset below the log start or above the high watermark.
    /// Returns also the record bytes in it and whether any partition has an error.
    public func fetchNow(_ request: FetchRequest) -> (response: FetchResponse, bytes: Int, failed: Bool) {
        var response = FetchResponse()
        response.topics.reserveCapacity(request.topics.count)
        let budget = Int(max(request.maxBytes, 0))
        var total = 0
        var failed = false
        for topic in request.topics {
            var answer = FetchResponse.Topic(name: topic.name)
            answer.partitions.reserveCapacity(topic.partitions.count)
            for p in topic.partitions {
                var result = FetchResponse.Partition(partitionIndex: p.partition, errorCode: .none, highWatermark: -1,
                                                 lastStableOffset: -1, logStartOffset: -1, records: [])
                defer { answer.partitions.append(result) }
                guard let log = _partition(topic.name, p.partition) else {
                    result.errorCode = .unknownTopicOrPartition
                    failed = true
                    continue
                }
                let hw = log.highWatermark
                let start = log.logStartOffset
                result.highWatermark = hw
                result.lastStableOffset = hw
                result.logStartOffset = start
                guard p.fetchOffset >= start && p.fetchOffset <= hw else {
                    result.errorCode = .offsetOutOfRange
                    failed = true
                    continue
                }
                guard p.fetchOffset < hw else { continue }
                let limit = min(Int(max(p.partitionMaxBytes, 0)), budget - total)
                do {
                    let records = try _FetchEncoder.records(of: log, from: p.fetchOffset, highWatermark: hw, limit: limit,
                                                            mustTakeOne: total == 0)
                    total += records.count
                    result.records = records[...]
                } catch {
                    // Overwritten while it was read: the offset fell below the log start.
                    result.errorCode = .offsetOutOfRange
                    result.logStartOffset = log.logStartOffset
                    failed = true
                }
            }
            response.topics.append(answer)
        }
        return (response, total, failed)
    }
}
