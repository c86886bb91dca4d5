extension OffsetFetchResponse: KafkaMessage {
    public static var apiKey: ApiKey { .offsetFetch }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 3 {
            try coder._int32(&throttleTimeMs)
        }
        try coder._array(&topics) { (coder: inout Coder, item: inout OffsetFetchResponse.Topic) throws(KafkaWireError) in try item._code(&coder, version: version) }
        if version >= 2 {
            try coder._errorCode(&errorCode)
        }
    }
}

extension OffsetFetchResponse.Topic {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._array(&partitions) { (coder: inout Coder, item: inout OffsetFetchResponse.Topic.Partition) throws(KafkaWireError) in try item._code(&coder, version: version) }
    }
}

extension OffsetFetchResponse.Topic.Partition {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&partitionIndex)
        try coder._int64(&committedOffset)
        if version >= 5 {
            try coder._int32(&committedLeaderEpoch)
        }
        try coder._nullableString(&metadata)
        try coder._errorCode(&errorCode)
    }
}
