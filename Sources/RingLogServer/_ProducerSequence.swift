import RingLogKafkaWire

/// One idempotent producer's state on one partition, as Kafka keeps it: its epoch, the last
/// sequence appended, and the last few appended ranges with their base offsets, so a retried
/// batch is answered with its first append's offset instead of being appended twice.
struct _ProducerSequence {
    /// How many appended ranges are remembered: a producer has at most 5 requests in flight per
    /// partition (librdkafka and the Java client both cap it there when idempotent).
    static let rememberedRanges = 5

    var epoch: Int16
    var lastSequence: Int32
    /// The newest last; (first, last, base offset).
    var recent: [(first: Int32, last: Int32, baseOffset: Int64)]
    /// When it was last used (the table's clock), for evicting the least recently used.
    var lastUse: UInt64

    /// What to do with `batch` given the producer's `state` on the partition (nil: none).
    ///
    /// - No state: a range starting at sequence 0 is appended (the producer's first on this
    ///   partition); any other gets UNKNOWN_PRODUCER_ID (the state was evicted or the server
    ///   restarted), which clients answer by starting over.
    /// - An older epoch: INVALID_PRODUCER_EPOCH. A newer one must start at 0 (else
    ///   OUT_OF_ORDER_SEQUENCE_NUMBER) and replaces the state.
    /// - The same epoch: one of the remembered ranges again is a duplicate (answered with its
    ///   base offset, not appended); the next sequence is appended; anything else is
    ///   OUT_OF_ORDER_SEQUENCE_NUMBER.
    static func check(_ state: _ProducerSequence?, _ batch: _ProducerBatchRange) -> _SequenceCheck {
        guard let state else {
            return batch.firstSequence == 0 ? .append
                : .refuse(.unknownProducerId, "no state for producer \(batch.producerId) on this partition and its batch starts at sequence \(batch.firstSequence), not 0")
        }
        if batch.epoch < state.epoch {
            return .refuse(.invalidProducerEpoch, "producer \(batch.producerId) epoch \(batch.epoch) is older than \(state.epoch)")
        }
        if batch.epoch > state.epoch {
            return batch.firstSequence == 0 ? .append
                : .refuse(.outOfOrderSequenceNumber, "producer \(batch.producerId) epoch \(batch.epoch) starts at sequence \(batch.firstSequence), not 0")
        }
        if let seen = state.recent.first(where: { $0.first == batch.firstSequence && $0.last == batch.lastSequence }) {
            return .duplicate(baseOffset: seen.baseOffset)
        }
        let expected = _ProducerBatchRange.next(after: state.lastSequence)
        return batch.firstSequence == expected ? .append
            : .refuse(.outOfOrderSequenceNumber, "producer \(batch.producerId) sent sequence \(batch.firstSequence), expected \(expected)")
    }

    /// `state` after `batch` was appended at `baseOffset`.
    static func appended(_ state: _ProducerSequence?, _ batch: _ProducerBatchRange, baseOffset: Int64, at time: UInt64) -> _ProducerSequence {
        var next = state.flatMap { $0.epoch == batch.epoch ? $0 : nil }
            ?? _ProducerSequence(epoch: batch.epoch, lastSequence: -1, recent: [], lastUse: time)
        next.lastSequence = batch.lastSequence
        next.recent.append((batch.firstSequence, batch.lastSequence, baseOffset))
        if next.recent.count > rememberedRanges { next.recent.removeFirst(next.recent.count - rememberedRanges) }
        next.lastUse = time
        return next
    }
}

/// The verdict of `_ProducerSequence.check`.
enum _SequenceCheck: Equatable {
    /// Append the batch.
    case append
    /// A retry of a batch already appended at `baseOffset`: answer success with it, append nothing.
    case duplicate(baseOffset: Int64)
    /// Refuse the batch with this error (and say why).
    case refuse(KafkaErrorCode, String)
}
