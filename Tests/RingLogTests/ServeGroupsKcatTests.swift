import Foundation
import Testing
import RingLogServer

/// kcat's balanced consumer (`-G`, librdkafka's KafkaConsumer) against `ringlog serve`'s
/// group coordinator, end to end.
@Suite("ringlog serve: consumer groups with kcat -G", .serialized, .waitsOnItsOwnThread,
       .enabled(if: serveKcatPath != nil, "kcat is not installed (apt-get install -y kcat); CI installs it"))
struct ServeGroupsKcatTests {
    /// librdkafka settings that keep a group test short (its defaults: 45 s sessions, 3 s heartbeats).
    static let fast = ["-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=250", "-X", "auto.offset.reset=earliest",
                       "-X", "topic.metadata.refresh.interval.ms=1000"]
    static let format = ["-f", "%p|%o|%s\\n"]

    init() {
        if serveKcatPath == nil { print("ServeGroupsKcatTests skipped: kcat is not installed (apt-get install -y kcat)") }
    }

    /// Produces `perPartition` lines `tag-pP-I` to each of `partitions` partitions of `topic`.
    static func produce(_ broker: String, _ topic: String, partitions: Int, perPartition: Int, tag: String) throws -> Set<String> {
        var all = Set<String>()
        for p in 0..<partitions {
            let lines = (0..<perPartition).map { "\(tag)-p\(p)-\($0)" }
            let produced = try runKcat(["-P", "-b", broker, "-t", topic, "-p", "\(p)"], input: lines.joined(separator: "\n") + "\n")
            #expect(produced.status == 0, "kcat -P: \(produced.errors)")
            all.formUnion(lines)
        }
        return all
    }

    /// `partition|offset|value` rows: the values, and per partition the offsets in order received.
    static func parse(_ lines: [String]) -> (values: [String], partitions: Set<Int>, offsets: [Int: [Int]]) {
        var values: [String] = [], partitions = Set<Int>(), offsets: [Int: [Int]] = [:]
        for line in lines {
            let f = line.split(separator: "|", maxSplits: 2).map(String.init)
            guard f.count == 3, let p = Int(f[0]), let o = Int(f[1]) else { continue }
            values.append(f[2])
            partitions.insert(p)
            offsets[p, default: []].append(o)
        }
        return (values, partitions, offsets)
    }

    @Test("kcat -G group -e: a group consumer receives every produced line, each partition in offset order, and its offsets are committed")
    func groupConsume() throws {
        let (server, groups, lines) = try startServeGroupsServer(partitions: 3)
        defer { server.shutdown() }
        let broker = "127.0.0.1:\(server.address.port)"
        let produced = try Self.produce(broker, "ga", partitions: 3, perPartition: 100, tag: "a")
        let consumed = try runKcat(["-b", broker, "-G", "ga-group", "ga", "-e"] + Self.fast + Self.format, timeoutSeconds: 30)
        #expect(consumed.status == 0, "kcat -G: \(consumed.errors) server: \(lines.all.suffix(5))")
        let rows = Self.parse(consumed.output.split(separator: "\n").map(String.init))
        #expect(rows.values.count == produced.count && Set(rows.values) == produced)
        for (_, offsets) in rows.offsets { #expect(offsets == Array(0..<100)) }
        // librdkafka commits what it consumed when it closes (enable.auto.commit).
        for p in Int32(0)..<3 { #expect(groups.coordinator.committedOffset(group: "ga-group", topic: "ga", partition: p)?.offset == 100) }
    }

    @Test("two kcat -G in one group split the partitions; when one leaves, the other gets them all and consumes what follows")
    func splitAndRebalance() throws {
        let (server, groups, lines) = try startServeGroupsServer(partitions: 4, initialRebalanceDelayMs: 1_500)
        defer { server.shutdown() }
        let broker = "127.0.0.1:\(server.address.port)"
        let first = try Self.produce(broker, "gb", partitions: 4, perPartition: 50, tag: "b1")
        let a = try ServeGroupsKcat(["-u", "-b", broker, "-G", "gb-group", "gb"] + Self.fast + Self.format)
        // b leaves by itself (closing its consumer: a final commit, then LeaveGroup) once it has
        // its share, two partitions of 50 (the range assignor splits four partitions 2 + 2).
        let b = try ServeGroupsKcat(["-u", "-c", "100", "-b", broker, "-G", "gb-group", "gb"] + Self.fast + Self.format)
        defer { a.stop(); b.stop() }
        let split = serveGroupsWait(30) { Self.parse(a.lines + b.lines).values.count >= first.count }
        #expect(split, "a: \(a.errors) b: \(b.errors) server: \(lines.all.suffix(5))")
        let rowsA = Self.parse(a.lines), rowsB = Self.parse(b.lines)
        #expect(Set(rowsA.values + rowsB.values) == first)
        #expect(!rowsA.partitions.isEmpty && !rowsB.partitions.isEmpty && rowsA.partitions.isDisjoint(with: rowsB.partitions),
                "a: \(rowsA.partitions) b: \(rowsB.partitions)")

        let left = b.waitForExit(20) // LeaveGroup: the group rebalances to a alone
        #expect(left == 0, "b: \(b.errors)")
        let rebalanced = serveGroupsWait(20) {
            let g = groups.coordinator.describeGroup("gb-group")
            return g?.memberIds.count == 1 && (g?.generationId ?? 0) >= 2 && g?.state == .stable
        }
        #expect(rebalanced, "\(String(describing: groups.coordinator.describeGroup("gb-group"))) a: \(a.errors)")
        let second = try Self.produce(broker, "gb", partitions: 4, perPartition: 50, tag: "b2")
        let gotAll = serveGroupsWait(30) { second.isSubset(of: Set(Self.parse(a.lines).values)) }
        #expect(gotAll, "a got \(Set(Self.parse(a.lines).values).intersection(second).count) of \(second.count): \(a.errors)")
        let afterLeave = Self.parse(a.lines)
        // What b consumed it committed as it left: a does not consume b's lines again.
        #expect(Set(afterLeave.values).intersection(Set(rowsB.values)).isEmpty)
        #expect(Set(afterLeave.values).isSuperset(of: second))
    }

    @Test("a restarted consumer resumes from its group's commits (no line twice); a late group replays everything from earliest")
    func commitsResumeAndLateGroup() throws {
        let (server, groups, lines) = try startServeGroupsServer(partitions: 2)
        defer { server.shutdown() }
        let broker = "127.0.0.1:\(server.address.port)"
        let first = try Self.produce(broker, "gc", partitions: 2, perPartition: 80, tag: "c1")
        let run1 = try runKcat(["-b", broker, "-G", "gc-group", "gc", "-e"] + Self.fast + Self.format, timeoutSeconds: 30)
        #expect(run1.status == 0, "\(run1.errors) server: \(lines.all.suffix(5))")
        let rows1 = Self.parse(run1.output.split(separator: "\n").map(String.init))
        #expect(rows1.values.count == first.count && Set(rows1.values) == first)
        #expect(groups.coordinator.committedOffset(group: "gc-group", topic: "gc", partition: 0)?.offset == 80)

        let second = try Self.produce(broker, "gc", partitions: 2, perPartition: 30, tag: "c2")
        let run2 = try runKcat(["-b", broker, "-G", "gc-group", "gc", "-e"] + Self.fast + Self.format, timeoutSeconds: 30)
        #expect(run2.status == 0, "\(run2.errors)")
        let rows2 = Self.parse(run2.output.split(separator: "\n").map(String.init))
        #expect(rows2.values.count == second.count && Set(rows2.values) == second)
        for (_, offsets) in rows2.offsets { #expect(offsets == Array(80..<110)) }

        let late = try runKcat(["-b", broker, "-G", "gc-late", "gc", "-e"] + Self.fast + Self.format, timeoutSeconds: 30)
        #expect(late.status == 0, "\(late.errors)")
        let rowsLate = Self.parse(late.output.split(separator: "\n").map(String.init))
        #expect(rowsLate.values.count == first.count + second.count && Set(rowsLate.values) == first.union(second))
    }
}
