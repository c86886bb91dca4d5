extension InitProducerIdRequest: KafkaMessage {
    public static var apiKey: ApiKey { .initProducerId }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._nullableString(&transactionalId)
        try coder._int32(&transactionTimeoutMs)
    }
}
