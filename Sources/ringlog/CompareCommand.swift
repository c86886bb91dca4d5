import ArgumentParser
import Foundation
import RingLogBench
import RingLogReport
import RingLogExperiments
import RingLogThroughput

/// `ringlog compare` (the default command): the measured log-vs-queue report.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Run the log-vs-queue experiments and write results/compare-<host>-<date>/ (report.md, charts, OMB JSON).")

    @Flag(help: "Longer runs and more repeats (several minutes).")
    var full = false

    @Flag(help: "Also run the real systems that are built in (--traits Redis,Kafka,NATS,RabbitMQ) and reachable: Redis Streams at RINGLOG_REDIS, NATS JetStream at RINGLOG_NATS, RabbitMQ at RINGLOG_RABBITMQ, Kafka's librdkafka mock cluster in process.")
    var systems = false

    @Flag(help: "Count per-thread performance counters in every run and add a \"where the cycles go\" table (per message and role, log vs queue).")
    var counters = false

    @Option(help: "Folder for the results (default: results/compare-<host>-<date>).")
    var output: String?

    func run() throws {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd"
        let dir = output ?? "results/compare-\(host)-\(f.string(from: Date()))"
        print("ringlog compare\(full ? " --full" : ""): writing \(dir)/")
        let started = Date()
        var compare = Compare(full: full, directory: dir) { line in print(line) }
        compare.counters = counters
        compare.systems = systems
        let report = try compare.run()
        let b = report.batches.firstIndex(of: 64) ?? report.batches.count - 1
        print(String(format: "done in %.0f s", Date().timeIntervalSince(started)))
        print("1P→1C batch \(report.batches[b]): log \(SVGChart.format(report.throughputByBatch["log"]![b].median)) msg/s, "
              + "lock-free queue \(SVGChart.format(report.throughputByBatch["queue"]![b].median)), "
              + "mutex queue \(SVGChart.format(report.throughputByBatch["mutex-queue"]![b].median))")
        let k4 = report.fanout.firstIndex(of: 4)!
        print("fan-out K=4 delivered: log \(SVGChart.format(report.fanoutDelivered["log"]![k4].median)) msg/s, queue \(SVGChart.format(report.fanoutDelivered["queue"]![k4].median))")
        print("replay: late log group read \(Int(report.replay["logLateGroup"]!)) records; late queue consumer got \(Int(report.replay["queueLateConsumer"]!))")
        print("all runs verified: \(report.allVerified ? "yes" : "NO (\(report.unverified.joined(separator: ", ")))")")
        print("report: \(dir)/report.md")
        if !report.allVerified { throw ExitCode(2) }
    }
}
