import Foundation
import Testing
import RingLogServer

/// Where kcat is, if installed (`apt-get install -y kcat`; CI installs it).
let serveKcatPath: String? = ["/usr/bin/kcat", "/usr/local/bin/kcat", "/usr/bin/kafkacat"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// Runs kcat with `arguments` (and `input` on its stdin); returns its exit status and output.
/// Standard streams go through temporary files, so a large output cannot fill a pipe and stall it.
func runKcat(_ arguments: [String], input: String? = nil, timeoutSeconds: Double = 30) throws -> (status: Int32, output: String, errors: String) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ringlog-kcat-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let inURL = folder.appendingPathComponent("in"), outURL = folder.appendingPathComponent("out"), errURL = folder.appendingPathComponent("err")
    try Data((input ?? "").utf8).write(to: inURL)
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: serveKcatPath!)
    process.arguments = arguments
    process.standardInput = try FileHandle(forReadingFrom: inURL)
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    try process.run()
    let deadline = Date().addingTimeInterval(timeoutSeconds)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

/// kcat (librdkafka 2.0.2) against `ringlog serve`, end to end.
@Suite("ringlog serve: kcat end to end", .serialized, .waitsOnItsOwnThread,
       .enabled(if: serveKcatPath != nil, "kcat is not installed (apt-get install -y kcat); CI installs it"))
struct ServeKcatTests {
    init() {
        if serveKcatPath == nil { print("ServeKcatTests skipped: kcat is not installed (apt-get install -y kcat)") }
    }

    @Test("kcat -P then -L then -C -o beginning -e: every line comes back, in order, on one partition")
    func produceListConsume() throws {
        let (server, lines) = try startServeTestServer()
        defer { server.shutdown() }
        let broker = "127.0.0.1:\(server.address.port)"
        let input = (0..<2000).map { "line \($0) " + String(repeating: "x", count: $0 % 50) }
        let produced = try runKcat(["-P", "-b", broker, "-t", "lines"], input: input.joined(separator: "\n") + "\n")
        #expect(produced.status == 0, "kcat -P: \(produced.errors) server: \(lines.all)")
        let listed = try runKcat(["-L", "-b", broker, "-t", "lines"])
        #expect(listed.status == 0 && listed.output.contains("topic \"lines\" with 1 partitions"), "\(listed.output) \(listed.errors)")
        #expect(listed.output.contains("broker 0 at 127.0.0.1:\(server.address.port)"), "\(listed.output)")
        let consumed = try runKcat(["-C", "-b", broker, "-t", "lines", "-o", "beginning", "-e"])
        #expect(consumed.status == 0, "kcat -C: \(consumed.errors)")
        let received: [String] = consumed.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(received == input)
    }

    @Test("keys, several partitions, and offsets: kcat -K: produces keyed lines, -C -f prints key, partition and offset")
    func keyedPartitions() throws {
        let (server, _) = try startServeTestServer { $0.partitions = 3 }
        defer { server.shutdown() }
        let broker = "127.0.0.1:\(server.address.port)"
        let input = (0..<600).map { "k\($0 % 17):v\($0)" }
        let produced = try runKcat(["-P", "-b", broker, "-t", "keyed", "-K:"], input: input.joined(separator: "\n") + "\n")
        #expect(produced.status == 0, "\(produced.errors)")
        let consumed = try runKcat(["-C", "-b", broker, "-t", "keyed", "-o", "beginning", "-e", "-f", "%k:%s|%p|%o\\n"])
        #expect(consumed.status == 0, "\(consumed.errors)")
        let rows = consumed.output.split(separator: "\n").map { $0.split(separator: "|").map(String.init) }
        #expect(Set(rows.map { $0[0] }) == Set(input) && rows.count == input.count)
        // One key, one partition; per partition the values keep their order and offsets are dense.
        var partitionOfKey: [String: String] = [:]
        var offsets: [String: [Int]] = [:]
        for row in rows {
            let key = String(row[0].split(separator: ":")[0])
            #expect(partitionOfKey[key, default: row[1]] == row[1])
            partitionOfKey[key] = row[1]
            offsets[row[1], default: []].append(Int(row[2]) ?? -1)
        }
        #expect(offsets.count > 1)
        for (_, list) in offsets { #expect(list == Array(0..<list.count)) }
    }

    @Test("an idempotent producer (kcat -X enable.idempotence=true) gets a producer ID and every line lands once, in order")
    func idempotentProducer() throws {
        let (server, lines) = try startServeTestServer()
        defer { server.shutdown() }
        let broker = "127.0.0.1:\(server.address.port)"
        let input = (0..<3000).map { "line \($0)" }
        let produced = try runKcat(["-P", "-b", broker, "-t", "idempotent", "-X", "enable.idempotence=true", "-X", "debug=eos"],
                                   input: input.joined(separator: "\n") + "\n")
        #expect(produced.status == 0, "\(produced.errors)")
        #expect(produced.errors.contains("Acquired PID"), "librdkafka got a producer ID: \(produced.errors.suffix(2000))")
        let consumed = try runKcat(["-C", "-b", broker, "-t", "idempotent", "-o", "beginning", "-e"])
        #expect(consumed.status == 0, "\(consumed.errors)")
        #expect(consumed.output.split(separator: "\n").map(String.init) == input)
        #expect(!lines.all.contains { $0.contains("refused") }, "\(lines.all)")
    }

    @Test("tombstones: kcat -Z produces a keyed line with no value as a null value, and -C -Z prints it back as NULL (payload length -1)")
    func tombstonesComeBackNull() throws {
        let (server, _) = try startServeTestServer()
        defer { server.shutdown() }
        let broker = "127.0.0.1:\(server.address.port)"
        let produced = try runKcat(["-P", "-b", broker, "-t", "deletes", "-K:", "-Z"], input: "user-1:created\nuser-1:\nuser-2:x\n")
        #expect(produced.status == 0, "\(produced.errors)")
        let consumed = try runKcat(["-C", "-b", broker, "-t", "deletes", "-o", "beginning", "-e", "-Z", "-f", "%k=%s (%S)\\n"])
        #expect(consumed.status == 0, "\(consumed.errors)")
        #expect(consumed.output.split(separator: "\n").map(String.init) == ["user-1=created (7)", "user-1=NULL (-1)", "user-2=x (1)"])
    }
}
