import RingLog
import RingLogKafkaWire

extension KafkaBroker {
    /// This broker (node 0, at the address the client connected to), and the topics asked for
    /// (all when the list is null, or empty in v0). An unknown topic is created with
    /// `configuration.partitions` when the request allows it (always before v4), else
    /// UNKNOWN_TOPIC_OR_PARTITION.
    func metadata(_ request: MetadataRequest, version: Int16, connection: KafkaConnection) -> MetadataResponse {
        var response = MetadataResponse()
        response.brokers = [MetadataResponse.Broker(nodeId: 0, host: connection.localHost, port: Int32(connection.localPort))]
        response.clusterId = "ringlog"
        response.controllerId = 0
        let all = request.topics == nil || (version == 0 && request.topics?.isEmpty == true)
        let names = all ? eventLog.topicNames : request.topics ?? []
        let mayCreate = version < 4 || request.allowAutoTopicCreation
        for name in names {
            var answer = MetadataResponse.Topic(errorCode: .none, name: name)
            var topic = try? eventLog.topic(name)
            if topic == nil && mayCreate {
                switch _createTopic(name, partitions: configuration.partitions) {
                case .success(let made): topic = made.topic
                case .failure(let error):
                    answer.errorCode = error.code == .invalidTopic ? .invalidTopic : .unknownTopicOrPartition
                    log("auto-creating topic \(name) failed: \(error.message)")
                }
            } else if topic == nil {
                answer.errorCode = .unknownTopicOrPartition
            }
            if let topic {
                answer.partitions = (0..<topic.partitionCount).map { i in
                    MetadataResponse.Topic.Partition(errorCode: .none, partitionIndex: Int32(i), leaderId: 0, leaderEpoch: -1,
                                                     replicaNodes: [0], isrNodes: [0], offlineReplicas: [])
                }
            }
            response.topics.append(answer)
        }
        return response
    }

    /// Creates each topic with the partitions asked for (-1: `configuration.partitions`):
    /// TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS (0, below -1, or over 4096), INVALID_TOPIC_EXCEPTION
    /// (a name outside Kafka's rules), POLICY_VIOLATION (the topic limit). `validateOnly` checks
    /// without creating. Replication factors and configs are ignored (one node, one ring size).
    func createTopics(_ request: CreateTopicsRequest, version: Int16) -> CreateTopicsResponse {
        var response = CreateTopicsResponse()
        for topic in request.topics {
            var answer = CreateTopicsResponse.Topic(name: topic.name)
            let partitions = topic.numPartitions == -1 ? configuration.partitions : Int(topic.numPartitions)
            if (try? eventLog.topic(topic.name)) != nil {
                answer.errorCode = .topicAlreadyExists
                answer.errorMessage = "topic '\(topic.name)' already exists"
            } else if !(1...TopicConfiguration.maximumPartitions).contains(partitions) {
                answer.errorCode = .invalidPartitions
                answer.errorMessage = "partitions must be in 1...\(TopicConfiguration.maximumPartitions) (or -1 for the default), got \(topic.numPartitions)"
            } else if request.validateOnly {
                if let problem = Self.topicNameProblem(topic.name) {
                    answer.errorCode = .invalidTopic
                    answer.errorMessage = problem
                }
            } else {
                switch _createTopic(topic.name, partitions: partitions) {
                case .success(let made) where !made.created:
                    answer.errorCode = .topicAlreadyExists
                    answer.errorMessage = "topic '\(topic.name)' already exists"
                case .success: break
                case .failure(let error):
                    answer.errorCode = error.code
                    answer.errorMessage = error.message
                }
            }
            if version < 1 { answer.errorMessage = nil }
            response.topics.append(answer)
        }
        return response
    }

    /// Why `name` is not a Kafka topic name (1-249 characters of `[a-zA-Z0-9._-]`, not `.` or
    /// `..`), or nil when it is one.
    static func topicNameProblem(_ name: String) -> String? {
        guard !name.isEmpty, name.utf8.count <= 249 else { return "topic name must have 1 to 249 characters" }
        guard name != "." && name != ".." else { return "topic name cannot be '\(name)'" }
        let allowed = name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c == 0x2e || c == 0x5f || c == 0x2d
        }
        return allowed ? nil : "topic name '\(name)' has a character outside [a-zA-Z0-9._-]"
    }
}
