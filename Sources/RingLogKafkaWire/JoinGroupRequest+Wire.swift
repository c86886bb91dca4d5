extension JoinGroupRequest: KafkaMessage {
    public static var apiKey: ApiKey { .joinGroup }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&groupId)
        try coder._int32(&sessionTimeoutMs)
        if version >= 1 {
            try coder._int32(&rebalanceTimeoutMs)
        }
        try coder._string(&memberId)
        if version >= 5 {
            try coder._nullableString(&groupInstanceId)
        }
        try coder._string(&protocolType)
        try coder._structArray(&protocols, version: version)
    }
}

extension JoinGroupRequest.ProtocolEntry: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._bytes(&metadata)
    }
}
