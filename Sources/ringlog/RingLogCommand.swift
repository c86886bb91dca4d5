import ArgumentParser

@main
struct RingLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ringlog",
        abstract: "RingLog: a Kafka-style event log engine on lock-free rings, and its benchmark harness.",
        subcommands: [ExampleCommand.self, DemoCommand.self, BenchCommand.self, ThroughputCommand.self],
        defaultSubcommand: ExampleCommand.self
    )
}
