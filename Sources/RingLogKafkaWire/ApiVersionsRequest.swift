/// A client asks which APIs and versions the broker supports (API key 18); the first request on a
/// connection.
///
/// Versions 0-2 have an empty body. Version 3 is flexible (request header v2); it decodes so a
/// server can answer it with `ApiVersionsResponse.unsupportedVersionFallback` in the v0 layout.
///
/// Thread-safety: a value type (`Sendable`).
public struct ApiVersionsRequest: Sendable, Equatable, _WireDefaultInitializable {
    /// The client library name (a compact string in v3, which only decodes: the broker answers v3
    /// with UNSUPPORTED_VERSION). (Versions 3+.)
    public var clientSoftwareName: String? = nil
    /// The client library version. (Versions 3+.)
    public var clientSoftwareVersion: String? = nil

    /// A value with every field at its default, for filling in.
    public init() {}

    /// A value with the given fields (the rest at their defaults).
    public init(
        clientSoftwareName: String? = nil,
        clientSoftwareVersion: String? = nil
    ) {
        self.clientSoftwareName = clientSoftwareName
        self.clientSoftwareVersion = clientSoftwareVersion
    }
}
