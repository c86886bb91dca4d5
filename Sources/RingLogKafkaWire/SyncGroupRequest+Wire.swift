extension SyncGroupRequest: KafkaMessage {
    public static var apiKey: ApiKey { .syncGroup }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&groupId)
        try coder._int32(&generationId)
        try coder._string(&memberId)
        if version >= 3 {
            try coder._nullableString(&groupInstanceId)
        }
        try coder._structArray(&assignments, version: version)
    }
}

extension SyncGroupRequest.Assignment: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&memberId)
        try coder._bytes(&assignment)
    }
}
