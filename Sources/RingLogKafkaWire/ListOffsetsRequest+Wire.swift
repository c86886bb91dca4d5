extension ListOffsetsRequest: KafkaMessage {
    public static var apiKey: ApiKey { .listOffsets }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&replicaId)
        if version >= 2 {
            try coder._int8(&isolationLevel)
        }
        try coder._array(&topics) { (coder: inout Coder, item: inout ListOffsetsRequest.Topic) throws(KafkaWireError) in try item._code(&coder, version: version) }
    }
}

extension ListOffsetsRequest.Topic {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._array(&partitions) { (coder: inout Coder, item: inout ListOffsetsRequest.Topic.Partition) throws(KafkaWireError) in try item._code(&coder, version: version) }
    }
}

extension ListOffsetsRequest.Topic.Partition {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&partitionIndex)
        if version >= 4 {
            try coder._int32(&currentLeaderEpoch)
        }
        try coder._int64(&timestamp)
        if version == 0 {
            try coder._int32(&maxNumOffsets)
        }
    }
}
