import RingLog
import RingLogQueue
import RingLogPlatform

/// What a run will allocate, estimated from its options before anything is allocated, term by
/// term, so a run the machine cannot hold is refused with the term to shrink instead of being
/// killed by the kernel minutes in.
///
/// Every term grows linearly in what it names (topics × partitions × ring bytes, consumers ×
/// messages, windows × histograms); none is quadratic.
public struct RunFootprint: Sendable {
    /// One part of the footprint: what it is, its size, and how to make it smaller.
    public struct Term: Sendable {
        public var name: String
        public var bytes: Double
        public var shrink: String
    }

    public private(set) var terms: [Term] = []
    public var totalBytes: Double { terms.reduce(0) { $0 + $1.bytes } }

    /// The aggregate rate the verifier's bitmaps are sized for when a workload sends as fast as
    /// it can (`producerRate: 0`): above the fastest in-process driver measured on 2-core hosts.
    public static let assumedMaximumRate = 100_000_000.0

    /// Bytes of one latency histogram (`WindowStats.histogram()`): HdrHistogram's counts array
    /// for 1 ns...60 s at 3 significant digits, 8 bytes a count.
    public static var histogramBytes: Double {
        let subBucketHalfCount = 1024.0 // 2^ceil(log2(2 × 10^3)) / 2
        var buckets = 1.0
        var reach = 2 * subBucketHalfCount
        while reach < Double(WindowStats.maxTrackable) { reach *= 2; buckets += 1 }
        return (buckets + 1) * subBucketHalfCount * 8
    }

    public init(kind: DriverKind, options: RunOptions) {
        let w = options.workload
        let topics = Double(w.topics), partitions = Double(w.partitionsPerTopic)
        let subscriptions = topics * Double(w.subscriptionsPerTopic)
        let consumers = subscriptions * Double(w.consumerPerSubscription)
        let producers = topics * Double(w.producersPerTopic)
        let ring = Double(w.ringlog.ringCapacity)
        switch kind {
        case .log:
            // Ring, offset index (8 bytes per 32 ring bytes), control block (8 + 256 reader lines).
            let perPartition = ring + ring / 4 + Double((8 + 256) * 128)
            add("rings", topics * partitions * perPartition,
                "\(w.topics) topic(s) × \(w.partitionsPerTopic) partition(s) × \(w.ringlog.ringCapacity)-byte rings: fewer topics or partitions, or a smaller ringCapacity")
            if w.ringlog.retention == .overwrite || w.producersPerTopic > 1 {
                add("readers' validated copies", subscriptions * partitions * Double(min(64 << 10, w.ringlog.ringCapacity)),
                    "one per subscription and partition: fewer subscriptions or partitions")
            }
        case .queue, .mutexQueue:
            let slots = Runner.queueSlots(w.ringlog.ringCapacity * w.partitionsPerTopic, messageSize: w.messageSize)
            let queue = Double(QueueConfiguration(slots: slots, maxMessageBytes: w.messageSize).storageBytes)
            add("queues", subscriptions * queue,
                "\(w.topics) topic(s) × \(w.subscriptionsPerTopic) subscription(s) × \(slots) slots of \(w.messageSize) bytes: a smaller ringCapacity or fewer partitions")
        default:
            break // the broker holds the messages, not this process
        }
        // One bit per message a consumer may see, per producer of its topic, from 8 KiB up.
        let seconds = options.warmupSeconds + options.durationSeconds
        let rate = w.producerRate > 0 ? Double(w.producerRate) : Self.assumedMaximumRate
        let perProducer = rate / producers * seconds
        let bitmap = max(Double(8 << 10), perProducer / 8)
        add("verifiers", consumers * Double(w.producersPerTopic) * (bitmap + partitions * 16),
            "a bit per message per consumer (\(Int(consumers)) consumers\(w.producerRate > 0 ? "" : ", sized for \(Int(Self.assumedMaximumRate / 1e6)) M msg/s as the workload sends as fast as it can")): a shorter run, a producerRate, or fewer consumers")
        let pool = w.useRandomizedPayloads ? max(1, w.randomizedPayloadPoolSize) : 1
        add("payload pool", 2 * Double(pool) * Double(w.messageSize),
            "\(pool) payload(s) of \(w.messageSize) bytes, built once and copied: a smaller randomizedPayloadPoolSize or messageSize")
        let windows = (options.durationSeconds / options.windowSeconds).rounded(.up)
        add("latency windows", 3 * (windows + 2 + producers + consumers) * Self.histogramBytes,
            "\(Int(windows)) window(s) and \(Int(producers + consumers)) thread(s), 3 histograms of \(Int(Self.histogramBytes / 1024)) KiB each: a wider window or a shorter run")
        if options.trackKeyOrder {
            add("key-order events", 24 * rate * seconds * Double(w.subscriptionsPerTopic), "24 bytes per message and subscription: a shorter run or a producerRate")
        }
    }

    private mutating func add(_ name: String, _ bytes: Double, _ shrink: String) {
        terms.append(Term(name: name, bytes: bytes, shrink: shrink))
    }

    /// Refuses a run whose footprint (plus 64 MiB for the process itself) exceeds what the
    /// machine or the process's cgroup can give now (`SystemMemory.availableBytes`; nothing is
    /// checked where that cannot be read).
    /// - Throws: `WorkloadError.tooLarge` naming the total, what is available, and the largest
    ///   term with how to shrink it.
    public func check(available: Int? = SystemMemory.availableBytes, source: String = "workload") throws(WorkloadError) {
        guard let available else { return }
        let needed = totalBytes + Double(64 << 20)
        guard needed > Double(available) else { return }
        let biggest = terms.max { $0.bytes < $1.bytes }!
        throw .tooLarge(source: source, reason: "this run needs about \(Self.format(needed)) of memory and the machine can give \(Self.format(Double(available))) now; "
                        + "the largest part is \(biggest.name), \(Self.format(biggest.bytes)): \(biggest.shrink)")
    }

    /// "1.5 GiB", "300 MiB", "12 KiB".
    public static func format(_ bytes: Double) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes, unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(Int(value)) bytes" : (value < 10 ? String(format: "%.1f %@", value, units[unit]) : "\(Int(value.rounded())) \(units[unit])")
    }
}
