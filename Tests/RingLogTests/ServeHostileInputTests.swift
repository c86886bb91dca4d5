import Foundation
import Testing
import RingLogKafkaWire
import RingLogPlatform
import RingLogServer

/// `ringlog serve` against frames no client should send: each is refused on its own connection
/// (or answered with the API's error), the state stays as it was, and the server carries on.
@Suite("ringlog serve: hostile input", .serialized)
struct ServeHostileInputTests {
    @Test("an oversize or negative size prefix closes only that connection")
    func oversizePrefix() throws {
        let (server, lines) = try startServeTestServer { $0.maxRequestBytes = 1 << 20 }
        defer { server.shutdown() }
        let bystander = try ServeTestClient(port: server.address.port)
        _ = try bystander.call(.apiVersions(ApiVersionsRequest()), version: 2, as: ApiVersionsResponse.self)
        for prefix: [UInt8] in [[0x7f, 0xff, 0xff, 0xff], [0x00, 0x10, 0x00, 0x01], [0xff, 0xff, 0xff, 0xfe]] {
            let hostile = try ServeTestClient(port: server.address.port)
            try hostile.send(prefix + [0, 18, 0, 0])
            #expect(try hostile.isClosedByServer())
        }
        #expect(lines.all.contains { $0.contains("--max-request-bytes") })
        let answer = try bystander.call(.apiVersions(ApiVersionsRequest()), version: 2, as: ApiVersionsResponse.self)
        #expect(answer.errorCode == .none)
    }

    @Test("a garbage body: INVALID_REQUEST where the API has an error field, else the connection closes; a headerless frame closes it")
    func garbageBodies() throws {
        let (server, _) = try startServeTestServer()
        defer { server.shutdown() }
        // JoinGroup v5 (has an error field) with a body that does not parse.
        let join = try ServeTestClient(port: server.address.port)
        try join.sendFrame([0, 11, 0, 5, 0, 0, 0, 42, 0, 1, 0x41] + [0xff, 0xff, 0xff, 0x01, 0x02])
        let answer = try #require(try join.receiveFrame())
        let (correlationId, body) = try KafkaResponseFrame.decode(JoinGroupResponse.self, from: answer[...], version: 5)
        #expect(correlationId == 42 && body.errorCode == .invalidRequest)
        _ = try join.call(.apiVersions(ApiVersionsRequest()), version: 0, as: ApiVersionsResponse.self)
        // Metadata v4 (no error field) with garbage: closed.
        let meta = try ServeTestClient(port: server.address.port)
        try meta.sendFrame([0, 3, 0, 4, 0, 0, 0, 7, 0xff, 0xff] + [0x7f, 0xff, 0xff, 0xff, 1, 2, 3])
        #expect(try meta.isClosedByServer())
        // Three bytes: no header at all.
        let short = try ServeTestClient(port: server.address.port)
        try short.sendFrame([0, 1, 2])
        #expect(try short.isClosedByServer())
        // Random frames: whatever they are, the server answers or closes, and stays up.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let client = try ServeTestClient(port: server.address.port, timeoutSeconds: 2)
            var body = (0..<Int.random(in: 8...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            body[0] = 0
            body[1] = UInt8.random(in: 0...20, using: &generator)
            try client.sendFrame(body)
            _ = try? client.receiveFrame()
        }
        let alive = try ServeTestClient(port: server.address.port)
        #expect(try alive.call(.apiVersions(ApiVersionsRequest()), version: 1, as: ApiVersionsResponse.self).errorCode == .none)
    }

    @Test("an unknown API key gets the UNSUPPORTED_VERSION answer with its correlation id, and the connection carries on")
    func unknownApiKey() throws {
        let (server, _) = try startServeTestServer()
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        try client.sendFrame([0x03, 0xe7, 0, 0, 0, 0, 0x12, 0x34, 0xff, 0xff, 1, 2, 3])
        let frame = try #require(try client.receiveFrame())
        let (correlationId, body) = try KafkaResponseFrame.decode(ApiVersionsResponse.self, from: frame[...], version: 0)
        #expect(correlationId == 0x1234 && body.errorCode == .unsupportedVersion)
        try client.sendFrame([0, 0, 0, 99, 0, 0, 0, 0x35, 0xff, 0xff])
        let old = try #require(try client.receiveFrame())
        #expect(try KafkaResponseFrame.decode(ApiVersionsResponse.self, from: old[...], version: 0).correlationId == 0x35)
        #expect(try client.call(.apiVersions(ApiVersionsRequest()), version: 2, as: ApiVersionsResponse.self).errorCode == .none)
    }

    @Test("bad CRC → CORRUPT_MESSAGE, compressed → UNSUPPORTED_COMPRESSION_TYPE (logged), too large → MESSAGE_TOO_LARGE, unknown topic → UNKNOWN_TOPIC_OR_PARTITION; nothing is appended")
    func refusedBatches() throws {
        let (server, lines) = try startServeTestServer { $0.ringCapacity = 1 << 16 }
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        _ = try client.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        _ = try client.call(serveProduce("t", records: try serveTestBatch(4)), version: 7, as: ProduceResponse.self)

        var corrupt = try serveTestBatch(4)
        corrupt[corrupt.count - 3] ^= 0x20
        var compressed = try serveTestBatch(4)
        compressed[22] |= 1 // attributes: gzip
        let crc = compressed.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[21...])) }
        compressed.withUnsafeMutableBytes { $0.storeBytes(of: crc.bigEndian, toByteOffset: 17, as: UInt32.self) }
        var huge = RecordBatchBuilder()
        try huge.append(key: nil, value: [UInt8](repeating: 7, count: 40_000))
        let valid = try serveTestBatch(2)
        var badMagic = valid
        badMagic[16] = 1
        let cases: [(String, [UInt8], KafkaErrorCode)] = [
            ("t", corrupt, .corruptMessage),
            ("t", valid + corrupt, .corruptMessage), // a good batch before a bad one: all or nothing
            ("t", badMagic, .corruptMessage),
            ("t", Array(valid.dropLast(5)), .corruptMessage),
            ("t", compressed, .unsupportedCompressionType),
            ("t", huge.build(), .messageTooLarge),
            ("missing", valid, .unknownTopicOrPartition),
        ]
        for (topic, records, code) in cases {
            let r = try client.call(serveProduce(topic, records: records), version: 7, as: ProduceResponse.self)
            #expect(r.topics[0].partitions[0].errorCode == code, "\(code)")
        }
        let bad = try client.call(.produce(ProduceRequest(acks: 1, topics: [.init(name: "t", partitions: [.init(index: 0, records: nil)])])),
                                  version: 3, as: ProduceResponse.self)
        #expect(bad.topics[0].partitions[0].errorCode == .corruptMessage)
        let latest = try client.call(serveListOffsets("t", timestamp: -1), version: 1, as: ListOffsetsResponse.self)
        #expect(latest.topics[0].partitions[0].offset == 4, "state unchanged by the refused batches")
        #expect(lines.all.filter { $0.contains("compression") }.count == 1)
    }

    @Test("--max-connections: a connection over the limit is closed on accept; the ones inside it are served")
    func connectionLimit() throws {
        let (server, lines) = try startServeTestServer { $0.maxConnections = 2 }
        defer { server.shutdown() }
        let a = try ServeTestClient(port: server.address.port)
        let b = try ServeTestClient(port: server.address.port)
        _ = try a.call(.apiVersions(ApiVersionsRequest()), version: 0, as: ApiVersionsResponse.self)
        _ = try b.call(.apiVersions(ApiVersionsRequest()), version: 0, as: ApiVersionsResponse.self)
        let c = try ServeTestClient(port: server.address.port)
        #expect(try c.isClosedByServer())
        #expect(lines.all.contains { $0.contains("--max-connections") })
        #expect(try a.call(.apiVersions(ApiVersionsRequest()), version: 0, as: ApiVersionsResponse.self).errorCode == .none)
    }
}
