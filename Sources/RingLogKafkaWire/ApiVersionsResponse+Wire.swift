extension ApiVersionsResponse: KafkaMessage {
    public static var apiKey: ApiKey { .apiVersions }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._errorCode(&errorCode)
        try coder._array(&apiKeys) { (coder: inout Coder, item: inout ApiVersionsResponse.ApiVersion) throws(KafkaWireError) in try item._code(&coder, version: version) }
        if version >= 1 {
            try coder._int32(&throttleTimeMs)
        }
    }
}

extension ApiVersionsResponse.ApiVersion {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int16(&apiKey)
        try coder._int16(&minVersion)
        try coder._int16(&maxVersion)
    }
}
