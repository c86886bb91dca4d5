extension OffsetCommitResponse: KafkaMessage {
    public static var apiKey: ApiKey { .offsetCommit }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 3 {
            try coder._int32(&throttleTimeMs)
        }
        try coder._array(&topics) { (coder: inout Coder, item: inout OffsetCommitResponse.Topic) throws(KafkaWireError) in try item._code(&coder, version: version) }
    }
}

extension OffsetCommitResponse.Topic {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._array(&partitions) { (coder: inout Coder, item: inout OffsetCommitResponse.Topic.Partition) throws(KafkaWireError) in try item._code(&coder, version: version) }
    }
}

extension OffsetCommitResponse.Topic.Partition {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&partitionIndex)
        try coder._errorCode(&errorCode)
    }
}
