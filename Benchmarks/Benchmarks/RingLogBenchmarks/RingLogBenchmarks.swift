import Benchmark
import RingLog
import RingLogThroughput
import RingLogPlatform
import Synchronization

// Benchmarks of the partition log. Wall-clock figures on a 2-vCPU host swing 2-10x, so the
// committed thresholds gate only on malloc counts (deterministic): the hot paths must not
// allocate, per record or per batch. Throughput is reported for information.
//
// Every measured closure moves `recordsPerIteration` records, so "mallocs per iteration"
// divided by that is mallocs per record; the threshold is 0.

let recordsPerIteration = 65_536
let valueLength = PipelineThroughput.valueLength

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.mallocCountTotal, .throughput, .wallClock],
        timeUnits: .microseconds,
        warmupIterations: 2,
        scalingFactor: .one,
        maxDuration: .seconds(2),
        maxIterations: 50,
        thresholds: [.mallocCountTotal: .init(absolute: [.p0: 0, .p25: 0, .p50: 0, .p75: 0, .p90: 0, .p99: 0, .p100: 0])]
    )

    // One thread alternates append-batch / poll-batch: the per-record cost of both paths.
    // AppendPoll reads with poll and a loop over the batch; AppendPollEach with pollEach, and
    // at batch 1 appends with the single-record in-place append (PartitionLog.append(valueCapacity:)).
    for (name, each, batches) in [("AppendPoll", false, [1, 8, 64, 256]), ("AppendPollEach", true, [1, 64])] {
        for batch in batches {
            Benchmark("\(name)_SingleThread_batch\(batch)") { (benchmark: Benchmark, fixture: Fixture) in
                benchmark.startMeasurement()
                if each {
                    fixture.appendAndPollEach(records: recordsPerIteration, batch: batch)
                } else {
                    fixture.appendAndPoll(records: recordsPerIteration, batch: batch)
                }
                benchmark.stopMeasurement()
            } setup: {
                try Fixture(producerMode: .single)
            }
        }
    }

    // One producer thread (the benchmark's) -> one consumer thread, started in setup.
    for batch in [1, 8, 64, 256] {
        Benchmark("Pipeline_1P1C_batch\(batch)") { (benchmark: Benchmark, pipeline: Pipeline) in
            benchmark.startMeasurement()
            pipeline.run(records: recordsPerIteration, batch: batch)
            benchmark.stopMeasurement()
        } setup: {
            try Pipeline(producers: 1, batch: batch)
        } teardown: {
            Pipeline.stopAll()
        }
    }

    // Two producer threads (multi-producer partition) -> one consumer thread.
    Benchmark("Pipeline_2P1C_batch64") { (benchmark: Benchmark, pipeline: Pipeline) in
        benchmark.startMeasurement()
        pipeline.run(records: recordsPerIteration, batch: 64)
        benchmark.stopMeasurement()
    } setup: {
        try Pipeline(producers: 2, batch: 64)
    } teardown: {
        Pipeline.stopAll()
    }

    // Stateless zero-copy fetch from arbitrary offsets (index lookup + borrowed view).
    Benchmark("FetchRandomOffset_batch64") { (benchmark: Benchmark, fixture: Fixture) in
        benchmark.startMeasurement()
        fixture.fetchRandom(records: recordsPerIteration, batch: 64)
        benchmark.stopMeasurement()
    } setup: {
        let f = try Fixture(producerMode: .single)
        f.fill()
        return f
    }

    topicBenchmarks()
}

/// A partition, a reader and a payload.
final class Fixture: @unchecked Sendable {
    let log: PartitionLog
    let reader: PartitionReader
    let frame: Int
    var checksum: UInt64 = 0

    init(producerMode: ProducerMode) throws {
        log = try PartitionLog(.init(capacity: 1 << 22, retention: .block, producerMode: producerMode, waitStrategy: .spinThenYield()))
        reader = try log.makeReader(startingAt: .earliest)
        frame = try log.frameSize(keyLength: nil, valueLength: valueLength)
    }

    @inline(__always)
    static func appendBatch(_ log: PartitionLog, first: UInt64, count: Int, frame: Int) {
        try! PipelineThroughput.appendBatch(log, first: first, count: count, frame: frame)
    }

    @inline(__always)
    static func sumValues(_ batch: RecordBatch) -> UInt64 { PipelineThroughput.sumValues(batch) }

    func appendAndPoll(records: Int, batch: Int) {
        var done = 0
        var sum: UInt64 = 0
        while done < records {
            Self.appendBatch(log, first: UInt64(done), count: batch, frame: frame)
            sum &+= try! reader.poll(maxRecords: batch) { Self.sumValues($0) }
            done &+= batch
        }
        checksum &+= sum
        blackHole(sum)
    }

    func appendAndPollEach(records: Int, batch: Int) {
        var done = 0
        var sum: UInt64 = 0
        while done < records {
            if batch == 1 {
                try! PipelineThroughput.appendOne(log, sequence: UInt64(done))
            } else {
                Self.appendBatch(log, first: UInt64(done), count: batch, frame: frame)
            }
            _ = try! reader.pollEach(maxRecords: batch) { sum &+= PipelineThroughput.sumValue($0) }
            done &+= batch
        }
        checksum &+= sum
        blackHole(sum)
    }

    func fill() {
        var done = 0
        while done < 40_000 {
            Self.appendBatch(log, first: UInt64(done), count: 64, frame: frame)
            done += 64
        }
    }

    func fetchRandom(records: Int, batch: Int) {
        let hw = log.highWatermark
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var sum: UInt64 = 0
        var done = 0
        while done < records {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let from = Int64(state >> 33) % (hw - Int64(batch))
            sum &+= try! log.fetch(from: from, maxRecords: batch) { Self.sumValues($0) }
            done &+= batch
        }
        blackHole(sum)
    }
}

/// Producer thread(s) driven by the benchmark, one consumer thread, all started in setup and
/// kept across iterations, so the measured region contains only appends and polls.
final class Pipeline: @unchecked Sendable {
    let log: PartitionLog
    let reader: PartitionReader
    let producers: Int
    let frame: Int
    let consumed = Atomic<Int>(0)
    let goal = Atomic<Int>(0)
    let stopping = Atomic<Bool>(false)
    let round = Atomic<Int>(0)
    let producersDone = Atomic<Int>(0)
    var threads: [PlatformThread] = []
    var records = 0
    var batch: Int

    /// Pipelines started by setups; teardown (which gets no fixture) stops them.
    static let running = Mutex<[Pipeline]>([])
    static func stopAll() {
        let all = running.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for p in all { p.stop() }
    }

    init(producers: Int, batch: Int) throws {
        self.producers = producers
        self.batch = batch
        // More spinning threads than cores collapses throughput: yield when oversubscribed.
        let wait: WaitStrategy = producers + 1 <= PlatformThread.availableCPUs ? .busySpin : .spinThenYield(spins: 64)
        log = try PartitionLog(.init(capacity: 1 << 20, retention: .block,
                                     producerMode: producers == 1 ? .single : .multi, waitStrategy: wait))
        reader = try log.makeReader(startingAt: .earliest)
        frame = try log.frameSize(keyLength: nil, valueLength: valueLength)
        threads.append(PlatformThread { [self] in consumeLoop() })
        for p in 1..<producers {
            threads.append(PlatformThread { [self] in helperProducerLoop(index: p) })
        }
        Self.running.withLock { $0.append(self) }
    }

    private func consumeLoop() {
        var sum: UInt64 = 0
        while !stopping.load(ordering: .relaxed) {
            let n = try! reader.poll(maxRecords: 256) { batch -> Int in
                sum &+= Fixture.sumValues(batch)
                return batch.count
            }
            if n > 0 {
                consumed.wrappingAdd(n, ordering: .releasing)
            } else {
                _ = reader.awaitRecords(timeoutNanoseconds: 1_000_000)
            }
        }
        blackHole(sum)
    }

    /// Extra producers wait for a round to start, then append their share.
    private func helperProducerLoop(index: Int) {
        var seen = 0
        while !stopping.load(ordering: .relaxed) {
            let r = round.load(ordering: .acquiring)
            if r == seen { CPU.relax(); continue }
            seen = r
            produce(share: records / producers)
            producersDone.wrappingAdd(1, ordering: .releasing)
        }
    }

    private func produce(share: Int) {
        var done = 0
        while done < share {
            let n = min(batch, share - done)
            Fixture.appendBatch(log, first: UInt64(done), count: n, frame: frame)
            done &+= n
        }
    }

    /// Moves `records` records through the pipeline and waits until all were consumed.
    func run(records: Int, batch: Int) {
        self.records = records
        self.batch = batch
        let target = goal.wrappingAdd(records, ordering: .relaxed).newValue
        producersDone.store(0, ordering: .relaxed)
        round.wrappingAdd(1, ordering: .releasing)
        produce(share: records - (records / producers) * (producers - 1))
        while producersDone.load(ordering: .acquiring) < producers - 1 { CPU.relax() }
        while consumed.load(ordering: .acquiring) < target { CPU.relax() }
    }

    func stop() {
        stopping.store(true, ordering: .relaxed)
        log.close()
        for t in threads { t.join() }
    }
}
