extension ApiVersionsResponse: KafkaMessage {
    public static var apiKey: ApiKey { .apiVersions }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._errorCode(&errorCode)
        try coder._structArray(&apiKeys, version: version)
        if version >= 1 {
            try coder._int32(&throttleTimeMs)
        }
    }
}

extension ApiVersionsResponse.ApiVersion: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int16(&apiKey)
        try coder._int16(&minVersion)
        try coder._int16(&maxVersion)
    }
}
