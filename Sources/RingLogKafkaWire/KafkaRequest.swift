/// A decoded request body, one case per supported API.
///
/// Thread-safety: a value type (`Sendable`).
public enum KafkaRequest: Sendable, Equatable {
    /// A Produce request (`ProduceRequest`).
    case produce(ProduceRequest)
    /// A Fetch request (`FetchRequest`).
    case fetch(FetchRequest)
    /// A ListOffsets request (`ListOffsetsRequest`).
    case listOffsets(ListOffsetsRequest)
    /// A Metadata request (`MetadataRequest`).
    case metadata(MetadataRequest)
    /// A OffsetCommit request (`OffsetCommitRequest`).
    case offsetCommit(OffsetCommitRequest)
    /// A OffsetFetch request (`OffsetFetchRequest`).
    case offsetFetch(OffsetFetchRequest)
    /// A FindCoordinator request (`FindCoordinatorRequest`).
    case findCoordinator(FindCoordinatorRequest)
    /// A JoinGroup request (`JoinGroupRequest`).
    case joinGroup(JoinGroupRequest)
    /// A Heartbeat request (`HeartbeatRequest`).
    case heartbeat(HeartbeatRequest)
    /// A LeaveGroup request (`LeaveGroupRequest`).
    case leaveGroup(LeaveGroupRequest)
    /// A SyncGroup request (`SyncGroupRequest`).
    case syncGroup(SyncGroupRequest)
    /// A ApiVersions request (`ApiVersionsRequest`).
    case apiVersions(ApiVersionsRequest)
    /// A CreateTopics request (`CreateTopicsRequest`).
    case createTopics(CreateTopicsRequest)
    /// An InitProducerId request (`InitProducerIdRequest`).
    case initProducerId(InitProducerIdRequest)

    /// The API of this request.
    public var apiKey: ApiKey {
        switch self {
        case .produce: .produce
        case .fetch: .fetch
        case .listOffsets: .listOffsets
        case .metadata: .metadata
        case .offsetCommit: .offsetCommit
        case .offsetFetch: .offsetFetch
        case .findCoordinator: .findCoordinator
        case .joinGroup: .joinGroup
        case .heartbeat: .heartbeat
        case .leaveGroup: .leaveGroup
        case .syncGroup: .syncGroup
        case .apiVersions: .apiVersions
        case .createTopics: .createTopics
        case .initProducerId: .initProducerId
        }
    }

    /// The body as its message type (for encoding generically).
    public var message: any KafkaMessage {
        switch self {
        case .produce(let body): body
        case .fetch(let body): body
        case .listOffsets(let body): body
        case .metadata(let body): body
        case .offsetCommit(let body): body
        case .offsetFetch(let body): body
        case .findCoordinator(let body): body
        case .joinGroup(let body): body
        case .heartbeat(let body): body
        case .leaveGroup(let body): body
        case .syncGroup(let body): body
        case .apiVersions(let body): body
        case .createTopics(let body): body
        case .initProducerId(let body): body
        }
    }
}
