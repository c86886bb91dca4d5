import Foundation
import Testing
import RingLogKafkaWire
@testable import RingLogServer

/// What the server keeps besides the rings stays bounded: long polls leave nothing behind once
/// answered, and the response budget spans partitions.
@Suite("ringlog serve: bounded state", .serialized, .waitsOnItsOwnThread)
struct ServeStateBoundsTests {
    @Test("200 long polls, woken and timed out, leave no waiter and no pending reply behind")
    func longPollsLeaveNothing() throws {
        let (server, _) = try startServeTestServer()
        defer { server.shutdown() }
        let consumer = try ServeTestClient(port: server.address.port)
        let producer = try ServeTestClient(port: server.address.port)
        _ = try producer.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        var offset: Int64 = 0
        for i in 0..<200 {
            let id = try consumer.send(serveFetch("t", offset: offset, maxWaitMs: i % 2 == 0 ? 5000 : 5, minBytes: 1), version: 11)
            if i % 2 == 0 {
                _ = try producer.call(serveProduce("t", records: try serveTestBatch(2)), version: 7, as: ProduceResponse.self)
                offset += 2
            }
            _ = try consumer.receive(FetchResponse.self, version: 11, correlationId: id)
        }
        let watchers = server.broker._watchers.counts
        #expect(watchers.waiters == 0 && watchers.partitions == 0)
        #expect(server.broker._pending.count == 0)
    }

    @Test("the response's max bytes spans partitions: once the first fills it, the next gets no records")
    func responseBudgetSpansPartitions() throws {
        let (server, _) = try startServeTestServer { $0.partitions = 2 }
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        _ = try client.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        for p: Int32 in 0...1 {
            _ = try client.call(serveProduce("t", partition: p, records: try serveTestBatch(50)), version: 7, as: ProduceResponse.self)
        }
        let request = FetchRequest(maxWaitMs: 0, minBytes: 1, maxBytes: 1000, topics: [
            .init(name: "t", partitions: [.init(partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20),
                                          .init(partition: 1, fetchOffset: 0, partitionMaxBytes: 1 << 20)])])
        let response = try client.call(.fetch(request), version: 11, as: FetchResponse.self)
        let sizes = response.topics[0].partitions.map { $0.records?.count ?? 0 }
        #expect(sizes[0] > 0 && sizes[0] <= 1000 && sizes[1] == 0, "\(sizes)")
        #expect(response.topics[0].partitions.map(\.highWatermark) == [50, 50])
    }
}
