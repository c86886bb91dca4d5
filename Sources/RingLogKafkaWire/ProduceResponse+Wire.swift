extension ProduceResponse: KafkaMessage {
    public static var apiKey: ApiKey { .produce }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._array(&topics) { (coder: inout Coder, item: inout ProduceResponse.Topic) throws(KafkaWireError) in try item._code(&coder, version: version) }
        if version >= 1 {
            try coder._int32(&throttleTimeMs)
        }
    }
}

extension ProduceResponse.Topic {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._array(&partitions) { (coder: inout Coder, item: inout ProduceResponse.Topic.Partition) throws(KafkaWireError) in try item._code(&coder, version: version) }
    }
}

extension ProduceResponse.Topic.Partition {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&index)
        try coder._errorCode(&errorCode)
        try coder._int64(&baseOffset)
        if version >= 2 {
            try coder._int64(&logAppendTimeMs)
        }
        if version >= 5 {
            try coder._int64(&logStartOffset)
        }
    }
}
