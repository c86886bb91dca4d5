extension CreateTopicsResponse: KafkaMessage {
    public static var apiKey: ApiKey { .createTopics }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 2 {
            try coder._int32(&throttleTimeMs)
        }
        try coder._structArray(&topics, version: version)
    }
}

extension CreateTopicsResponse.Topic: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._errorCode(&errorCode)
        if version >= 1 {
            try coder._nullableString(&errorMessage)
        }
    }
}
