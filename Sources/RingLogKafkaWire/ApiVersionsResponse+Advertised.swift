extension ApiVersionsResponse {
    /// Every API in `ApiKey` with its `supportedVersions`, by key.
    public static var advertisedApiKeys: [ApiVersion] {
        ApiKey.allCases.sorted { $0.rawValue < $1.rawValue }.map {
            ApiVersion(apiKey: $0.rawValue, minVersion: $0.supportedVersions.lowerBound,
                       maxVersion: $0.supportedVersions.upperBound)
        }
    }

    /// The answer to a supported ApiVersions request: no error, the advertised ranges.
    public static var advertised: ApiVersionsResponse {
        ApiVersionsResponse(errorCode: .none, apiKeys: advertisedApiKeys)
    }

    /// The answer to an ApiVersions request newer than 2 (librdkafka sends v3 first):
    /// UNSUPPORTED_VERSION with the advertised ranges. Encode it in version 0 (see
    /// `unsupportedVersionFallbackFrame(correlationId:)`); the client retries with a version
    /// from the list.
    public static var unsupportedVersionFallback: ApiVersionsResponse {
        ApiVersionsResponse(errorCode: .unsupportedVersion, apiKeys: advertisedApiKeys)
    }

    /// The whole response frame (size, correlation ID, v0 body) answering an ApiVersions request
    /// of an unsupported version.
    public static func unsupportedVersionFallbackFrame(correlationId: Int32) -> [UInt8] {
        var writer = WireWriter(capacity: 128)
        // Version 0 is always codable and the advertised table is small: this can't throw.
        try? KafkaResponseFrame.encode(unsupportedVersionFallback, version: 0,
                                       correlationId: correlationId, into: &writer)
        return writer.bytes
    }
}
