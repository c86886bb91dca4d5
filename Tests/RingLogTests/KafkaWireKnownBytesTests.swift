import Testing
import RingLogKafkaWire

/// Frames written out by hand from the protocol spec, byte by byte, pinned against the codec in
/// both directions (round trips alone can't catch a layout both sides get wrong).
@Suite struct KafkaWireKnownBytesTests {
    /// ApiVersions v0, correlation id 1, client id "rdkafka": the size, header v1, empty body.
    static let apiVersionsV0Request: [UInt8] = [
        0x00, 0x00, 0x00, 0x11,                          // size 17
        0x00, 0x12,                                      // api_key 18
        0x00, 0x00,                                      // api_version 0
        0x00, 0x00, 0x00, 0x01,                          // correlation_id 1
        0x00, 0x07, 0x72, 0x64, 0x6B, 0x61, 0x66, 0x6B, 0x61, // client_id "rdkafka"
    ]

    @Test func apiVersionsV0RequestMatchesTheSpecBytes() throws {
        let decoded = try KafkaRequestFrame(decoding: Self.apiVersionsV0Request[4...])
        #expect(decoded.header == KafkaRequestHeader(api: .apiVersions, apiVersion: 0, correlationId: 1, clientId: "rdkafka"))
        #expect(decoded.request == .apiVersions(ApiVersionsRequest()))
        #expect(try decoded.encoded() == Self.apiVersionsV0Request)
    }

    @Test func apiVersionsV0ResponseMatchesTheSpecBytes() throws {
        let response = ApiVersionsResponse(errorCode: .none, apiKeys: [.init(apiKey: 18, minVersion: 0, maxVersion: 2)])
        let expected: [UInt8] = [
            0x00, 0x00, 0x00, 0x10,             // size 16
            0x00, 0x00, 0x00, 0x01,             // correlation_id 1
            0x00, 0x00,                         // error_code 0
            0x00, 0x00, 0x00, 0x01,             // api_keys: 1 entry
            0x00, 0x12, 0x00, 0x00, 0x00, 0x02, // ApiVersions 0...2
        ]
        #expect(try KafkaResponseFrame.encoded(response, version: 0, correlationId: 1) == expected)
        let (correlationId, decoded) = try KafkaResponseFrame.decode(ApiVersionsResponse.self, from: expected[4...], version: 0)
        #expect(correlationId == 1 && decoded == response)
    }

    /// librdkafka's first request: ApiVersions v3, request header v2 (tagged fields after the
    /// client id), compact strings, a tagged-field section closing the body.
    static let apiVersionsV3Request: [UInt8] = [
        0x00, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, // api_key 18, version 3, correlation_id 2
        0x00, 0x02, 0x6B, 0x63,                         // client_id "kc"
        0x01, 0x05, 0x02, 0xAA, 0xBB,                   // header tags: 1 field, tag 5, 2 bytes (skipped)
        0x0B, 0x6C, 0x69, 0x62, 0x72, 0x64, 0x6B, 0x61, 0x66, 0x6B, 0x61, // compact "librdkafka" (10 + 1)
        0x06, 0x32, 0x2E, 0x30, 0x2E, 0x32,             // compact "2.0.2" (5 + 1)
        0x00,                                           // body tags: none
    ]

    @Test func apiVersionsV3RequestDecodesItsFlexibleHeaderAndBody() throws {
        let decoded = try KafkaRequestFrame(decoding: Self.apiVersionsV3Request)
        #expect(decoded.header == KafkaRequestHeader(api: .apiVersions, apiVersion: 3, correlationId: 2, clientId: "kc"))
        #expect(decoded.request == .apiVersions(ApiVersionsRequest(clientSoftwareName: "librdkafka", clientSoftwareVersion: "2.0.2")))
        #expect(!ApiKey.apiVersions.supportedVersions.contains(decoded.header.apiVersion))
        // Encoding it back writes an empty header tag section in place of the one skipped.
        var expected = Array(Self.apiVersionsV3Request[..<12]) + [0x00] + Array(Self.apiVersionsV3Request[17...])
        let size = expected.count
        expected.insert(contentsOf: [0, 0, 0, UInt8(size)], at: 0)
        #expect(try decoded.encoded() == expected)
    }

    @Test func apiVersionsNewerThanV3DecodeWhateverTheirBody() throws {
        var frame = Self.apiVersionsV3Request
        frame[3] = 4
        frame += [0xDE, 0xAD]
        let decoded = try KafkaRequestFrame(decoding: frame)
        #expect(decoded.header.apiVersion == 4 && decoded.header.correlationId == 2)
        #expect(decoded.request == .apiVersions(ApiVersionsRequest(clientSoftwareName: "librdkafka", clientSoftwareVersion: "2.0.2")))
        var garbage = Array(Self.apiVersionsV3Request[..<17]) + [0xFF, 0xFF, 0xFF]
        garbage[3] = 9
        #expect(try KafkaRequestFrame(decoding: garbage).request == .apiVersions(ApiVersionsRequest()))
        // v3 itself is read strictly.
        #expect(throws: KafkaWireError.trailingBytes(count: 2)) { try KafkaRequestFrame(decoding: Self.apiVersionsV3Request + [0xDE, 0xAD]) }
    }

    @Test func apiVersionsV3IsAnsweredInTheV0LayoutWithUnsupportedVersionAndTheRanges() throws {
        var expected: [UInt8] = [
            0x00, 0x00, 0x00, 0x5E,             // size 94 = 4 + 2 + 4 + 14 * 6
            0x00, 0x00, 0x00, 0x02,             // correlation_id 2
            0x00, 0x23,                         // error_code 35 UNSUPPORTED_VERSION
            0x00, 0x00, 0x00, 0x0E,             // 14 APIs
        ]
        let ranges: [(Int16, Int16, Int16)] = [(0, 3, 7), (1, 4, 11), (2, 0, 5), (3, 0, 8), (8, 0, 7), (9, 0, 5), (10, 0, 2),
                                               (11, 0, 5), (12, 0, 3), (13, 0, 1), (14, 0, 3), (18, 0, 2), (19, 0, 4), (22, 0, 1)]
        for (key, low, high) in ranges {
            expected += [0x00, UInt8(key), 0x00, UInt8(low), 0x00, UInt8(high)]
        }
        #expect(ApiVersionsResponse.unsupportedVersionFallbackFrame(correlationId: 2) == expected)
    }

    @Test func produceV3RequestMatchesTheSpecBytes() throws {
        let expected: [UInt8] = [
            0x00, 0x00, 0x00, 0x26,             // size 38
            0x00, 0x00, 0x00, 0x03,             // Produce v3
            0x00, 0x00, 0x00, 0x09,             // correlation_id 9
            0x00, 0x01, 0x63,                   // client_id "c"
            0xFF, 0xFF,                         // transactional_id null
            0xFF, 0xFF,                         // acks -1
            0x00, 0x00, 0x75, 0x30,             // timeout_ms 30000
            0x00, 0x00, 0x00, 0x01,             // 1 topic
            0x00, 0x01, 0x74,                   // "t"
            0x00, 0x00, 0x00, 0x01,             // 1 partition
            0x00, 0x00, 0x00, 0x02,             // index 2
            0xFF, 0xFF, 0xFF, 0xFF,             // records null
        ]
        let frame = KafkaRequestFrame(
            header: KafkaRequestHeader(api: .produce, apiVersion: 3, correlationId: 9, clientId: "c"),
            request: .produce(ProduceRequest(acks: -1, timeoutMs: 30_000, topics: [.init(name: "t", partitions: [.init(index: 2)])])))
        #expect(try frame.encoded() == expected)
        #expect(try KafkaRequestFrame(decoding: expected[4...]) == frame)
    }

    @Test func findCoordinatorV1ResponseMatchesTheSpecBytes() throws {
        let response = FindCoordinatorResponse(throttleTimeMs: 0, errorCode: .none, errorMessage: nil,
                                               nodeId: 1, host: "h", port: 9092)
        let expected: [UInt8] = [
            0x00, 0x00, 0x00, 0x00,             // throttle_time_ms 0
            0x00, 0x00,                         // error_code 0
            0xFF, 0xFF,                         // error_message null
            0x00, 0x00, 0x00, 0x01,             // node_id 1
            0x00, 0x01, 0x68,                   // host "h"
            0x00, 0x00, 0x23, 0x84,             // port 9092
        ]
        #expect(try response.encoded(version: 1) == expected)
        #expect(try FindCoordinatorResponse(decoding: expected, version: 1) == response)
        // v0 has neither throttle time nor message.
        #expect(try response.encoded(version: 0) == Array(expected[4...5] + expected[8...]))
    }
}
