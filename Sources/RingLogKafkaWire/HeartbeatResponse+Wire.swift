extension HeartbeatResponse: KafkaMessage {
    public static var apiKey: ApiKey { .heartbeat }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 1 {
            try coder._int32(&throttleTimeMs)
        }
        try coder._errorCode(&errorCode)
    }
}
