extension HeartbeatRequest: KafkaMessage {
    public static var apiKey: ApiKey { .heartbeat }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&groupId)
        try coder._int32(&generationId)
        try coder._string(&memberId)
        if version >= 3 {
            try coder._nullableString(&groupInstanceId)
        }
    }
}
