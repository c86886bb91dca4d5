extension CreateTopicsRequest: KafkaMessage {
    public static var apiKey: ApiKey { .createTopics }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._structArray(&topics, version: version)
        try coder._int32(&timeoutMs)
        if version >= 1 {
            try coder._bool(&validateOnly)
        }
    }
}

extension CreateTopicsRequest.Topic: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._int32(&numPartitions)
        try coder._int16(&replicationFactor)
        try coder._structArray(&assignments, version: version)
        try coder._structArray(&configs, version: version)
    }
}

extension CreateTopicsRequest.Topic.Assignment: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&partitionIndex)
        try coder._int32Array(&brokerIds)
    }
}

extension CreateTopicsRequest.Topic.Config: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._nullableString(&value)
    }
}
