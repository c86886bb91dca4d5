import Foundation
import Testing
import RingLogKafkaWire
import RingLogServer

/// Long-poll fetches: they wait on the event loop without blocking it, a produce wakes them,
/// and the connection's later responses wait behind them.
@Suite("ringlog serve: long-poll Fetch and response order", .serialized, .waitsOnItsOwnThread)
struct ServeLongPollTests {
    @Test("a fetch waiting at the high watermark is answered as soon as another connection produces to its partition")
    func produceWakesFetch() throws {
        let (server, _) = try startServeTestServer()
        defer { server.shutdown() }
        let consumer = try ServeTestClient(port: server.address.port)
        let producer = try ServeTestClient(port: server.address.port)
        _ = try producer.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        let start = Date()
        let id = try consumer.send(serveFetch("t", offset: 0, maxWaitMs: 10_000, minBytes: 1), version: 11)
        Thread.sleep(forTimeInterval: 0.2)
        _ = try producer.call(serveProduce("t", records: try serveTestBatch(3)), version: 7, as: ProduceResponse.self)
        let response = try consumer.receive(FetchResponse.self, version: 11, correlationId: id)
        let waited = Date().timeIntervalSince(start)
        #expect(waited >= 0.2 && waited < 5, "waited \(waited) s")
        let batches = try RecordBatchIterator.batches(in: response.topics[0].partitions[0].records ?? [])
        #expect(batches.map(\.header.recordsCount) == [3])
    }

    @Test("a long poll that times out answers empty after max_wait_ms, and the response pipelined behind it waits for it")
    func orderBehindLongPoll() throws {
        let (server, _) = try startServeTestServer()
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        _ = try client.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        let start = Date()
        let fetchId = try client.send(serveFetch("t", offset: 0, maxWaitMs: 600, minBytes: 1), version: 11)
        let versionsId = try client.send(.apiVersions(ApiVersionsRequest()), version: 2)
        let fetched = try client.receive(FetchResponse.self, version: 11, correlationId: fetchId)
        let waited = Date().timeIntervalSince(start)
        #expect(fetched.topics[0].partitions[0].errorCode == .none && fetched.topics[0].partitions[0].records?.isEmpty == true)
        #expect(waited >= 0.5, "answered after \(waited) s")
        #expect(try client.receive(ApiVersionsResponse.self, version: 2, correlationId: versionsId).errorCode == .none)
    }

    @Test("other connections carry on while one waits in a long poll")
    func othersCarryOn() throws {
        let (server, _) = try startServeTestServer()
        defer { server.shutdown() }
        let waiting = try ServeTestClient(port: server.address.port)
        let other = try ServeTestClient(port: server.address.port)
        _ = try other.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        let id = try waiting.send(serveFetch("t", offset: 0, maxWaitMs: 3000, minBytes: 1), version: 11)
        let start = Date()
        for _ in 0..<20 {
            _ = try other.call(.apiVersions(ApiVersionsRequest()), version: 2, as: ApiVersionsResponse.self)
        }
        #expect(Date().timeIntervalSince(start) < 2)
        _ = try other.call(serveProduce("t", records: try serveTestBatch(1)), version: 7, as: ProduceResponse.self)
        _ = try waiting.receive(FetchResponse.self, version: 11, correlationId: id)
    }
}
