extension ProduceRequest: KafkaMessage {
    public static var apiKey: ApiKey { .produce }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 3 {
            try coder._nullableString(&transactionalId)
        }
        try coder._int16(&acks)
        try coder._int32(&timeoutMs)
        try coder._array(&topics) { (coder: inout Coder, item: inout ProduceRequest.Topic) throws(KafkaWireError) in try item._code(&coder, version: version) }
    }
}

extension ProduceRequest.Topic {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&name)
        try coder._array(&partitions) { (coder: inout Coder, item: inout ProduceRequest.Topic.Partition) throws(KafkaWireError) in try item._code(&coder, version: version) }
    }
}

extension ProduceRequest.Topic.Partition {
    mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&index)
        try coder._records(&records)
    }
}
