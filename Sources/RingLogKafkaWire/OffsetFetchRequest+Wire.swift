extension OffsetFetchRequest: KafkaMessage {
    public static var apiKey: ApiKey { .offsetFetch }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&groupId)
        if version >= 2 {
            try coder._nullableArray(&topics) { (coder: inout Coder, item: inout OffsetFetchRequest.Topic) throws(KafkaWireError) in try item._code(&coder, version: version) }
        } else {
            var nonNull = topics ?? []
            try coder._array(&nonNull) { (coder: inout Coder, item: inout OffsetFetchRequest.Topic) throws(KafkaWireError) in try item._code(&coder, version: version) }
            topics = nonNull
        }
    }
}

extension OffsetFetchRequest.Topic {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._int32Array(&partitionIndexes)
    }
}
