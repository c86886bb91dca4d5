extension LeaveGroupRequest: KafkaMessage {
    public static var apiKey: ApiKey { .leaveGroup }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&groupId)
        try coder._string(&memberId)
    }
}
