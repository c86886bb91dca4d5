/// The Kafka APIs this codec speaks, by their wire key, with the versions it decodes and encodes.
///
/// Every supported version is a non-flexible one (no tagged fields, no compact strings), which is
/// what librdkafka 2.0.2 and kcat 1.7.1 settle on when the broker advertises these ranges.
public enum ApiKey: Int16, CaseIterable, Sendable {
    /// Produce (key 0).
    case produce = 0
    /// Fetch (key 1).
    case fetch = 1
    /// ListOffsets (key 2).
    case listOffsets = 2
    /// Metadata (key 3).
    case metadata = 3
    /// OffsetCommit (key 8).
    case offsetCommit = 8
    /// OffsetFetch (key 9).
    case offsetFetch = 9
    /// FindCoordinator (key 10).
    case findCoordinator = 10
    /// JoinGroup (key 11).
    case joinGroup = 11
    /// Heartbeat (key 12).
    case heartbeat = 12
    /// LeaveGroup (key 13).
    case leaveGroup = 13
    /// SyncGroup (key 14).
    case syncGroup = 14
    /// ApiVersions (key 18).
    case apiVersions = 18
    /// CreateTopics (key 19).
    case createTopics = 19
    /// InitProducerId (key 22).
    case initProducerId = 22

    /// The versions advertised in ApiVersions and accepted by the decoders.
    ///
    /// Each range stops below the API's first flexible version (Produce 9, Fetch 12, ListOffsets 6,
    /// Metadata 9, OffsetCommit 8, OffsetFetch 6, FindCoordinator 3, JoinGroup 6, Heartbeat 4,
    /// LeaveGroup 4 (3 changes the layout), SyncGroup 4, ApiVersions 3, CreateTopics 5, InitProducerId 2).
    /// Produce starts at 3 and Fetch at 4, the first versions that carry RecordBatch v2.
    public var supportedVersions: ClosedRange<Int16> {
        switch self {
        case .produce: 3...7
        case .fetch: 4...11
        case .listOffsets: 0...5
        case .metadata: 0...8
        case .offsetCommit: 0...7
        case .offsetFetch: 0...5
        case .findCoordinator: 0...2
        case .joinGroup: 0...5
        case .heartbeat: 0...3
        case .leaveGroup: 0...1
        case .syncGroup: 0...3
        case .apiVersions: 0...2
        case .createTopics: 0...4
        case .initProducerId: 0...1
        }
    }

    /// The first version that uses the flexible encoding (tagged fields, compact strings) and
    /// request header v2.
    public var firstFlexibleVersion: Int16 {
        switch self {
        case .produce: 9
        case .fetch: 12
        case .listOffsets: 6
        case .metadata: 9
        case .offsetCommit: 8
        case .offsetFetch: 6
        case .findCoordinator: 3
        case .joinGroup: 6
        case .heartbeat: 4
        case .leaveGroup: 4
        case .syncGroup: 4
        case .apiVersions: 3
        case .createTopics: 5
        case .initProducerId: 2
        }
    }
}
