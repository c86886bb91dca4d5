import ArgumentParser
import Foundation
import RingLog
import RingLogBench
import RingLogReport
import RingLogExperiments
import RingLogThroughput

/// One producer → one consumer through a partition log; prints a JSON line per run, in the
/// same shape as `scripts/c-ring/spsc_ring`.
extension PipelineThroughput.ReaderAPI: ExpressibleByArgument {}
extension RetentionPolicy: ExpressibleByArgument {}

struct ThroughputCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract: "Measure 1 producer -> 1 consumer throughput of the partition log (64-byte values).")

    @Option(parsing: .unconditional, help: "Records per append and per poll.")
    var batch = 64

    @Option(parsing: .unconditional, help: "Messages per run.")
    var messages = 50_000_000

    @Option(parsing: .unconditional, help: "Ring capacity in bytes (power of two).")
    var capacity = 1 << 20

    @Option(parsing: .unconditional, help: "Runs.")
    var repeats = 1

    @Flag(help: "Pin the producer and the consumer to the first two CPUs this process may run on (CPU 0 and 1 unless restricted).")
    var pin = false

    @Flag(help: "One thread alternates append-batch / poll-batch (per-record cost without cross-core traffic).")
    var interleaved = false

    @Option(help: "Consumer API: each (pollEach, one pass) or batch (poll, then forEach over the batch).")
    var reader: PipelineThroughput.ReaderAPI = .each

    @Flag(help: "Count per-thread performance counters from the start to each thread's last record and report them per message (hardware ones only where the machine has a PMU).")
    var counters = false

    @Option(help: "Retention: block (the reader holds the producer back; zero-copy reads) or overwrite (reads copy and validate; with --interleaved only).")
    var retention: RetentionPolicy = .block

    func validate() throws {
        guard WorkloadLimits.batchSize.contains(batch) else { throw ValidationError("--batch must be in \(WorkloadLimits.batchSize), got \(batch)") }
        guard (1...100_000_000_000).contains(messages) else { throw ValidationError("--messages must be in 1...10^11, got \(messages)") }
        guard (1...100).contains(repeats) else { throw ValidationError("--repeats must be in 1...100, got \(repeats)") }
        guard WorkloadLimits.ringCapacity.contains(capacity), capacity & (capacity - 1) == 0 else {
            throw ValidationError("--capacity must be a power of two in 4096...2^30, got \(capacity)")
        }
        let frame = try BatchAppender.frameSize(keyLength: nil, valueLength: PipelineThroughput.valueLength, checksum: false)
        guard batch * frame <= capacity / 2 else {
            throw ValidationError("--batch \(batch) of \(frame)-byte records takes \(batch * frame) bytes; one append into a \(capacity)-byte ring takes at most \(capacity / 2): --batch \(capacity / 2 / frame) or less, or a larger --capacity")
        }
        guard retention == .block || interleaved else {
            throw ValidationError("--retention overwrite needs --interleaved: a two-thread pipeline on overwrite loses what its consumer is lapped on, and its check sums every record (ringlog bench --retention overwrite measures a lossy pipeline)")
        }
    }

    func run() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for _ in 0..<repeats {
            var run = PipelineThroughput(batch: batch, messages: messages, capacity: capacity, pin: pin, retention: retention,
                                         interleaved: interleaved, reader: reader)
            run.counters = counters
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
