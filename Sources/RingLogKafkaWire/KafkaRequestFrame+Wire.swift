extension KafkaRequestFrame {
    /// Decodes a request frame: the bytes after the int32 size prefix, header then body.
    ///
    /// Never traps on hostile input: truncation, bad lengths, huge counts, invalid UTF-8 and
    /// trailing bytes all throw a `KafkaWireError`. An unknown API key throws `unknownApiKey`, a
    /// version outside `ApiKey.supportedVersions` `unsupportedVersion` (both carry the correlation
    /// ID, so the server can still answer), except ApiVersions v3+, which decodes (header v2, with
    /// its tagged fields) so the server can answer it with
    /// `ApiVersionsResponse.unsupportedVersionFallback` in the v0 layout: v3's body strictly,
    /// the bodies of later versions leniently (their layout is unknown here; v3's fields are read
    /// if they parse, trailing bytes are ignored).
    /// Record sets in Produce requests are slices of `frame` (no copy).
    ///
    /// Thread-safety: pure. Complexity: O(frame size).
    public init(decoding frame: ArraySlice<UInt8>) throws(KafkaWireError) {
        var reader = _WireReader(frame)
        let header = try KafkaRequestHeader(from: &reader)
        guard let api = header.api else {
            throw .unknownApiKey(apiKey: header.apiKey, correlationId: header.correlationId)
        }
        let version = header.apiVersion
        let decodable = api == .apiVersions ? version >= 0 : api.supportedVersions.contains(version)
        guard decodable else {
            throw .unsupportedVersion(apiKey: header.apiKey, version: version, correlationId: header.correlationId)
        }
        // Only now, with the version known to be one we speak, v2's tagged fields.
        if header.isFlexible { try reader.skipTaggedFields() }
        let request: KafkaRequest
        switch api {
        case .produce: request = .produce(try ProduceRequest(from: &reader, version: version))
        case .fetch: request = .fetch(try FetchRequest(from: &reader, version: version))
        case .listOffsets: request = .listOffsets(try ListOffsetsRequest(from: &reader, version: version))
        case .metadata: request = .metadata(try MetadataRequest(from: &reader, version: version))
        case .offsetCommit: request = .offsetCommit(try OffsetCommitRequest(from: &reader, version: version))
        case .offsetFetch: request = .offsetFetch(try OffsetFetchRequest(from: &reader, version: version))
        case .findCoordinator: request = .findCoordinator(try FindCoordinatorRequest(from: &reader, version: version))
        case .joinGroup: request = .joinGroup(try JoinGroupRequest(from: &reader, version: version))
        case .heartbeat: request = .heartbeat(try HeartbeatRequest(from: &reader, version: version))
        case .leaveGroup: request = .leaveGroup(try LeaveGroupRequest(from: &reader, version: version))
        case .syncGroup: request = .syncGroup(try SyncGroupRequest(from: &reader, version: version))
        case .apiVersions where version > 3:
            // A layout newer than this codec knows: whatever the body holds, the answer is the
            // v0 fallback, so read what v3 defines if it parses and ignore the rest.
            let body = try? ApiVersionsRequest(from: &reader, version: 3)
            self.init(header: header, request: .apiVersions(body ?? ApiVersionsRequest()))
            return
        case .apiVersions: request = .apiVersions(try ApiVersionsRequest(from: &reader, version: version))
        case .createTopics: request = .createTopics(try CreateTopicsRequest(from: &reader, version: version))
        case .initProducerId: request = .initProducerId(try InitProducerIdRequest(from: &reader, version: version))
        }
        try reader.expectEnd()
        self.init(header: header, request: request)
    }

    /// Decodes a request frame (the bytes after the int32 size prefix).
    public init(decoding frame: [UInt8]) throws(KafkaWireError) {
        try self.init(decoding: frame[...])
    }

    /// Appends the frame: int32 size, header (v1, or v2 for flexible versions), body in the
    /// header's version. What a client sends.
    public func encode(into writer: inout WireWriter) throws(KafkaWireError) {
        let sizeAt = writer.reserveInt32()
        try header.encode(into: &writer)
        try request.message.encode(into: &writer, version: header.apiVersion)
        try writer.patchSize(at: sizeAt)
    }

    /// The frame with its int32 size prefix.
    public func encoded() throws(KafkaWireError) -> [UInt8] {
        var writer = WireWriter()
        try encode(into: &writer)
        return writer.bytes
    }
}
