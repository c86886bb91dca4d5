/// Kafka's `auto.offset.reset`: where a consumer starts on a partition its group has no valid
/// committed offset for, or when its position fell below the log start.
public enum OffsetResetPolicy: String, Sendable, CaseIterable {
    /// The log start offset.
    case earliest
    /// The high watermark (Kafka's default).
    case latest
    /// No reset: `poll` throws `.noValidOffset` (or `.offsetOutOfRange`) until the consumer seeks.
    case none
}
