import Foundation
import Testing
import RingLog
import RingLogBench
import RingLogReport
import RingLogExperiments
import RingLogThroughput

/// What a person sees when a flag, a workload or the machine says no: one specific message,
/// before anything runs, without the usage text hiding it, and never a signal.
@Suite("CLI: messages a person can act on", .serialized)
struct CLIMessageTests {
    static func run(_ arguments: [String], files: [String: String] = [:]) throws -> (Int32, String) {
        let dir = try scratchFolder("cli-messages")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let workload = try String(contentsOfFile: "\(CLIOutputPathTests.packageRoot)/workloads/1p1c-max-rate-100b.yaml", encoding: .utf8)
        try workload.write(toFile: dir + "/w.yaml", atomically: true, encoding: .utf8)
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return try CLIOutputPathTests.ringlog(arguments, in: dir)
    }

    @Test("each bad input gets its own message and a non-zero exit, not a signal", .enabled(if: ringlogExecutable != nil), arguments: [
        (["bench", "w.yaml", "--duration", "-1"], "--duration must be in 0.1...86400.0 seconds, got -1.0"),
        (["bench", "w.yaml", "--duration", "0.000001"], "--duration must be in 0.1"),
        (["bench", "w.yaml", "--batch", "-5"], "field 'batchSize' = -5"),
        (["bench", "w.yaml", "--ring-capacity", "4096"], "use batchSize (--batch) 18 or less, or ringCapacity (--ring-capacity) 16384 or more"),
        (["bench", "tab.yaml"], "indented with a tab"),
        (["bench", "key.yaml"], "a field name must be a plain word"),
        (["bench", "rate.yaml"], "field 'producerRate' = 9223372036854775807 is out of range"),
        (["bench", "many.yaml", "--huge-pages", "required"], "4096 ring(s) of 2097152 bytes need 4096 free 2 MiB huge pages"),
        (["bench", "w.yaml", "--pin", "--placement=0-9223372036854775806"], "placement"),
        (["scale", "--duration", "0.000001"], "--duration must be in 0.1...600 seconds"),
        (["scale", "--repeats", "-2"], "--repeats must be in 1...20, got -2"),
        (["topology", "--threads", "-1"], "--threads must be in 1...4096, got -1"),
        (["demo", "--orders", "-1"], "--orders must be in"),
        (["throughput", "--messages", "1000", "--retention", "overwrite"], "--retention overwrite needs --interleaved"),
        (["throughput", "--capacity", "1000"], "--capacity must be a power of two"),
        (["throughput", "--capacity", "4096"], "--batch 28 or less"),
        (["bench", "w.yaml", "--placement", "0"], "--placement takes effect only with --pin"),
        (["bench", "w.yaml", "--driver", "queue", "--retention", "overwrite"], "only the log driver has retention"),
        (["bench", "w.yaml", "--bootstrap-servers", "localhost:9092"], "only the kafka driver uses it"),
        (["bench", "backlog.yaml"], "field 'consumerBacklogSizeGB' = 0.001 is out of range: a backlog of 10000 messages"),
        (["bench", "nul.yaml"], "\\u{0}"),
    ])
    func badInputIsNamed(arguments: [String], message: String) throws {
        let files = [
            "tab.yaml": "name: t\ntopics:\n\t1\n",
            "many.yaml": "name: m\ntopics: 1\npartitionsPerTopic: 4096\nmessageSize: 100\nsubscriptionsPerTopic: 1\nconsumerPerSubscription: 1\nproducersPerTopic: 1\nproducerRate: 0\ntestDurationMinutes: 1\nringCapacity: 2097152\n",
            "key.yaml": "name: t\n[a]: b\n",
            "backlog.yaml": "name: b\ntopics: 1\npartitionsPerTopic: 1\nmessageSize: 100\nsubscriptionsPerTopic: 1\nconsumerPerSubscription: 1\nproducersPerTopic: 1\nproducerRate: 100000\ntestDurationMinutes: 1\nringCapacity: 1048576\nconsumerBacklogSizeGB: 0.001\n",
            "nul.yaml": "name: t\ntopics: \"a\\0b\"\n",
            "rate.yaml": "name: t\ntopics: 1\npartitionsPerTopic: 1\nmessageSize: 100\nsubscriptionsPerTopic: 1\nconsumerPerSubscription: 1\nproducersPerTopic: 1\nproducerRate: 9223372036854775807\ntestDurationMinutes: 1\n",
        ]
        let (status, output) = try Self.run(arguments, files: files)
        #expect(status != 0 && status < 128, "\(arguments): exit \(status)")
        #expect(output.contains(message), "\(arguments): \(output)")
        #expect(!output.contains("USAGE: ringlog <subcommand>") && !output.contains("Usage: ringlog <subcommand>"), "\(arguments): \(output)")
        #expect(!output.contains("workload 1p1c"), "\(arguments) started a run: \(output)")
    }

    @Test func outOfMemorySaysSo() {
        #expect(RingLogError.outOfMemory(bytes: 1 << 30, reason: "x").description.hasPrefix("not enough memory for a 1073741824-byte ring"))
    }
}
