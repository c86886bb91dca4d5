import Testing
import RingLogKafkaWire

/// Fully populated sample messages for each API and version: every field the version has is set
/// to a non-default value, every field it lacks stays at its default, so a decoded copy must equal
/// the sample exactly. The version conditions restate Kafka's message specs independently of the
/// codec's field walk.
enum KafkaWireSamples {
    /// A small but real RecordBatch v2 (two records, one with a header).
    static let batch: [UInt8] = {
        var builder = RecordBatchBuilder(baseOffset: 0)
        try! builder.append(key: Array("k".utf8), value: Array("hello".utf8), timestamp: 1_700_000_000_000)
        try! builder.append(key: nil, value: Array("world".utf8), headers: [(Array("h".utf8), Array("v".utf8))],
                            timestamp: 1_700_000_000_005)
        return builder.build()
    }()

    static func request(_ api: ApiKey, version v: Int16) -> KafkaRequest {
        switch api {
        case .apiVersions:
            var r = ApiVersionsRequest()
            if v >= 3 { r.clientSoftwareName = "librdkafka"; r.clientSoftwareVersion = "2.0.2" }
            return .apiVersions(r)
        case .metadata:
            var r = MetadataRequest(topics: ["orders", "payments"])
            if v >= 4 { r.allowAutoTopicCreation = false }
            if v >= 8 { r.includeClusterAuthorizedOperations = true; r.includeTopicAuthorizedOperations = true }
            return .metadata(r)
        case .produce:
            var r = ProduceRequest(acks: -1, timeoutMs: 30_000, topics: [
                .init(name: "orders", partitions: [.init(index: 0, records: batch[...]), .init(index: 1, records: nil)]),
            ])
            r.transactionalId = "tx-1"
            return .produce(r)
        case .fetch:
            var r = FetchRequest(maxWaitMs: 500, minBytes: 1)
            r.topics = [.init(name: "orders", partitions: [.init(partition: 2, fetchOffset: 42, partitionMaxBytes: 1 << 20)])]
            if v >= 3 { r.maxBytes = 52_428_800 }
            if v >= 4 { r.isolationLevel = 1 }
            if v >= 5 { r.topics[0].partitions[0].logStartOffset = 7 }
            if v >= 7 {
                r.sessionId = 12
                r.sessionEpoch = 3
                r.forgottenTopics = [.init(name: "old", partitions: [4, 5])]
            }
            if v >= 9 { r.topics[0].partitions[0].currentLeaderEpoch = 9 }
            if v >= 11 { r.rackId = "rack-a" }
            return .fetch(r)
        case .listOffsets:
            var p = ListOffsetsRequest.Partition(partitionIndex: 3, timestamp: -2)
            if v == 0 { p.maxNumOffsets = 5 }
            if v >= 4 { p.currentLeaderEpoch = 6 }
            var r = ListOffsetsRequest(replicaId: -1, topics: [.init(name: "orders", partitions: [p])])
            if v >= 2 { r.isolationLevel = 1 }
            return .listOffsets(r)
        case .findCoordinator:
            var r = FindCoordinatorRequest(key: "group-a")
            if v >= 1 { r.keyType = 1 }
            return .findCoordinator(r)
        case .joinGroup:
            var r = JoinGroupRequest(groupId: "group-a", sessionTimeoutMs: 10_000, memberId: "m-1", protocolType: "consumer",
                                     protocols: [.init(name: "range", metadata: [0, 1, 2]), .init(name: "roundrobin", metadata: [])])
            if v >= 1 { r.rebalanceTimeoutMs = 60_000 }
            if v >= 5 { r.groupInstanceId = "static-1" }
            return .joinGroup(r)
        case .syncGroup:
            var r = SyncGroupRequest(groupId: "group-a", generationId: 4, memberId: "m-1",
                                     assignments: [.init(memberId: "m-1", assignment: [9, 8, 7])])
            if v >= 3 { r.groupInstanceId = "static-1" }
            return .syncGroup(r)
        case .heartbeat:
            var r = HeartbeatRequest(groupId: "group-a", generationId: 4, memberId: "m-1")
            if v >= 3 { r.groupInstanceId = "static-1" }
            return .heartbeat(r)
        case .leaveGroup:
            return .leaveGroup(LeaveGroupRequest(groupId: "group-a", memberId: "m-1"))
        case .offsetCommit:
            var p = OffsetCommitRequest.Partition(partitionIndex: 1, committedOffset: 99, committedMetadata: "meta")
            if v == 1 { p.commitTimestamp = 1_700_000_000_000 }
            if v >= 6 { p.committedLeaderEpoch = 2 }
            var r = OffsetCommitRequest(groupId: "group-a", topics: [.init(name: "orders", partitions: [p])])
            if v >= 1 { r.generationId = 4; r.memberId = "m-1" }
            if v >= 2 && v <= 4 { r.retentionTimeMs = 86_400_000 }
            if v >= 7 { r.groupInstanceId = "static-1" }
            return .offsetCommit(r)
        case .offsetFetch:
            var r = OffsetFetchRequest(groupId: "group-a", topics: [.init(name: "orders", partitionIndexes: [0, 1, 2])])
            if v >= 2 { r.topics = nil }
            return .offsetFetch(r)
        case .createTopics:
            var r = CreateTopicsRequest(topics: [
                .init(name: "orders", numPartitions: 3, replicationFactor: 1,
                      assignments: [.init(partitionIndex: 0, brokerIds: [1])],
                      configs: [.init(name: "retention.ms", value: "1000"), .init(name: "x", value: nil)]),
            ], timeoutMs: 5_000)
            if v >= 1 { r.validateOnly = true }
            return .createTopics(r)
        case .initProducerId:
            return .initProducerId(InitProducerIdRequest(transactionalId: "tx-1", transactionTimeoutMs: 60_000))
        }
    }

    static func response(_ api: ApiKey, version v: Int16) -> any KafkaMessage {
        switch api {
        case .apiVersions:
            var r = ApiVersionsResponse.advertised
            if v >= 1 { r.throttleTimeMs = 3 }
            return r
        case .metadata:
            var broker = MetadataResponse.Broker(nodeId: 1, host: "localhost", port: 9092)
            if v >= 1 { broker.rack = "rack-a" }
            var partition = MetadataResponse.Topic.Partition(errorCode: .none, partitionIndex: 0, leaderId: 1,
                                                             replicaNodes: [1], isrNodes: [1])
            if v >= 5 { partition.offlineReplicas = [2] }
            if v >= 7 { partition.leaderEpoch = 5 }
            var topic = MetadataResponse.Topic(errorCode: .unknownTopicOrPartition, name: "orders", partitions: [partition])
            if v >= 1 { topic.isInternal = true }
            if v >= 8 { topic.topicAuthorizedOperations = 0x0F }
            var r = MetadataResponse(brokers: [broker], topics: [topic])
            if v >= 1 { r.controllerId = 1 }
            if v >= 2 { r.clusterId = "ringlog" }
            if v >= 3 { r.throttleTimeMs = 3 }
            if v >= 8 { r.clusterAuthorizedOperations = 0x1F }
            return r
        case .produce:
            var p = ProduceResponse.Partition(index: 0, errorCode: .none, baseOffset: 1_000)
            if v >= 2 { p.logAppendTimeMs = 1_700_000_000_000 }
            if v >= 5 { p.logStartOffset = 10 }
            var r = ProduceResponse(topics: [.init(name: "orders", partitions: [p])])
            if v >= 1 { r.throttleTimeMs = 3 }
            return r
        case .fetch:
            var p = FetchResponse.Partition(partitionIndex: 2, errorCode: .none, highWatermark: 44, records: batch[...])
            if v >= 4 {
                p.lastStableOffset = 44
                p.abortedTransactions = [.init(producerId: 77, firstOffset: 40)]
            }
            if v >= 5 { p.logStartOffset = 0 }
            if v >= 11 { p.preferredReadReplica = 1 }
            var empty = FetchResponse.Partition(partitionIndex: 3, errorCode: .offsetOutOfRange, highWatermark: 0)
            if v >= 4 { empty.abortedTransactions = nil }
            var r = FetchResponse(topics: [.init(name: "orders", partitions: [p, empty])])
            if v >= 1 { r.throttleTimeMs = 3 }
            if v >= 7 { r.errorCode = .none; r.sessionId = 12 }
            return r
        case .listOffsets:
            var p = ListOffsetsResponse.Partition(partitionIndex: 3, errorCode: .none)
            if v == 0 { p.oldStyleOffsets = [42, 0] } else { p.timestamp = 1_700_000_000_000; p.offset = 42 }
            if v >= 4 { p.leaderEpoch = 6 }
            var r = ListOffsetsResponse(topics: [.init(name: "orders", partitions: [p])])
            if v >= 2 { r.throttleTimeMs = 3 }
            return r
        case .findCoordinator:
            var r = FindCoordinatorResponse(errorCode: .none, nodeId: 1, host: "localhost", port: 9092)
            if v >= 1 { r.throttleTimeMs = 3; r.errorMessage = "fine" }
            return r
        case .joinGroup:
            var member = JoinGroupResponse.Member(memberId: "m-1", metadata: [0, 1, 2])
            if v >= 5 { member.groupInstanceId = "static-1" }
            var r = JoinGroupResponse(errorCode: .none, generationId: 4, protocolName: "range", leader: "m-1",
                                      memberId: "m-1", members: [member])
            if v >= 2 { r.throttleTimeMs = 3 }
            return r
        case .syncGroup:
            var r = SyncGroupResponse(errorCode: .rebalanceInProgress, assignment: [9, 8, 7])
            if v >= 1 { r.throttleTimeMs = 3 }
            return r
        case .heartbeat:
            var r = HeartbeatResponse(errorCode: .rebalanceInProgress)
            if v >= 1 { r.throttleTimeMs = 3 }
            return r
        case .leaveGroup:
            var r = LeaveGroupResponse(errorCode: .unknownMemberId)
            if v >= 1 { r.throttleTimeMs = 3 }
            return r
        case .offsetCommit:
            var r = OffsetCommitResponse(topics: [.init(name: "orders", partitions: [.init(partitionIndex: 1, errorCode: .illegalGeneration)])])
            if v >= 3 { r.throttleTimeMs = 3 }
            return r
        case .offsetFetch:
            var p = OffsetFetchResponse.Partition(partitionIndex: 1, committedOffset: 99, metadata: "meta", errorCode: .none)
            if v >= 5 { p.committedLeaderEpoch = 2 }
            var r = OffsetFetchResponse(topics: [.init(name: "orders", partitions: [p])])
            if v >= 2 { r.errorCode = .coordinatorNotAvailable }
            if v >= 3 { r.throttleTimeMs = 3 }
            return r
        case .createTopics:
            var topic = CreateTopicsResponse.Topic(name: "orders", errorCode: .topicAlreadyExists)
            if v >= 1 { topic.errorMessage = "exists" }
            var r = CreateTopicsResponse(topics: [topic])
            if v >= 2 { r.throttleTimeMs = 3 }
            return r
        case .initProducerId:
            return InitProducerIdResponse(throttleTimeMs: 3, errorCode: .none, producerId: 1_000, producerEpoch: 2)
        }
    }

    /// The request frame (after the size prefix) for one case, as a client would send it.
    static func requestFrame(_ c: KafkaWireCase, correlationId: Int32 = 7) throws -> [UInt8] {
        let frame = KafkaRequestFrame(
            header: KafkaRequestHeader(api: c.api, apiVersion: c.version, correlationId: correlationId, clientId: "rdkafka"),
            request: request(c.api, version: c.version))
        return Array(try frame.encoded().dropFirst(4))
    }
}
