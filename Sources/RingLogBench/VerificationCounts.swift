/// Counts of one subscription's verification.
public struct VerificationCounts: Sendable, Codable, Equatable {
    public var sent = 0
    public var received = 0
    public var lost = 0
    public var duplicates = 0
    public var reordered = 0
    public var corrupted = 0
    public var keyInversions = 0
    public init() {}

    /// No loss (when the semantics promise none), no duplicate, no corruption, and order kept
    /// (when promised).
    public func verified(lossless: Bool, ordered: Bool) -> Bool {
        (!lossless || lost == 0) && duplicates == 0 && corrupted == 0 && (!ordered || reordered == 0)
    }
}
