import Foundation
import Testing
import RingLogServer

/// Whether `python3` can import confluent-kafka (`pip install confluent-kafka`; CI installs it).
let servePythonClientAvailable: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import confluent_kafka"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()

/// A second client, with a newer librdkafka than kcat's: the confluent-kafka Python package.
@Suite("ringlog serve: the confluent-kafka Python client", .serialized, .waitsOnItsOwnThread,
       .enabled(if: servePythonClientAvailable, "python3 cannot import confluent_kafka (pip install confluent-kafka); CI installs it"))
struct ServePythonClientTests {
    @Test("confluent-kafka creates a topic of 3 partitions, produces keyed messages, and a consumer group gets each once, every key in order")
    func producesAndConsumesAsAGroup() throws {
        let (server, lines) = try startServeTestServer()
        defer { server.shutdown() }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/serve-python-client.py")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("ringlog-pyclient-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "127.0.0.1:\(server.address.port)", "3000"]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = process.standardOutput
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let printed = String(decoding: try Data(contentsOf: output), as: UTF8.self)
        print(printed.split(separator: "\n").last.map(String.init) ?? "(no output)")
        #expect(process.terminationStatus == 0, "\(printed) server: \(lines.all.suffix(5))")
    }
}
