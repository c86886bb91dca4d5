extension OffsetFetchResponse: KafkaMessage {
    public static var apiKey: ApiKey { .offsetFetch }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 3 {
            try coder._int32(&throttleTimeMs)
        }
        try coder._structArray(&topics, version: version)
        if version >= 2 {
            try coder._errorCode(&errorCode)
        }
    }
}

extension OffsetFetchResponse.Partition: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&partitionIndex)
        try coder._int64(&committedOffset)
        if version >= 5 {
            try coder._int32(&committedLeaderEpoch)
        }
        try coder._nullableString(&metadata)
        try coder._errorCode(&errorCode)
    }
}
