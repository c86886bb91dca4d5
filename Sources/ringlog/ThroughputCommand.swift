import ArgumentParser
import Foundation
import RingLog
import RingLogHarness

/// One producer → one consumer through a partition log; prints a JSON line per run, in the
/// same shape as `scripts/c-ring/spsc_ring`.
extension PipelineThroughput.ReaderAPI: ExpressibleByArgument {}
extension RetentionPolicy: ExpressibleByArgument {}

struct ThroughputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract: "Measure 1 producer -> 1 consumer throughput of the partition log (64-byte values).")

    @Option(help: "Records per append and per poll.")
    var batch = 64

    @Option(help: "Messages per run.")
    var messages = 50_000_000

    @Option(help: "Ring capacity in bytes (power of two).")
    var capacity = 1 << 20

    @Option(help: "Runs.")
    var repeats = 1

    @Flag(help: "Pin the producer and the consumer to the first two CPUs this process may run on (CPU 0 and 1 unless restricted).")
    var pin = false

    @Flag(help: "One thread alternates append-batch / poll-batch (per-record cost without cross-core traffic).")
    var interleaved = false

    @Option(help: "Consumer API: each (pollEach, one pass) or batch (poll + for-in over the batch).")
    var reader: PipelineThroughput.ReaderAPI = .each

    @Option(help: "Retention: block (the reader holds the producer back; zero-copy reads) or overwrite (reads copy and validate).")
    var retention: RetentionPolicy = .block

    func validate() throws {
        guard batch > 0 else { throw ValidationError("--batch must be positive, got \(batch)") }
        guard messages > 0 else { throw ValidationError("--messages must be positive, got \(messages)") }
        guard repeats > 0 else { throw ValidationError("--repeats must be positive, got \(repeats)") }
    }

    func run() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for _ in 0..<repeats {
            let run = PipelineThroughput(batch: batch, messages: messages, capacity: capacity, pin: pin, retention: retention,
                                         interleaved: interleaved, reader: reader)
            do {
                let result = try run.run()
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
                if !result.verified { throw ExitCode(1) }
            } catch let error as RingLogError {
                throw ValidationError(error.description)
            }
        }
    }
}
