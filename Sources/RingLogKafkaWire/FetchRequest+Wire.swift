extension FetchRequest: KafkaMessage {
    public static var apiKey: ApiKey { .fetch }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&replicaId)
        try coder._int32(&maxWaitMs)
        try coder._int32(&minBytes)
        if version >= 3 {
            try coder._int32(&maxBytes)
        }
        if version >= 4 {
            try coder._int8(&isolationLevel)
        }
        if version >= 7 {
            try coder._int32(&sessionId)
            try coder._int32(&sessionEpoch)
        }
        try coder._structArray(&topics, version: version)
        if version >= 7 {
            try coder._structArray(&forgottenTopics, version: version)
        }
        if version >= 11 {
            try coder._string(&rackId)
        }
    }
}

extension FetchRequest.Partition: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&partition)
        if version >= 9 {
            try coder._int32(&currentLeaderEpoch)
        }
        try coder._int64(&fetchOffset)
        if version >= 5 {
            try coder._int64(&logStartOffset)
        }
        try coder._int32(&partitionMaxBytes)
    }
}

extension FetchRequest.ForgottenTopic: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._int32Array(&partitions)
    }
}
