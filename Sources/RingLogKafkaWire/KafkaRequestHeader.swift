/// A request's header: request header v1 (api_key, api_version, correlation_id, client_id), or v2
/// (the same plus a tagged-field section) for flexible versions.
///
/// The API key is kept raw so a header with an unknown key still decodes and can be answered.
///
/// Thread-safety: a value type (`Sendable`).
public struct KafkaRequestHeader: Sendable, Equatable {
    /// The raw API key (see `api`).
    public var apiKey: Int16
    /// The request's version of its API.
    public var apiVersion: Int16
    /// The ID the response must echo.
    public var correlationId: Int32
    /// The client's ID, or nil.
    public var clientId: String?

    /// A header with a raw API key.
    public init(apiKey: Int16, apiVersion: Int16, correlationId: Int32, clientId: String? = nil) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationId = correlationId
        self.clientId = clientId
    }

    /// A header for a known API.
    public init(api: ApiKey, apiVersion: Int16, correlationId: Int32, clientId: String? = nil) {
        self.init(apiKey: api.rawValue, apiVersion: apiVersion, correlationId: correlationId, clientId: clientId)
    }

    /// The API, when the key is one this codec knows.
    public var api: ApiKey? { ApiKey(rawValue: apiKey) }

    /// True when the header is v2 (a tagged-field section after client_id): the API's version is
    /// flexible. Unknown APIs count as non-flexible.
    public var isFlexible: Bool {
        guard let api else { return false }
        return apiVersion >= api.firstFlexibleVersion
    }
}
