import RingLogKafkaWire

extension KafkaErrorCode {
    /// Kafka error 12: the offset's metadata is longer than the coordinator keeps.
    public static let offsetMetadataTooLarge = KafkaErrorCode(rawValue: 12)
    /// Kafka error 24: the group ID is empty (JoinGroup, SyncGroup, Heartbeat, LeaveGroup) or too long.
    public static let invalidGroupId = KafkaErrorCode(rawValue: 24)
    /// Kafka error 81: the group already has as many members as the coordinator allows.
    public static let groupMaxSizeReached = KafkaErrorCode(rawValue: 81)
}
