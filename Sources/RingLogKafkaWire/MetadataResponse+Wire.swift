extension MetadataResponse: KafkaMessage {
    public static var apiKey: ApiKey { .metadata }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 3 {
            try coder._int32(&throttleTimeMs)
        }
        try coder._array(&brokers) { (coder: inout Coder, item: inout MetadataResponse.Broker) throws(KafkaWireError) in try item._code(&coder, version: version) }
        if version >= 2 {
            try coder._nullableString(&clusterId)
        }
        if version >= 1 {
            try coder._int32(&controllerId)
        }
        try coder._array(&topics) { (coder: inout Coder, item: inout MetadataResponse.Topic) throws(KafkaWireError) in try item._code(&coder, version: version) }
        if version >= 8 {
            try coder._int32(&clusterAuthorizedOperations)
        }
    }
}

extension MetadataResponse.Broker {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&nodeId)
        try coder._string(&host)
        try coder._int32(&port)
        if version >= 1 {
            try coder._nullableString(&rack)
        }
    }
}

extension MetadataResponse.Topic {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._errorCode(&errorCode)
        try coder._string(&name)
        if version >= 1 {
            try coder._bool(&isInternal)
        }
        try coder._array(&partitions) { (coder: inout Coder, item: inout MetadataResponse.Topic.Partition) throws(KafkaWireError) in try item._code(&coder, version: version) }
        if version >= 8 {
            try coder._int32(&topicAuthorizedOperations)
        }
    }
}

extension MetadataResponse.Topic.Partition {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._errorCode(&errorCode)
        try coder._int32(&partitionIndex)
        try coder._int32(&leaderId)
        if version >= 7 {
            try coder._int32(&leaderEpoch)
        }
        try coder._int32Array(&replicaNodes)
        try coder._int32Array(&isrNodes)
        if version >= 5 {
            try coder._int32Array(&offlineReplicas)
        }
    }
}
