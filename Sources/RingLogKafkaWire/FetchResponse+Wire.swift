extension FetchResponse: KafkaMessage {
    public static var apiKey: ApiKey { .fetch }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 1 {
            try coder._int32(&throttleTimeMs)
        }
        if version >= 7 {
            try coder._errorCode(&errorCode)
            try coder._int32(&sessionId)
        }
        try coder._structArray(&topics, version: version)
    }
}

extension FetchResponse.Partition: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&partitionIndex)
        try coder._errorCode(&errorCode)
        try coder._int64(&highWatermark)
        if version >= 4 {
            try coder._int64(&lastStableOffset)
        }
        if version >= 5 {
            try coder._int64(&logStartOffset)
        }
        if version >= 4 {
            try coder._nullableStructArray(&abortedTransactions, version: version)
        }
        if version >= 11 {
            try coder._int32(&preferredReadReplica)
        }
        try coder._records(&records)
    }
}

extension FetchResponse.Partition.AbortedTransaction: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int64(&producerId)
        try coder._int64(&firstOffset)
    }
}
