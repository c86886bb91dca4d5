extension OffsetCommitResponse: KafkaMessage {
    public static var apiKey: ApiKey { .offsetCommit }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 3 {
            try coder._int32(&throttleTimeMs)
        }
        try coder._structArray(&topics, version: version)
    }
}

extension OffsetCommitResponse.Partition: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&partitionIndex)
        try coder._errorCode(&errorCode)
    }
}
