extension JoinGroupResponse: KafkaMessage {
    public static var apiKey: ApiKey { .joinGroup }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 2 {
            try coder._int32(&throttleTimeMs)
        }
        try coder._errorCode(&errorCode)
        try coder._int32(&generationId)
        try coder._string(&protocolName)
        try coder._string(&leader)
        try coder._string(&memberId)
        try coder._structArray(&members, version: version)
    }
}

extension JoinGroupResponse.Member: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&memberId)
        if version >= 5 {
            try coder._nullableString(&groupInstanceId)
        }
        try coder._bytes(&metadata)
    }
}
