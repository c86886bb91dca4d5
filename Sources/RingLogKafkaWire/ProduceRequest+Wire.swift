extension ProduceRequest: KafkaMessage {
    public static var apiKey: ApiKey { .produce }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 3 {
            try coder._nullableString(&transactionalId)
        }
        try coder._int16(&acks)
        try coder._int32(&timeoutMs)
        try coder._structArray(&topics, version: version)
    }
}

extension ProduceRequest.Partition: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&index)
        try coder._records(&records)
    }
}
