extension ListOffsetsResponse: KafkaMessage {
    public static var apiKey: ApiKey { .listOffsets }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 2 {
            try coder._int32(&throttleTimeMs)
        }
        try coder._structArray(&topics, version: version)
    }
}

extension ListOffsetsResponse.Partition: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&partitionIndex)
        try coder._errorCode(&errorCode)
        if version == 0 {
            try coder._int64Array(&oldStyleOffsets)
        }
        if version >= 1 {
            try coder._int64(&timestamp)
            try coder._int64(&offset)
        }
        if version >= 4 {
            try coder._int32(&leaderEpoch)
        }
    }
}
