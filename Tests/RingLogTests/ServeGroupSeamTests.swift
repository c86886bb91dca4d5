import Foundation
import Testing
import RingLogKafkaWire
import RingLogServer

/// A group handler that answers JoinGroup later, from another thread (as a coordinator does once
/// a rebalance completes), and everything else at once.
struct DelayedJoinHandler: GroupRequestHandling {
    let delay: Double
    let seen = ServeLogLines()

    func joinGroup(_ request: JoinGroupRequest, context: GroupRequestContext, respond: @escaping @Sendable (JoinGroupResponse) -> Void) {
        seen.append("join \(request.groupId) v\(context.apiVersion) from \(context.clientId ?? "-")")
        let delay = delay
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: delay)
            respond(JoinGroupResponse(errorCode: .none, generationId: 1, protocolName: "range", leader: "m-1", memberId: "m-1"))
            respond(JoinGroupResponse(errorCode: .unknownServerError)) // a second answer is ignored
        }
    }

    func heartbeat(_ request: HeartbeatRequest, context: GroupRequestContext, respond: @escaping @Sendable (HeartbeatResponse) -> Void) {
        respond(HeartbeatResponse(errorCode: .rebalanceInProgress))
    }
}

/// The seam the group coordinator plugs into: requests routed to it, answers deferred and kept
/// in order.
@Suite("ringlog serve: the group request seam", .serialized, .waitsOnItsOwnThread)
struct ServeGroupSeamTests {
    @Test("a JoinGroup answered later from another thread goes out first; the response pipelined behind it waits; a second answer is dropped")
    func delayedJoinKeepsOrder() throws {
        let handler = DelayedJoinHandler(delay: 0.3)
        let (server, _) = try startServeTestServer(groups: handler)
        defer { server.shutdown() }
        let client = try ServeTestClient(port: server.address.port)
        let start = Date()
        let joinId = try client.send(.joinGroup(JoinGroupRequest(groupId: "g", sessionTimeoutMs: 10_000, protocolType: "consumer",
                                                                 protocols: [.init(name: "range", metadata: [])])), version: 5)
        let heartbeatId = try client.send(.heartbeat(HeartbeatRequest(groupId: "g", generationId: 1, memberId: "m-1")), version: 3)
        let join = try client.receive(JoinGroupResponse.self, version: 5, correlationId: joinId)
        #expect(Date().timeIntervalSince(start) >= 0.25)
        #expect(join.errorCode == .none && join.memberId == "m-1" && join.generationId == 1)
        #expect(try client.receive(HeartbeatResponse.self, version: 3, correlationId: heartbeatId).errorCode == .rebalanceInProgress)
        #expect(handler.seen.all == ["join g v5 from serve-test"])
        #expect(try client.call(.apiVersions(ApiVersionsRequest()), version: 2, as: ApiVersionsResponse.self).errorCode == .none)
    }

    @Test("shutdown fails answers still owed, and nothing traps")
    func shutdownWithAnswerOwed() throws {
        let (server, _) = try startServeTestServer(groups: DelayedJoinHandler(delay: 2))
        let client = try ServeTestClient(port: server.address.port)
        try client.send(.joinGroup(JoinGroupRequest(groupId: "g", sessionTimeoutMs: 10_000, protocolType: "consumer")), version: 5)
        Thread.sleep(forTimeInterval: 0.1)
        server.shutdown()
        #expect(try client.isClosedByServer())
        Thread.sleep(forTimeInterval: 2.1) // the late answer finds its reply failed already
    }
}
