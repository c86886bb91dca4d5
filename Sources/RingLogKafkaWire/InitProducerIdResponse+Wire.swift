extension InitProducerIdResponse: KafkaMessage {
    public static var apiKey: ApiKey { .initProducerId }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&throttleTimeMs)
        try coder._errorCode(&errorCode)
        try coder._int64(&producerId)
        try coder._int16(&producerEpoch)
    }
}
