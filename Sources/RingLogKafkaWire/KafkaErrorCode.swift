/// A Kafka protocol error code (int16 on the wire). A struct rather than an enum so codes this
/// module doesn't name still decode and round-trip.
public struct KafkaErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The int16 on the wire.
    public var rawValue: Int16
    /// The code with this wire value (known to this module or not).
    public init(rawValue: Int16) { self.rawValue = rawValue }

    /// Kafka error 0.
    public static let none = KafkaErrorCode(rawValue: 0)
    /// Kafka error -1.
    public static let unknownServerError = KafkaErrorCode(rawValue: -1)
    /// Kafka error 1.
    public static let offsetOutOfRange = KafkaErrorCode(rawValue: 1)
    /// Kafka error 2.
    public static let corruptMessage = KafkaErrorCode(rawValue: 2)
    /// Kafka error 3.
    public static let unknownTopicOrPartition = KafkaErrorCode(rawValue: 3)
    /// Kafka error 10.
    public static let messageTooLarge = KafkaErrorCode(rawValue: 10)
    /// Kafka error 15.
    public static let coordinatorNotAvailable = KafkaErrorCode(rawValue: 15)
    /// Kafka error 16.
    public static let notCoordinator = KafkaErrorCode(rawValue: 16)
    /// Kafka error 22.
    public static let illegalGeneration = KafkaErrorCode(rawValue: 22)
    /// Kafka error 23.
    public static let inconsistentGroupProtocol = KafkaErrorCode(rawValue: 23)
    /// Kafka error 25.
    public static let unknownMemberId = KafkaErrorCode(rawValue: 25)
    /// Kafka error 26.
    public static let invalidSessionTimeout = KafkaErrorCode(rawValue: 26)
    /// Kafka error 27.
    public static let rebalanceInProgress = KafkaErrorCode(rawValue: 27)
    /// Kafka error 35.
    public static let unsupportedVersion = KafkaErrorCode(rawValue: 35)
    /// Kafka error 36.
    public static let topicAlreadyExists = KafkaErrorCode(rawValue: 36)
    /// Kafka error 37.
    public static let invalidPartitions = KafkaErrorCode(rawValue: 37)
    /// Kafka error 42.
    public static let invalidRequest = KafkaErrorCode(rawValue: 42)
    /// Kafka error 45: a batch's sequence number is not the next one the broker expects from its producer.
    public static let outOfOrderSequenceNumber = KafkaErrorCode(rawValue: 45)
    /// Kafka error 47: a batch's producer epoch is older than the producer's current one.
    public static let invalidProducerEpoch = KafkaErrorCode(rawValue: 47)
    /// Kafka error 59: the broker holds no sequence state for the batch's producer on this partition.
    public static let unknownProducerId = KafkaErrorCode(rawValue: 59)
    /// Kafka error 76.
    public static let unsupportedCompressionType = KafkaErrorCode(rawValue: 76)
    /// Kafka error 79.
    public static let memberIdRequired = KafkaErrorCode(rawValue: 79)

    /// Kafka's name for the code (`ERROR(n)` for codes not named here).
    public var description: String {
        switch self {
        case .none: "NONE"
        case .unknownServerError: "UNKNOWN_SERVER_ERROR"
        case .offsetOutOfRange: "OFFSET_OUT_OF_RANGE"
        case .corruptMessage: "CORRUPT_MESSAGE"
        case .unknownTopicOrPartition: "UNKNOWN_TOPIC_OR_PARTITION"
        case .messageTooLarge: "MESSAGE_TOO_LARGE"
        case .coordinatorNotAvailable: "COORDINATOR_NOT_AVAILABLE"
        case .notCoordinator: "NOT_COORDINATOR"
        case .illegalGeneration: "ILLEGAL_GENERATION"
        case .inconsistentGroupProtocol: "INCONSISTENT_GROUP_PROTOCOL"
        case .unknownMemberId: "UNKNOWN_MEMBER_ID"
        case .invalidSessionTimeout: "INVALID_SESSION_TIMEOUT"
        case .rebalanceInProgress: "REBALANCE_IN_PROGRESS"
        case .unsupportedVersion: "UNSUPPORTED_VERSION"
        case .topicAlreadyExists: "TOPIC_ALREADY_EXISTS"
        case .invalidPartitions: "INVALID_PARTITIONS"
        case .invalidRequest: "INVALID_REQUEST"
        case .outOfOrderSequenceNumber: "OUT_OF_ORDER_SEQUENCE_NUMBER"
        case .invalidProducerEpoch: "INVALID_PRODUCER_EPOCH"
        case .unknownProducerId: "UNKNOWN_PRODUCER_ID"
        case .unsupportedCompressionType: "UNSUPPORTED_COMPRESSION_TYPE"
        case .memberIdRequired: "MEMBER_ID_REQUIRED"
        default: "ERROR(\(rawValue))"
        }
    }
}
