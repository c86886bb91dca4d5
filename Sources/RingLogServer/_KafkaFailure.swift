import RingLogKafkaWire

/// Why part of a request failed (a topic not created, a batch refused): the Kafka error, and
/// the message (CreateTopics v1+ sends it; the log gets it otherwise).
struct _KafkaFailure: Error {
    let code: KafkaErrorCode
    let message: String
}
