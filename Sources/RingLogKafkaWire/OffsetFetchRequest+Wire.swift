extension OffsetFetchRequest: KafkaMessage {
    public static var apiKey: ApiKey { .offsetFetch }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&groupId)
        if version >= 2 {
            try coder._nullableStructArray(&topics, version: version)
        } else {
            var nonNull = topics ?? []
            try coder._structArray(&nonNull, version: version)
            topics = nonNull
        }
    }
}

extension OffsetFetchRequest.Topic: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._int32Array(&partitionIndexes)
    }
}
