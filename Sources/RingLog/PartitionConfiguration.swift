import RingLogPlatform

/// Settings of one partition, fixed at creation.
public struct PartitionConfiguration: Sendable, Equatable {
    /// Ring size in bytes: a power of two, at least the page size (4 KiB), at most 1 GiB.
    public var capacity: Int
    public var retention: RetentionPolicy
    public var producerMode: ProducerMode
    public var timestampType: TimestampType
    /// How producers wait for space (`block`) and readers wait for records.
    public var waitStrategy: WaitStrategy
    /// Store a CRC32C per record so readers can detect torn or corrupted records.
    public var checksums: Bool
    /// Reader cursor slots (cache lines) allocated up front.
    public var maxReaders: Int
    /// Touch every page at creation so the first laps pay no page faults.
    public var prefault: Bool
    /// NUMA node to bind the ring's pages to (before they are first touched), or nil for the
    /// kernel's default (first touch). Ignored, with `NUMA.status` saying why, where libnuma
    /// or NUMA is absent. Put a partition on the node of the thread that consumes it.
    public var numaNode: Int?
    /// Whether the ring asks for 2 MiB hugetlb pages (fewer TLB misses on big rings). The
    /// partition's `pageBacking` and `hugePageNote` say what it got and why.
    public var hugePages: HugePagePolicy

    public init(
        capacity: Int = 1 << 22,
        retention: RetentionPolicy = .overwrite,
        producerMode: ProducerMode = .single,
        timestampType: TimestampType = .createTime,
        waitStrategy: WaitStrategy = .spinThenYield(),
        checksums: Bool = false,
        maxReaders: Int = 64,
        prefault: Bool = true,
        numaNode: Int? = nil,
        hugePages: HugePagePolicy = .never
    ) {
        self.capacity = capacity
        self.retention = retention
        self.producerMode = producerMode
        self.timestampType = timestampType
        self.waitStrategy = waitStrategy
        self.checksums = checksums
        self.maxReaders = maxReaders
        self.prefault = prefault
        self.numaNode = numaNode
        self.hugePages = hugePages
    }

    /// The largest capacity accepted.
    public static let maximumCapacity = 1 << 30

    /// The largest frame (one record) and the largest batch reservation: half the ring, so a
    /// batch never overwrites itself and a reader's view always fits.
    public var maximumBatchBytes: Int { capacity / 2 }

    func validate() throws(RingLogError) {
        let page = MirroredMemory.pageSize
        guard capacity > 0, capacity & (capacity - 1) == 0 else {
            throw .invalidCapacity(requested: capacity, reason: "not a power of two")
        }
        guard capacity >= page else {
            throw .invalidCapacity(requested: capacity, reason: "smaller than the page size (\(page) bytes)")
        }
        guard capacity <= Self.maximumCapacity else {
            throw .invalidCapacity(requested: capacity, reason: "larger than \(Self.maximumCapacity) bytes")
        }
        guard (1...4096).contains(maxReaders) else {
            throw .invalidConfiguration("maxReaders \(maxReaders) is not in 1...4096")
        }
        try waitStrategy.validate()
        if let numaNode, numaNode < 0 { throw .invalidConfiguration("numaNode \(numaNode) must not be negative") }
    }
}
