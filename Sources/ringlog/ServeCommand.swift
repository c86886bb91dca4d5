import ArgumentParser
import Dispatch
import RingLog
import RingLogServer
#if canImport(Glibc)
import Glibc
#endif

/// `ringlog serve`: RingLog's engine behind the Kafka wire protocol, for Kafka clients (kcat,
/// librdkafka) on this machine.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve RingLog partitions over the Kafka wire protocol (ApiVersions, Metadata, CreateTopics, Produce, Fetch, ListOffsets, FindCoordinator, consumer groups).",
        discussion: "Topics live in memory, one ring per partition; unknown topics are created on first Metadata. Consumer groups (JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit, OffsetFetch) are served by a built-in coordinator; committed offsets live in memory. Stop with Ctrl-C (SIGINT) or SIGTERM.")

    @Option(help: "Address to listen on, HOST:PORT (an IP address, [IPv6] or localhost; port 0 picks a free one).")
    var listen = "127.0.0.1:9092"

    @Option(parsing: .unconditional, help: "Partitions of an auto-created topic (and of CreateTopics with -1).")
    var partitions = 1

    @Option(parsing: .unconditional, help: "Ring bytes per partition (a power of two, 4096 to 1073741824); a produced batch must fit in half.")
    var ringCapacity = 1 << 22

    @Option(help: "A full ring: overwrite (drop the oldest records) or block (keep what a committing group has not consumed; produces get a retriable error until commits free space).")
    var retention = "overwrite"

    @Option(parsing: .unconditional, help: "Largest request frame in bytes; a larger size prefix closes that connection.")
    var maxRequestBytes = 100 << 20

    @Option(parsing: .unconditional, help: "Connections served at once; more are closed on accept.")
    var maxConnections = 1024

    @Option(parsing: .unconditional, help: "Partitions held at most over all topics (each a ring of --ring-capacity bytes): bounds memory.")
    var maxPartitions = 1024

    @Option(parsing: .unconditional, help: "Event loop threads, each serving its share of the connections (default: one per CPU).")
    var threads: Int?

    func run() throws {
        let server: KafkaServer
        do {
            server = try KafkaServer.start(configuration: try serverConfiguration())
        } catch {
            throw CLIError(error.description)
        }
        // Signals arrive on a dispatch queue, not in a handler: shutting the server down there is safe.
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                print("stopping (signal \(signalNumber))")
                server.shutdown()
            }
            source.resume()
            sources.append(source)
        }
        print("listening on \(server.address)")
        server.waitUntilClosed()
        server.shutdown()
        sources.forEach { $0.cancel() }
        print("stopped")
    }

    /// The flags as a validated configuration.
    func serverConfiguration() throws(KafkaServerError) -> KafkaServerConfiguration {
        guard let policy = RetentionPolicy(rawValue: retention) else {
            throw .invalidConfiguration("--retention must be overwrite or block, got '\(retention)'")
        }
        let configuration = KafkaServerConfiguration(
            listen: try ListenAddress(parsing: listen), partitions: partitions, ringCapacity: ringCapacity, retention: policy,
            maxRequestBytes: maxRequestBytes, maxConnections: maxConnections, maxPartitions: maxPartitions, eventLoops: threads)
        try configuration.validate()
        return configuration
    }
}
