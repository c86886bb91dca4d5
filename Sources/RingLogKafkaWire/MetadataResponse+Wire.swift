extension MetadataResponse: KafkaMessage {
    public static var apiKey: ApiKey { .metadata }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 3 {
            try coder._int32(&throttleTimeMs)
        }
        try coder._structArray(&brokers, version: version)
        if version >= 2 {
            try coder._nullableString(&clusterId)
        }
        if version >= 1 {
            try coder._int32(&controllerId)
        }
        try coder._structArray(&topics, version: version)
        if version >= 8 {
            try coder._int32(&clusterAuthorizedOperations)
        }
    }
}

extension MetadataResponse.Broker: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&nodeId)
        try coder._string(&host)
        try coder._int32(&port)
        if version >= 1 {
            try coder._nullableString(&rack)
        }
    }
}

extension MetadataResponse.Topic: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._errorCode(&errorCode)
        try coder._string(&name)
        if version >= 1 {
            try coder._bool(&isInternal)
        }
        try coder._structArray(&partitions, version: version)
        if version >= 8 {
            try coder._int32(&topicAuthorizedOperations)
        }
    }
}

extension MetadataResponse.Topic.Partition: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
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
