extension ProduceResponse: KafkaMessage {
    public static var apiKey: ApiKey { .produce }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._structArray(&topics, version: version)
        if version >= 1 {
            try coder._int32(&throttleTimeMs)
        }
    }
}

extension ProduceResponse.Partition: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
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
