import Foundation
import Testing
import RingLogKafkaWire

/// `ringlog serve` as a person runs it: flags refused by name before binding, the real port
/// printed, and a clean stop on SIGINT and SIGTERM.
@Suite("ringlog serve: the command", .serialized, .enabled(if: ringlogExecutable != nil, "the ringlog executable is not built beside the tests"))
struct ServeCommandTests {
    @Test("each bad flag gets its own message and a non-zero exit, not a signal", arguments: [
        (["serve", "--listen", "nope"], "invalid listen address 'nope': expected HOST:PORT"),
        (["serve", "--listen", "127.0.0.1:99999"], "is not a number in 0...65535"),
        (["serve", "--listen", "example.com:9092"], "is not an IP address"),
        (["serve", "--partitions", "0"], "--partitions must be in 1...4096, got 0"),
        (["serve", "--ring-capacity", "1000"], "--ring-capacity: invalid capacity 1000: not a power of two"),
        (["serve", "--retention", "keep"], "--retention must be overwrite or block, got 'keep'"),
        (["serve", "--max-request-bytes", "-1"], "--max-request-bytes must be in 1024"),
        (["serve", "--max-connections", "0"], "--max-connections must be in 1...65536, got 0"),
        (["serve", "--max-partitions", "0"], "--max-partitions must be in"),
        (["serve", "--threads", "0"], "--threads must be in 1...1024, got 0"),
        (["serve", "--listen", "8.8.8.8:9092"], "cannot listen on 8.8.8.8:9092: Cannot assign requested address"),
    ])
    func badFlags(arguments: [String], message: String) throws {
        let (status, output) = try CLIOutputPathTests.ringlog(arguments, in: NSTemporaryDirectory())
        #expect(status != 0 && status < 128, "exit \(status)")
        #expect(output.contains(message), "\(output)")
        #expect(!output.contains("USAGE"), "the message is not buried under the usage text")
    }

    @Test("prints the real port for port 0, serves, and stops cleanly on the signal", arguments: [SIGINT, SIGTERM])
    func servesAndStops(signal: Int32) throws {
        let folder = NSTemporaryDirectory() + "ringlog-serve-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let outPath = folder + "/out"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ringlogExecutable!)
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--partitions", "2"]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var port: Int?
        for _ in 0..<500 where port == nil {
            let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on 127.0.0.1:") }) {
                port = Int(line.split(separator: ":").last ?? "")
            }
            if port == nil { Thread.sleep(forTimeInterval: 0.02) }
        }
        let bound = try #require(port, "no 'listening on' line")
        #expect(bound > 0)
        let client = try ServeTestClient(port: bound)
        let meta = try client.call(.metadata(MetadataRequest(topics: ["t"])), version: 4, as: MetadataResponse.self)
        #expect(meta.topics.first?.partitions.count == 2)
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(!process.isRunning)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect((try? String(contentsOfFile: outPath, encoding: .utf8))?.contains("stopped") == true)
    }
}
