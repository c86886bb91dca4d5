/// Asks for a producer ID and epoch, which an idempotent producer stamps on its batches with a
/// sequence number per partition (API key 22).
///
/// Versions 0-1 (1 changes only how a quota throttles the response).
///
/// Thread-safety: a value type (`Sendable`).
public struct InitProducerIdRequest: Sendable, Equatable, _WireDefaultInitializable {
    /// The transactional ID, or nil for an idempotent producer without transactions.
    public var transactionalId: String? = nil
    /// How long a transaction may stay open, in milliseconds (ignored without a transactional ID).
    public var transactionTimeoutMs: Int32 = 0

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(transactionalId: String? = nil, transactionTimeoutMs: Int32 = 0) {
        self.transactionalId = transactionalId
        self.transactionTimeoutMs = transactionTimeoutMs
    }
}
