extension CreateTopicsRequest: KafkaMessage {
    public static var apiKey: ApiKey { .createTopics }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._array(&topics) { (coder: inout Coder, item: inout CreateTopicsRequest.Topic) throws(KafkaWireError) in try item._code(&coder, version: version) }
        try coder._int32(&timeoutMs)
        if version >= 1 {
            try coder._bool(&validateOnly)
        }
    }
}

extension CreateTopicsRequest.Topic {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._int32(&numPartitions)
        try coder._int16(&replicationFactor)
        try coder._array(&assignments) { (coder: inout Coder, item: inout CreateTopicsRequest.Topic.Assignment) throws(KafkaWireError) in try item._code(&coder, version: version) }
        try coder._array(&configs) { (coder: inout Coder, item: inout CreateTopicsRequest.Topic.Config) throws(KafkaWireError) in try item._code(&coder, version: version) }
    }
}

extension CreateTopicsRequest.Topic.Assignment {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&partitionIndex)
        try coder._int32Array(&brokerIds)
    }
}

extension CreateTopicsRequest.Topic.Config {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._nullableString(&value)
    }
}
