import ArgumentParser

@main
struct RingLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ringlog",
        abstract: "RingLog: a Kafka-style event log engine on lock-free rings, and its benchmark harness.",
        subcommands: [CompareCommand.self, BenchCommand.self, DemoCommand.self, ScaleCommand.self, TopologyCommand.self, ExampleCommand.self, ThroughputCommand.self],
        defaultSubcommand: CompareCommand.self
    )
}
