import ArgumentParser
import RingLogBench
import RingLogKafkaDriver
import RingLogNATSDriver
import RingLogRabbitMQDriver
import RingLogRedisDriver
// `stdout` is a C global; @preconcurrency lets main() hand it to setvbuf before any thread starts.
#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

@main
struct RingLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ringlog",
        abstract: "RingLog: a Kafka-style event log engine on lock-free rings, and its benchmark harness.",
        subcommands: [CompareCommand.self, BenchCommand.self, DemoCommand.self, ScaleCommand.self, TopologyCommand.self, ExampleCommand.self, ThroughputCommand.self, ServeCommand.self],
        defaultSubcommand: CompareCommand.self
    )

    /// Line-buffers stdout, registers the real-system drivers this build has, then parses and
    /// runs the command. Piped stdout is otherwise fully buffered: progress lines would show
    /// only at exit and be lost when a signal ends the run.
    static func main() {
        setvbuf(stdout, nil, _IOLBF, 0)
        DriverRegistry.register(RedisDrivers.factories + KafkaDrivers.factories + NATSDrivers.factories + RabbitMQDrivers.factories)
        main(nil)
    }
}
