import RingLog
import RingLogKafkaWire

extension KafkaBroker {
    /// Appends each partition's record batches, all or nothing per partition: every batch is
    /// checked first (`_validate`), then the records go into the ring as one engine batch.
    /// acks 0: no response, unless a partition failed, which closes the connection (as Kafka
    /// does, so the producer notices); acks 1 and -1: the response after the append.
    func produce(_ request: ProduceRequest, version: Int16, correlationId: Int32) -> KafkaReply {
        var response = ProduceResponse()
        response.topics.reserveCapacity(request.topics.count)
        var failed = false
        for topic in request.topics {
            var answer = ProduceResponse.Topic(name: topic.name)
            answer.partitions.reserveCapacity(topic.partitions.count)
            for partition in topic.partitions {
                let result = _producePartition(topic: topic.name, partition.index, records: partition.records,
                                               wantsLogStart: version >= 5)
                failed = failed || result.errorCode != .none
                answer.partitions.append(result)
            }
            response.topics.append(answer)
        }
        if request.acks == 0 {
            return failed ? .close(reason: "an acks=0 produce failed (correlation id \(correlationId))") : .noResponse
        }
        return _encode(response, version, correlationId)
    }

    /// One partition's records field: validated, appended, watchers woken.
    func _producePartition(topic: String, _ index: Int32, records: ArraySlice<UInt8>?, wantsLogStart: Bool)
        -> ProduceResponse.Partition {
        var result = ProduceResponse.Partition(index: index, errorCode: .none, baseOffset: -1)
        guard let log = _partition(topic, index) else {
            result.errorCode = .unknownTopicOrPartition
            return result
        }
        let plan: _ProducePlan
        switch _validate(records ?? [], limit: log.configuration.maximumBatchBytes, _KeepRecords.self) {
        case .success(let p): plan = p
        case .failure(let error):
            if error.code == .unsupportedCompressionType {
                self.log("produce to \(topic)-\(index) refused: \(error.message) (records are stored uncompressed; configure the producer with compression.type=none)")
            }
            result.errorCode = error.code
            return result
        }
        do {
            if let producer = plan.producer {
                // An idempotent producer's: checked against its sequence and appended under the partition's lock.
                let outcome = try _producerSequences.withPartition(topic, index, producer) { () throws(RingLogError) -> Int64 in
                    try _append(plan, records: records ?? [], to: log).baseOffset
                }
                switch outcome.check {
                case .append:
                    result.baseOffset = outcome.baseOffset ?? -1
                    _watchers.notify(topic: topic, partition: index)
                case .duplicate(let baseOffset):
                    result.baseOffset = baseOffset
                case .refuse(let code, let why):
                    result.errorCode = code
                    self.log("produce to \(topic)-\(index) refused: \(code): \(why)")
                }
            } else {
                let range = try _append(plan, records: records ?? [], to: log)
                result.baseOffset = range.baseOffset
                _watchers.notify(topic: topic, partition: index)
            }
        } catch .full {
            result.errorCode = .kafkaStorageError
            _reportFull(topic: topic, partition: index)
        } catch .closed {
            result.errorCode = .unknownTopicOrPartition
        } catch {
            result.errorCode = .unknownServerError
            self.log("append to \(topic)-\(index) failed: \(error)")
        }
        if wantsLogStart { result.logStartOffset = log.logStartOffset }
        return result
    }

    /// Checks every batch of a records field before anything is appended: RecordBatch v2 framing
    /// and CRC-32C (CORRUPT_MESSAGE), no compression (UNSUPPORTED_COMPRESSION_TYPE), no control
    /// batch (INVALID_RECORD), records that parse with offset deltas 0, 1, 2, ... and
    /// timestamps that fit nanoseconds (CORRUPT_MESSAGE), and the engine frames of all of them
    /// within `limit`, half the ring (MESSAGE_TOO_LARGE).
    /// `Mode`: whether the plan lists every record (`scanned`, what `_append` appends); a type,
    /// so each mode is compiled on its own.
    /// Complexity: O(bytes); allocates that list and the header arrays of records with headers.
    func _validate<Mode: _ValidationMode>(_ records: ArraySlice<UInt8>, limit: Int, _: Mode.Type) -> Result<_ProducePlan, _KafkaFailure> {
        records.withUnsafeBytes { raw in _validate(records, raw, limit: limit, Mode.self) }
    }

    /// `_validate` with the records' bytes at `raw`.
    private func _validate<Mode: _ValidationMode>(_ records: ArraySlice<UInt8>, _ raw: UnsafeRawBufferPointer, limit: Int,
                                                  _: Mode.Type) -> Result<_ProducePlan, _KafkaFailure> {
        var plan = _ProducePlan()
        var batchesSeen = 0
        var batches = RecordBatchIterator(records: records, verifyingCRC: true)
        do throws(KafkaWireError) {
            while let batch = try batches.next() {
                let header = batch.header
                guard header.compression == CompressionCodec.none else {
                    let name = header.compression.map { "\($0)" } ?? "codec \(header.attributes & 7)"
                    return .failure(_KafkaFailure(code: .unsupportedCompressionType, message: "a batch compressed with \(name)"))
                }
                guard !header.isControl else {
                    return .failure(_KafkaFailure(code: .invalidRecord, message: "control batches are not accepted"))
                }
                guard !header.isTransactional else {
                    return .failure(_KafkaFailure(code: .invalidRecord, message: "transactional batches are not accepted (no transactions here)"))
                }
                let start = batch.bytes.startIndex - records.startIndex
                var scanner = _ProduceBatch(raw, at: start).records
                // A record takes at least 7 bytes: the count in the header is not trusted further.
                if Mode.keepsRecords {
                    plan.scanned.reserveCapacity(plan.scanned.count + max(0, min(Int(header.recordsCount), batch.bytes.count / 7)))
                }
                let recordsStart = start + RecordBatchHeader.size
                var expected: Int32 = 0
                while let record = try scanner.next() {
                    let timestamp = _ProduceBatch.timestamp(header, record.timestampDelta)
                    guard record.offsetDelta == expected, _RecordMapping.nanoseconds(timestamp) != nil else {
                        throw .malformedRecord
                    }
                    if Mode.keepsRecords { plan.scanned.append(_ScannedRecord(record, at: recordsStart, timestamp: timestamp)) }
                    do {
                        plan.frameBytes += try _RecordMapping.frameSize(record, in: scanner, limit: limit)
                    } catch {
                        return .failure(_KafkaFailure(code: .messageTooLarge, message: "\(error)"))
                    }
                    expected &+= 1
                }
                guard expected - 1 == header.lastOffsetDelta else { throw .malformedRecord }
                if let failure = Self._trackProducer(header, isFirst: batchesSeen == 0, in: &plan) { return .failure(failure) }
                batchesSeen += 1
                plan.records += Int(expected)
            }
        } catch {
            return .failure(_KafkaFailure(code: .corruptMessage, message: "\(error)"))
        }
        guard plan.records > 0 else {
            return .failure(_KafkaFailure(code: .corruptMessage, message: "no records"))
        }
        guard plan.frameBytes <= limit else {
            return .failure(_KafkaFailure(code: .messageTooLarge,
                                        message: "\(plan.frameBytes) bytes in the ring, over half the ring (\(limit) bytes)"))
        }
        return .success(plan)
    }

    /// Adds a (scanned) batch's producer ID, epoch and sequences to `plan`: a records field is
    /// all a plain producer's (ID -1) or all one idempotent producer's, its batches in sequence.
    /// Returns INVALID_RECORD's cause otherwise.
    static func _trackProducer(_ header: RecordBatchHeader, isFirst: Bool, in plan: inout _ProducePlan) -> _KafkaFailure? {
        guard header.producerId >= 0 else {
            return plan.producer == nil ? nil
                : _KafkaFailure(code: .invalidRecord, message: "a plain producer's batch follows an idempotent producer's in one partition's records")
        }
        guard header.producerEpoch >= 0, header.baseSequence >= 0, header.lastOffsetDelta >= 0 else {
            return _KafkaFailure(code: .invalidRecord, message: "an idempotent batch needs an epoch and a base sequence of at least 0, and records")
        }
        let last = _ProducerBatchRange.sequence(header.baseSequence, advancedBy: header.lastOffsetDelta)
        if isFirst {
            plan.producer = _ProducerBatchRange(producerId: header.producerId, epoch: header.producerEpoch,
                                                firstSequence: header.baseSequence, lastSequence: last)
            return nil
        }
        guard let p = plan.producer, p.producerId == header.producerId, p.epoch == header.producerEpoch,
              header.baseSequence == _ProducerBatchRange.next(after: p.lastSequence) else {
            return _KafkaFailure(code: .invalidRecord, message: "the batches of one partition's records must come from one producer, in sequence")
        }
        plan.producer = _ProducerBatchRange(producerId: p.producerId, epoch: p.epoch, firstSequence: p.firstSequence, lastSequence: last)
        return nil
    }

    /// Appends every record of the (validated) records field as one engine batch, copying each
    /// one's parts from where `_validate` found them (`plan.scanned`).
    func _append(_ plan: _ProducePlan, records: ArraySlice<UInt8>, to log: PartitionLog) throws(RingLogError) -> AppendedRange {
        let blocking = configuration.retention == .block
        let result = records.withUnsafeBytes { raw -> Result<AppendedRange, RingLogError> in
            // Slices the parts' ranges, which are offsets into the whole records field.
            let bytes = _RecordScanner(raw, count: 0)
            let body = { (appender: inout BatchAppender) throws(RingLogError) -> Void in
                for record in plan.scanned {
                    try _RecordMapping.append(record.parts, in: bytes, timestamp: record.timestamp, to: &appender)
                }
            }
            do throws(RingLogError) {
                return .success(blocking ? try log.tryAppendBatch(maxBytes: plan.frameBytes, body)
                                         : try log.appendBatch(maxBytes: plan.frameBytes, body))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
