extension OffsetCommitRequest: KafkaMessage {
    public static var apiKey: ApiKey { .offsetCommit }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._string(&groupId)
        if version >= 1 {
            try coder._int32(&generationId)
            try coder._string(&memberId)
        }
        if version >= 7 {
            try coder._nullableString(&groupInstanceId)
        }
        if (version >= 2 && version <= 4) {
            try coder._int64(&retentionTimeMs)
        }
        try coder._structArray(&topics, version: version)
    }
}

extension OffsetCommitRequest.Partition: _WireStruct {
    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        try coder._int32(&partitionIndex)
        try coder._int64(&committedOffset)
        if version >= 6 {
            try coder._int32(&committedLeaderEpoch)
        }
        if version == 1 {
            try coder._int64(&commitTimestamp)
        }
        try coder._nullableString(&committedMetadata)
    }
}
