/// A group handler without a coordinator (`KafkaBroker`'s default; `ringlog serve` uses
/// `CoordinatedGroups`): every group API is
/// answered with COORDINATOR_NOT_AVAILABLE (the defaults of `GroupRequestHandling`), so
/// clients that only produce, or fetch by partition, work, and group consumers retry.
public struct UnavailableGroupCoordinator: GroupRequestHandling {
    /// The handler.
    public init() {}
}
