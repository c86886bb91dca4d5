import RingLogKafkaWire

extension _Group {
    /// Whether a member of protocol type `type` supporting `protocols` may be (or stay) in the
    /// group: with no other member, any non-empty type and protocol list; otherwise the group's
    /// type and at least one protocol every other member supports (else the JoinGroup gets
    /// INCONSISTENT_GROUP_PROTOCOL). Keeps the invariant that the members share a protocol.
    /// O(protocols × members × each member's protocols).
    func supportsProtocols(type: String, protocols: [JoinGroupRequest.ProtocolEntry], excluding memberId: String?) -> Bool {
        let others = memberOrder.filter { $0 != memberId }
        if others.isEmpty { return !type.isEmpty && !protocols.isEmpty }
        guard type == protocolType else { return false }
        return protocols.contains { entry in others.allSatisfy { members[$0]?.supports(entry.name) ?? true } }
    }

    /// The protocol of the next generation, by Kafka's vote: among the protocols every member
    /// supports, each member votes for the first in its own order of preference, and the one with
    /// the most votes wins; ties go to the leader's preference. O(members × protocols²).
    func selectProtocol() -> String {
        let ordered = memberOrder.compactMap { members[$0] }
        let leader = leaderId.flatMap { members[$0] } ?? ordered[0]
        let candidates = leader.protocols.map(\.name).filter { name in ordered.allSatisfy { $0.supports(name) } }
        guard var best = candidates.first else { return leader.protocols.first?.name ?? "" }
        var votes: [String: Int] = [:]
        for member in ordered {
            if let choice = member.protocols.first(where: { candidates.contains($0.name) }) {
                votes[choice.name, default: 0] += 1
            }
        }
        for name in candidates where votes[name, default: 0] > votes[best, default: 0] { best = name }
        return best
    }
}
