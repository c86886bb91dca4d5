extension FindCoordinatorResponse: KafkaMessage {
    public static var apiKey: ApiKey { .findCoordinator }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 1 {
            try coder._int32(&throttleTimeMs)
        }
        try coder._errorCode(&errorCode)
        if version >= 1 {
            try coder._nullableString(&errorMessage)
        }
        try coder._int32(&nodeId)
        try coder._string(&host)
        try coder._int32(&port)
    }
}
