extension FindCoordinatorRequest: KafkaMessage {
    public static var apiKey: ApiKey { .findCoordinator }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&key)
        if version >= 1 {
            try coder._int8(&keyType)
        }
    }
}
