extension ListOffsetsResponse: KafkaMessage {
    public static var apiKey: ApiKey { .listOffsets }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 2 {
            try coder._int32(&throttleTimeMs)
        }
        try coder._array(&topics) { (coder: inout Coder, item: inout ListOffsetsResponse.Topic) throws(KafkaWireError) in try item._code(&coder, version: version) }
    }
}

extension ListOffsetsResponse.Topic {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._array(&partitions) { (coder: inout Coder, item: inout ListOffsetsResponse.Topic.Partition) throws(KafkaWireError) in try item._code(&coder, version: version) }
    }
}

extension ListOffsetsResponse.Topic.Partition {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&partitionIndex)
        try coder._errorCode(&errorCode)
        if version == 0 {
            try coder._int64Array(&oldStyleOffsets)
        }
        if version >= 1 {
            try coder._int64(&timestamp)
        }
        if version >= 1 {
            try coder._int64(&offset)
        }
        if version >= 4 {
            try coder._int32(&leaderEpoch)
        }
    }
}
