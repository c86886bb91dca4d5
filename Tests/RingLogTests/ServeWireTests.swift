import Testing
import RingLogKafkaWire
import RingLogServer

/// `ringlog serve` in process on a free port, spoken to over a raw socket.
@Suite("ringlog serve: the Kafka APIs over a raw socket", .serialized)
struct ServeWireTests {
    @Test("ApiVersions v0 lists the supported ranges; v3 gets UNSUPPORTED_VERSION in the v0 layout with its correlation id")
    func apiVersions() throws {
        let (server, _) = try startServeTestServer()
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        let v0 = try client.call(.apiVersions(ApiVersionsRequest()), version: 0, as: ApiVersionsResponse.self)
        #expect(v0.errorCode == .none && v0.apiKeys == ApiVersionsResponse.advertisedApiKeys)
        let v2 = try client.call(.apiVersions(ApiVersionsRequest()), version: 2, as: ApiVersionsResponse.self)
        #expect(v2.errorCode == .none && v2.apiKeys.count == ApiKey.allCases.count)
        let id = try client.send(.apiVersions(ApiVersionsRequest(clientSoftwareName: "kcat", clientSoftwareVersion: "1.7.1")), version: 3)
        let v3 = try client.receive(ApiVersionsResponse.self, version: 0, correlationId: id)
        #expect(v3.errorCode == .unsupportedVersion && v3.apiKeys == ApiVersionsResponse.advertisedApiKeys)
    }

    @Test("Metadata creates unknown topics with --partitions when allowed, names this broker, and lists all topics on null")
    func metadataAutoCreate() throws {
        let (server, _) = try startServeTestServer { $0.partitions = 3 }
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        let made = try client.call(.metadata(MetadataRequest(topics: ["orders"], allowAutoTopicCreation: true)), version: 4,
                                   as: MetadataResponse.self)
        #expect(made.brokers == [MetadataResponse.Broker(nodeId: 0, host: "127.0.0.1", port: Int32(server.address.port))])
        #expect(made.controllerId == 0 && made.topics.count == 1)
        #expect(made.topics[0].errorCode == .none && made.topics[0].name == "orders")
        #expect(made.topics[0].partitions.map(\.partitionIndex) == [0, 1, 2] && made.topics[0].partitions.allSatisfy { $0.leaderId == 0 })
        let refused = try client.call(.metadata(MetadataRequest(topics: ["nope"], allowAutoTopicCreation: false)), version: 4,
                                      as: MetadataResponse.self)
        #expect(refused.topics.map(\.errorCode) == [.unknownTopicOrPartition])
        let all = try client.call(.metadata(MetadataRequest(topics: nil)), version: 1, as: MetadataResponse.self)
        #expect(all.topics.map(\.name) == ["orders"])
        let v0 = try client.call(.metadata(MetadataRequest(topics: [])), version: 0, as: MetadataResponse.self)
        #expect(v0.topics.map(\.name) == ["orders"])
        let bad = try client.call(.metadata(MetadataRequest(topics: ["a/b"])), version: 4, as: MetadataResponse.self)
        #expect(bad.topics.map(\.errorCode) == [KafkaErrorCode(rawValue: 17)])
    }

    @Test("CreateTopics: the partitions asked for, -1 for the default; TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS, INVALID_TOPIC_EXCEPTION")
    func createTopics() throws {
        let (server, _) = try startServeTestServer { $0.partitions = 2 }
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        let request = CreateTopicsRequest(topics: [
            .init(name: "four", numPartitions: 4, replicationFactor: 1),
            .init(name: "default", numPartitions: -1, replicationFactor: -1),
            .init(name: "zero", numPartitions: 0, replicationFactor: 1),
            .init(name: "bad name", numPartitions: 1, replicationFactor: 1),
        ], timeoutMs: 1000)
        let response = try client.call(.createTopics(request), version: 2, as: CreateTopicsResponse.self)
        #expect(response.topics.map(\.errorCode) == [.none, .none, .invalidPartitions, KafkaErrorCode(rawValue: 17)])
        #expect(response.topics[2].errorMessage?.contains("partitions") == true)
        let again = try client.call(.createTopics(CreateTopicsRequest(topics: [.init(name: "four", numPartitions: 4)])), version: 0,
                                    as: CreateTopicsResponse.self)
        #expect(again.topics.map(\.errorCode) == [.topicAlreadyExists])
        let meta = try client.call(.metadata(MetadataRequest(topics: ["four", "default"], allowAutoTopicCreation: false)), version: 4,
                                   as: MetadataResponse.self)
        #expect(meta.topics.map(\.partitions.count) == [4, 2])
    }

    @Test("--max-partitions bounds the rings: a topic that would pass it is refused with POLICY_VIOLATION, by CreateTopics and by Metadata")
    func partitionLimit() throws {
        let (server, _) = try startServeTestServer { $0.partitions = 2; $0.maxPartitions = 5 }
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        let created = try client.call(.createTopics(CreateTopicsRequest(topics: [.init(name: "a", numPartitions: 4), .init(name: "b", numPartitions: 2)])),
                                      version: 1, as: CreateTopicsResponse.self)
        #expect(created.topics.map(\.errorCode) == [.none, KafkaErrorCode(rawValue: 44)])
        #expect(created.topics[1].errorMessage?.contains("--max-partitions 5") == true)
        let meta = try client.call(.metadata(MetadataRequest(topics: ["c"])), version: 4, as: MetadataResponse.self)
        #expect(meta.topics.map(\.errorCode) == [.unknownTopicOrPartition])
    }

    @Test("Produce then Fetch: a single produced batch comes back byte for byte, offsets are dense across batches, ListOffsets agrees")
    func produceFetchListOffsets() throws {
        let (server, _) = try startServeTestServer()
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        _ = try client.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)

        let first = try serveTestBatch(5, prefix: "a")
        let p1 = try client.call(serveProduce("t", records: first), version: 7, as: ProduceResponse.self)
        #expect(p1.topics[0].partitions[0].errorCode == .none && p1.topics[0].partitions[0].baseOffset == 0)
        #expect(p1.topics[0].partitions[0].logStartOffset == 0)
        let f1 = try client.call(serveFetch("t", offset: 0), version: 11, as: FetchResponse.self)
        let part1 = try #require(f1.topics.first?.partitions.first)
        #expect(part1.errorCode == .none && part1.highWatermark == 5 && part1.logStartOffset == 0 && part1.lastStableOffset == 5)
        #expect(part1.records.map(Array.init) == first, "the stored records re-encode to the producer's batch")

        var second = try serveTestBatch(7, prefix: "b", firstTimestamp: 1_700_000_001_000)
        let p2 = try client.call(serveProduce("t", records: second, acks: 1), version: 5, as: ProduceResponse.self)
        #expect(p2.topics[0].partitions[0].baseOffset == 5)
        let f2 = try client.call(serveFetch("t", offset: 5), version: 4, as: FetchResponse.self)
        RecordBatch.rewriteBaseOffset(5, in: &second)
        #expect(f2.topics[0].partitions[0].records.map(Array.init) == second)

        let all = try client.call(serveFetch("t", offset: 0), version: 11, as: FetchResponse.self)
        let records = try #require(all.topics[0].partitions[0].records)
        var offsets: [Int64] = []
        var values: [String] = []
        for batch in try RecordBatchIterator.batches(in: records) {
            #expect(batch.hasValidCRC)
            for record in try batch.records() {
                offsets.append(batch.offset(of: record))
                values.append(String(decoding: record.value ?? [], as: UTF8.self))
            }
        }
        #expect(offsets == Array(0..<12))
        #expect(values == (0..<5).map { "avalue-\($0)" } + (0..<7).map { "bvalue-\($0)" })

        let earliest = try client.call(serveListOffsets("t", timestamp: -2), version: 1, as: ListOffsetsResponse.self)
        #expect(earliest.topics[0].partitions[0].offset == 0)
        let latest = try client.call(serveListOffsets("t", timestamp: -1), version: 2, as: ListOffsetsResponse.self)
        #expect(latest.topics[0].partitions[0].offset == 12)
        let byTime = try client.call(serveListOffsets("t", timestamp: 1_700_000_001_002), version: 1, as: ListOffsetsResponse.self)
        #expect(byTime.topics[0].partitions[0].offset == 7 && byTime.topics[0].partitions[0].timestamp == 1_700_000_001_002)
        let past = try client.call(serveListOffsets("t", timestamp: 1_800_000_000_000), version: 1, as: ListOffsetsResponse.self)
        #expect(past.topics[0].partitions[0].offset == -1)
        let v0 = try client.call(serveListOffsets("t", timestamp: -1), version: 0, as: ListOffsetsResponse.self)
        #expect(v0.topics[0].partitions[0].oldStyleOffsets == [12])
        let unknown = try client.call(serveListOffsets("nope", timestamp: -1), version: 1, as: ListOffsetsResponse.self)
        #expect(unknown.topics[0].partitions[0].errorCode == .unknownTopicOrPartition)
    }

    @Test("a null value (a tombstone) and a null key are stored as such and come back null, byte for byte; an empty value stays empty")
    func nullValuesRoundTrip() throws {
        let (server, _) = try startServeTestServer()
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        _ = try client.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        var builder = RecordBatchBuilder()
        try builder.append(key: Array("k".utf8), value: nil, headers: [], timestamp: 1_700_000_000_000)
        try builder.append(key: Array("k".utf8), value: [], headers: [], timestamp: 1_700_000_000_001)
        try builder.append(key: nil, value: nil, headers: [(Array("h".utf8), Array("v".utf8))], timestamp: 1_700_000_000_002)
        let batch = builder.build()
        let produced = try client.call(serveProduce("t", records: batch), version: 7, as: ProduceResponse.self)
        #expect(produced.topics[0].partitions[0].errorCode == .none)
        let fetched = try client.call(serveFetch("t", offset: 0), version: 11, as: FetchResponse.self)
        let records = try #require(fetched.topics[0].partitions[0].records)
        #expect(Array(records) == batch, "the stored records re-encode to the producer's batch")
        let decoded = try RecordBatchIterator.batches(in: records).flatMap { try $0.records() }
        #expect(decoded.map { $0.value.map(Array.init) } == [nil, [], nil])
        #expect(decoded.map { $0.key.map(Array.init) } == [Array("k".utf8), Array("k".utf8), nil])
    }

    @Test("several batches in one partition's records: every record comes back in order with its key, value, headers and timestamp")
    func severalBatchesInOneRecordsField() throws {
        let (server, _) = try startServeTestServer()
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        _ = try client.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        // Batches of 3, 1 and 40 records: null and empty values, null keys, records with and without headers.
        var mixed = RecordBatchBuilder()
        try mixed.append(key: nil, value: Array("no key".utf8), headers: [], timestamp: 1_700_000_000_500)
        try mixed.append(key: Array("tomb".utf8), value: nil, headers: [(Array("why".utf8), Array("deleted".utf8))], timestamp: 1_700_000_000_501)
        try mixed.append(key: Array("e".utf8), value: [], headers: [(Array("a".utf8), nil), (Array("b".utf8), [7])], timestamp: 1_700_000_000_502)
        let batches = [try serveTestBatch(3, prefix: "x-"), mixed.build(), try serveTestBatch(40, prefix: "y-", firstTimestamp: 1_700_000_001_000)]
        let field = batches.flatMap { $0 }
        // Each record with its absolute timestamp (the batch's base + its delta).
        func timed(_ field: ArraySlice<UInt8>) throws -> [(Int64, BatchRecord)] {
            try RecordBatchIterator.batches(in: field).flatMap { b in try b.records().map { (b.header.baseTimestamp + $0.timestampDelta, $0) } }
        }
        let expected = try batches.flatMap { try timed($0[...]) }
        let produced = try client.call(serveProduce("t", records: field), version: 7, as: ProduceResponse.self)
        #expect(produced.topics[0].partitions[0].errorCode == .none && produced.topics[0].partitions[0].baseOffset == 0)
        let fetched = try client.call(serveFetch("t", offset: 0), version: 11, as: FetchResponse.self)
        let got = try timed(try #require(fetched.topics[0].partitions[0].records))
        #expect(got.count == 46 && expected.count == 46)
        for ((gt, g), (et, e)) in zip(got, expected) {
            #expect(g.key.map(Array.init) == e.key.map(Array.init) && g.value.map(Array.init) == e.value.map(Array.init))
            #expect(gt == et)
            // A null header value is stored empty (the engine's headers have no null).
            #expect(g.headers.map { [Array($0.key), Array($0.value ?? [])] } == e.headers.map { [Array($0.key), Array($0.value ?? [])] })
        }
    }

    @Test("Fetch limits: partition max bytes cuts the record set at a record (the first always goes out), offsets out of range are refused")
    func fetchLimitsAndRange() throws {
        let (server, _) = try startServeTestServer()
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        _ = try client.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        _ = try client.call(serveProduce("t", records: try serveTestBatch(100)), version: 7, as: ProduceResponse.self)
        let small = try client.call(serveFetch("t", offset: 10, partitionMaxBytes: 300), version: 11, as: FetchResponse.self)
        let cut = try RecordBatchIterator.batches(in: small.topics[0].partitions[0].records ?? [])
        let count = cut.reduce(0) { $0 + Int($1.header.recordsCount) }
        #expect(count > 0 && count < 90 && (small.topics[0].partitions[0].records?.count ?? 0) <= 300)
        #expect(cut.first?.header.baseOffset == 10)
        let tiny = try client.call(serveFetch("t", offset: 0, partitionMaxBytes: 1), version: 11, as: FetchResponse.self)
        #expect(try RecordBatchIterator.batches(in: tiny.topics[0].partitions[0].records ?? []).map(\.header.recordsCount) == [1])
        let atEnd = try client.call(serveFetch("t", offset: 100), version: 11, as: FetchResponse.self)
        #expect(atEnd.topics[0].partitions[0].errorCode == .none && atEnd.topics[0].partitions[0].records?.isEmpty == true)
        let beyond = try client.call(serveFetch("t", offset: 101), version: 11, as: FetchResponse.self)
        #expect(beyond.topics[0].partitions[0].errorCode == .offsetOutOfRange && beyond.topics[0].partitions[0].highWatermark == 100)
        let unknown = try client.call(serveFetch("t", partition: 3, offset: 0), version: 11, as: FetchResponse.self)
        #expect(unknown.topics[0].partitions[0].errorCode == .unknownTopicOrPartition)
    }

    @Test("overwrite retention: once the ring wrapped, the log start moves up and fetches below it get OFFSET_OUT_OF_RANGE")
    func overwriteRetention() throws {
        let (server, _) = try startServeTestServer { $0.ringCapacity = 1 << 16 }
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        _ = try client.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        for round in 0..<20 {
            let r = try client.call(serveProduce("t", records: try serveTestBatch(100, prefix: "\(round)")), version: 7, as: ProduceResponse.self)
            #expect(r.topics[0].partitions[0].errorCode == .none)
        }
        let earliest = try client.call(serveListOffsets("t", timestamp: -2), version: 1, as: ListOffsetsResponse.self).topics[0].partitions[0].offset
        #expect(earliest > 0)
        let below = try client.call(serveFetch("t", offset: 0), version: 11, as: FetchResponse.self).topics[0].partitions[0]
        #expect(below.errorCode == .offsetOutOfRange && below.logStartOffset == earliest && below.highWatermark == 2000)
        let from = try client.call(serveFetch("t", offset: earliest), version: 11, as: FetchResponse.self).topics[0].partitions[0]
        #expect(from.errorCode == .none && (from.records?.count ?? 0) > 0)
    }

    @Test("block retention: commits free the space every committing group consumed (the slowest group governs), and produces go on")
    func blockRetentionFreesWhatEveryGroupCommitted() throws {
        let (server, lines) = try startServeTestServer { $0.ringCapacity = 1 << 16; $0.retention = .block }
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        _ = try client.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        func produceUntilFull(_ round: String) throws -> Int64 {
            for i in 0..<100 {
                let r = try client.call(serveProduce("t", records: try serveTestBatch(100, prefix: "\(round)\(i)")), version: 7, as: ProduceResponse.self)
                let code = r.topics[0].partitions[0].errorCode
                if code == KafkaErrorCode(rawValue: 56) { return try latest() }  // KAFKA_STORAGE_ERROR
                #expect(code == .none)
            }
            Issue.record("a 64 KiB ring never filled")
            return -1
        }
        func latest() throws -> Int64 {
            try client.call(serveListOffsets("t", timestamp: -1), version: 1, as: ListOffsetsResponse.self).topics[0].partitions[0].offset
        }
        func earliest() throws -> Int64 {
            try client.call(serveListOffsets("t", timestamp: -2), version: 1, as: ListOffsetsResponse.self).topics[0].partitions[0].offset
        }
        func commit(_ group: String, _ offset: Int64) throws {
            let r = try client.call(.offsetCommit(OffsetCommitRequest(groupId: group, topics: [
                .init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: offset)])])), version: 2, as: OffsetCommitResponse.self)
            #expect(r.topics[0].partitions[0].errorCode == .none)
        }
        let full = try produceUntilFull("a")
        let startWhenFull = try earliest()
        #expect(full > 0 && startWhenFull == 0)
        // A group counts once it has committed: "slow" first, so that "fast" cannot free its records.
        try commit("slow", 100)
        try commit("fast", full)
        // The slow group holds the records from 100 on: only a little room came free.
        let afterSlow = try produceUntilFull("b")
        #expect(afterSlow > full && afterSlow <= full + 200, "\(afterSlow) after \(full)")
        try commit("slow", afterSlow)
        let refilled = try produceUntilFull("c")
        #expect(refilled > afterSlow + 100, "both groups past: the ring refills (\(full), \(afterSlow), \(refilled))")
        // Nothing a group has not committed was dropped: everything from the slowest commit on is there.
        let fetched = try client.call(serveFetch("t", offset: afterSlow), version: 11, as: FetchResponse.self)
        #expect(fetched.topics[0].partitions[0].errorCode == .none)
        let start = try earliest()
        #expect(start > 0 && start <= afterSlow)
        // One log line per stall, naming what holds the ring.
        let stalls = lines.all.filter { $0.contains("is full (block retention") }
        #expect(stalls.count == 3, "\(stalls)")
        #expect(stalls.first?.contains("no consumer group has committed on it yet") == true)
        #expect(stalls.dropFirst().first?.contains("group slow committed offset 100, the lowest") == true, "\(stalls)")
    }

    @Test("block retention: a full ring refuses produces with KAFKA_STORAGE_ERROR and keeps every record")
    func blockRetention() throws {
        let (server, lines) = try startServeTestServer { $0.ringCapacity = 1 << 16; $0.retention = .block }
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        _ = try client.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        var codes: [KafkaErrorCode] = []
        for round in 0..<20 {
            let r = try client.call(serveProduce("t", records: try serveTestBatch(100, prefix: "\(round)")), version: 7, as: ProduceResponse.self)
            codes.append(r.topics[0].partitions[0].errorCode)
        }
        #expect(codes.first == KafkaErrorCode.none && codes.last == KafkaErrorCode(rawValue: 56))
        #expect(codes.filter { $0 == KafkaErrorCode(rawValue: 56) }.count > 1)
        #expect(lines.all.filter { $0.contains("is full (block retention") }.count == 1, "one line for the stall, not one per refused produce")
        let earliest = try client.call(serveListOffsets("t", timestamp: -2), version: 1, as: ListOffsetsResponse.self)
        #expect(earliest.topics[0].partitions[0].offset == 0)
    }

    @Test("acks 0: no response (the next response is the next request's); FindCoordinator names this node; group APIs answer COORDINATOR_NOT_AVAILABLE")
    func acksZeroAndGroupSeam() throws {
        // The seam's defaults (`ringlog serve` itself serves a GroupCoordinator: ServeGroups*Tests).
        let server = try KafkaServer.start(configuration: KafkaServerConfiguration(listen: ListenAddress(host: "127.0.0.1", port: 0), eventLoops: 2),
                                           groups: UnavailableGroupCoordinator(), log: { _ in })
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        _ = try client.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        try client.send(serveProduce("t", records: try serveTestBatch(3), acks: 0), version: 7)
        let coordinator = try client.call(.findCoordinator(FindCoordinatorRequest(key: "g")), version: 2, as: FindCoordinatorResponse.self)
        #expect(coordinator.errorCode == .none && coordinator.nodeId == 0 && coordinator.port == Int32(server.address.port))
        let latest = try client.call(serveListOffsets("t", timestamp: -1), version: 1, as: ListOffsetsResponse.self)
        #expect(latest.topics[0].partitions[0].offset == 3)
        let join = try client.call(.joinGroup(JoinGroupRequest(groupId: "g", sessionTimeoutMs: 10_000, protocolType: "consumer",
                                                               protocols: [.init(name: "range", metadata: [])])), version: 5, as: JoinGroupResponse.self)
        #expect(join.errorCode == .coordinatorNotAvailable)
        let commit = try client.call(.offsetCommit(OffsetCommitRequest(groupId: "g", topics: [.init(name: "t", partitions: [.init(partitionIndex: 0, committedOffset: 1)])])),
                                     version: 7, as: OffsetCommitResponse.self)
        #expect(commit.topics[0].partitions[0].errorCode == .coordinatorNotAvailable)
        let fetched = try client.call(.offsetFetch(OffsetFetchRequest(groupId: "g", topics: nil)), version: 5, as: OffsetFetchResponse.self)
        #expect(fetched.errorCode == .coordinatorNotAvailable)
        let heartbeat = try client.call(.heartbeat(HeartbeatRequest(groupId: "g", generationId: 1, memberId: "m")), version: 3, as: HeartbeatResponse.self)
        #expect(heartbeat.errorCode == .coordinatorNotAvailable)
    }
}
