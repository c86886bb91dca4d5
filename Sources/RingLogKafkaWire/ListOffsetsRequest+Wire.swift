extension ListOffsetsRequest: KafkaMessage {
    public static var apiKey: ApiKey { .listOffsets }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&replicaId)
        if version >= 2 {
            try coder._int8(&isolationLevel)
        }
        try coder._structArray(&topics, version: version)
    }
}

extension ListOffsetsRequest.Partition: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
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
