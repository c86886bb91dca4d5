import Testing
import RingLogKafkaWire

/// Every request and response survives encode → decode unchanged at each supported version
/// (min and max as the contract; all versions in between as well, they're cheap).
@Suite struct KafkaWireRoundTripTests {
    @Test(arguments: KafkaWireCase.all)
    func requestFrameRoundTripsThroughTheDecoder(_ c: KafkaWireCase) throws {
        let sample = KafkaWireSamples.request(c.api, version: c.version)
        let wire = try KafkaRequestFrame(
            header: KafkaRequestHeader(api: c.api, apiVersion: c.version, correlationId: 7, clientId: "rdkafka"),
            request: sample
        ).encoded()
        // The size prefix counts the bytes after it.
        let size = wire.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        #expect(size == wire.count - 4)
        let decoded = try KafkaRequestFrame(decoding: wire[4...])
        #expect(decoded.header == KafkaRequestHeader(api: c.api, apiVersion: c.version, correlationId: 7, clientId: "rdkafka"))
        #expect(decoded.request == sample)
        // And encoding the decoded frame again gives the same bytes.
        #expect(try decoded.encoded() == wire)
    }

    @Test(arguments: KafkaWireCase.all)
    func responseFrameRoundTripsThroughTheDecoder(_ c: KafkaWireCase) throws {
        try Self.roundTrip(KafkaWireSamples.response(c.api, version: c.version), version: c.version)
    }

    static func roundTrip<M: KafkaMessage>(_ sample: M, version: Int16) throws {
        let wire = try KafkaResponseFrame.encoded(sample, version: version, correlationId: 99)
        let size = wire.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        #expect(size == wire.count - 4)
        let (correlationId, decoded) = try KafkaResponseFrame.decode(M.self, from: wire[4...], version: version)
        #expect(correlationId == 99)
        #expect(decoded == sample)
        #expect(try decoded.encoded(version: version) == Array(wire.dropFirst(8)))
    }

    @Test func theCasesCoverEveryApiAtItsMinAndMaxVersion() {
        #expect(KafkaWireCase.minAndMax.count == 2 * ApiKey.allCases.count)
        for c in KafkaWireCase.minAndMax {
            #expect(KafkaWireCase.all.contains { $0.api == c.api && $0.version == c.version })
        }
    }

    @Test func everySupportedVersionIsBelowTheFlexibleOne() {
        for api in ApiKey.allCases {
            #expect(api.supportedVersions.upperBound < api.firstFlexibleVersion, "\(api)")
        }
    }

    @Test func versionsOutsideTheRangeAreRefusedWithTheCorrelationId() throws {
        let header = KafkaRequestHeader(api: .produce, apiVersion: 2, correlationId: 5, clientId: nil)
        var writer = WireWriter()
        try header.encode(into: &writer)
        #expect(throws: KafkaWireError.unsupportedVersion(apiKey: 0, version: 2, correlationId: 5)) {
            try KafkaRequestFrame(decoding: writer.bytes)
        }
        #expect(throws: KafkaWireError.unsupportedVersion(apiKey: 3, version: 9, correlationId: -1)) {
            try MetadataResponse().encoded(version: 9)
        }
    }

    @Test func flexibleVersionsAreRefusedBeforeTheirTaggedFieldsAreRead() throws {
        // Produce v9 is flexible: header v2. Its tagged fields here are garbage, yet the answer is
        // UNSUPPORTED_VERSION with the correlation id, not a parse error.
        var writer = WireWriter()
        try KafkaRequestHeader(api: .produce, apiVersion: 9, correlationId: 8, clientId: "c").encode(into: &writer)
        let frame = Array(writer.bytes.dropLast()) + [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        #expect(throws: KafkaWireError.unsupportedVersion(apiKey: 0, version: 9, correlationId: 8)) {
            try KafkaRequestFrame(decoding: frame)
        }
        #expect(try KafkaRequestHeader(decoding: frame[...]).clientId == "c")
    }

    @Test func unknownApiKeysAreRefusedWithTheCorrelationId() throws {
        var writer = WireWriter()
        // 23 is OffsetForLeaderEpoch, which this codec does not speak.
        try KafkaRequestHeader(apiKey: 23, apiVersion: 1, correlationId: 6, clientId: "c").encode(into: &writer)
        #expect(throws: KafkaWireError.unknownApiKey(apiKey: 23, correlationId: 6)) {
            try KafkaRequestFrame(decoding: writer.bytes)
        }
        // The header alone still decodes, so a server can answer.
        #expect(try KafkaRequestHeader(decoding: writer.bytes[...]).correlationId == 6)
    }

    @Test func trailingBytesAfterABodyAreRefused() throws {
        let frame = try KafkaWireSamples.requestFrame(KafkaWireCase(api: .heartbeat, version: 0)) + [0]
        #expect(throws: KafkaWireError.trailingBytes(count: 1)) { try KafkaRequestFrame(decoding: frame) }
    }

    @Test func metadataV0EncodesAllTopicsAsAnEmptyArrayAndV1AsNull() throws {
        let all = MetadataRequest(topics: nil)
        #expect(try all.encoded(version: 0) == [0, 0, 0, 0])
        #expect(try all.encoded(version: 1) == [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(try MetadataRequest(decoding: [0xFF, 0xFF, 0xFF, 0xFF], version: 1).topics == nil)
        #expect(throws: KafkaWireError.unexpectedNull) { try MetadataRequest(decoding: [0xFF, 0xFF, 0xFF, 0xFF], version: 0) }
    }

    @Test func produceRecordsAreSlicesOfTheFrameAndParseAsBatches() throws {
        let frame = try KafkaWireSamples.requestFrame(KafkaWireCase(api: .produce, version: 7))
        let decoded = try KafkaRequestFrame(decoding: frame)
        guard case .produce(let produce) = decoded.request else { Issue.record("not a produce"); return }
        let records = try #require(produce.topics.first?.partitions.first?.records)
        let batches = try RecordBatchIterator.batches(in: records)
        #expect(batches.count == 1)
        #expect(try batches[0].records().map { $0.value.map(Array.init) } == [Array("hello".utf8), Array("world".utf8)])
    }
}
