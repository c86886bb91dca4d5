import RingLogKafkaWire

extension KafkaErrorCode {
    /// Kafka error 17, INVALID_TOPIC_EXCEPTION: a topic name outside Kafka's rules.
    static let invalidTopic = KafkaErrorCode(rawValue: 17)
    /// Kafka error 44, POLICY_VIOLATION: the broker's topic limit is reached.
    static let policyViolation = KafkaErrorCode(rawValue: 44)
    /// Kafka error 56, KAFKA_STORAGE_ERROR (retriable): a `block` ring is full.
    static let kafkaStorageError = KafkaErrorCode(rawValue: 56)
    /// Kafka error 87, INVALID_RECORD: control batches (transaction markers) are not accepted.
    static let invalidRecord = KafkaErrorCode(rawValue: 87)
}
