extension MetadataRequest: KafkaMessage {
    public static var apiKey: ApiKey { .metadata }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 1 {
            try coder._nullableStringArray(&topics)
        } else {
            var nonNull = topics ?? []
            try coder._stringArray(&nonNull)
            topics = nonNull
        }
        if version >= 4 {
            try coder._bool(&allowAutoTopicCreation)
        }
        if version >= 8 {
            try coder._bool(&includeClusterAuthorizedOperations)
            try coder._bool(&includeTopicAuthorizedOperations)
        }
    }
}
