extension ApiVersionsRequest: KafkaMessage {
    public static var apiKey: ApiKey { .apiVersions }

    public static var codableVersions: ClosedRange<Int16> { 0...3 }

    public mutating func _code<Coder: _WireCoder>(_ coder: inout Coder, version: Int16) throws(KafkaWireError) {
        if version >= 3 {
            try coder._compactNullableString(&clientSoftwareName)
            try coder._compactNullableString(&clientSoftwareVersion)
            try coder._taggedFields()
        }
    }
}
