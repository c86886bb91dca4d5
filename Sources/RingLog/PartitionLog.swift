import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import RingLogPlatform

/// One partition: an append-only log of records with dense `Int64` offsets, stored in a
/// preallocated ring of memory that is written without locks.
///
/// - Producers reserve ring space, write frames in place and publish the new high watermark
///   with one release store per batch. In `.single` mode the hot path has no read-modify-write
///   atomics; in `.multi` mode producers claim space with one fetch-add per batch and publish in
///   claim order.
/// - Readers (`PartitionReader`, registered cursors) and `fetch(from:)` load the high watermark
///   with acquire. A reader whose cursor holds the producer back (`block`, `.single`) reads
///   frames in place, zero-copy; every other read copies what it walked and validates the copy
///   before handing out a record (the read contract, see `Record`).
/// - Retention `.overwrite` drops the oldest records when the ring is full (the log start
///   advances); `.block` makes producers wait for the slowest registered reader.
///
/// The memory layout is defined in `_Frame`, `_ControlBlock` and `_RingBytes`.
///
/// Thread-safety: `append*` from one thread at a time in `.single` mode, from any number in
/// `.multi` mode; `fetch`, `highWatermark`, `logStartOffset` and reader creation from any thread.
public final class PartitionLog: @unchecked Sendable {
    public let configuration: PartitionConfiguration

    @usableFromInline let ring: _RingBytes
    @usableFromInline let control: _ControlBlock
    @usableFromInline let capacity: UInt64
    @usableFromInline let maxBatchBytes: Int
    /// The largest record frame: half the ring, and no more than the frame's length bits allow.
    @usableFromInline let maxRecordBytes: Int
    @usableFromInline let checksums: Bool
    @usableFromInline let logAppendTime: Bool
    /// The frame-word flags every record of this partition carries: checksum (with the header
    /// extension it needs) and LogAppendTime (see `_Frame`).
    @usableFromInline let recordFlags: UInt32
    /// One record without key or headers goes straight to the ring (`_appendPlain`): a single
    /// producer and records that need no header extension (no checksums).
    @usableFromInline let plainAppends: Bool
    /// The largest value such a record may carry (`maxRecordBytes` less the 8-byte record header).
    @usableFromInline let maxPlainValue: Int
    @usableFromInline let isMulti: Bool
    @usableFromInline let isBlocking: Bool
    @usableFromInline let waitStrategy: WaitStrategy
    @usableFromInline let indexSlots: Int64
    /// The copy buffer stateless fetches share (see `fetch(from:)`).
    @usableFromInline let fetchBuffer = _FetchBuffer()

    private let ringMemory: MirroredMemory
    private let controlMemory: AlignedMemory
    private let indexMemory: AlignedMemory
    /// True when the ring's pages were bound to `configuration.numaNode` (false without
    /// libnuma/NUMA, or without a node).
    public let numaBound: Bool
    /// The pages behind the ring (base or 2 MiB hugetlb).
    public var pageBacking: PageBacking { ringMemory.backing }
    /// Why the ring is not on huge pages although `hugePages` asked for them; nil otherwise.
    public var hugePageNote: String? { ringMemory.hugePageNote }

    /// Creates a partition, allocating its ring, control block and offset index once.
    /// - Throws: `.invalidCapacity` or `.invalidConfiguration` naming the bad value.
    /// - Complexity: O(capacity) when `prefault` is set, else O(capacity / 32) for the index.
    public init(_ configuration: PartitionConfiguration = .init()) throws(RingLogError) {
        try configuration.validate()
        self.configuration = configuration
        do {
            ringMemory = try MirroredMemory(capacity: configuration.capacity, hugePages: configuration.hugePages)
        } catch {
            if case .hugePagesUnavailable = error { throw .invalidConfiguration(error.description) }
            if case .systemCall(_, let errno) = error, errno == ENOMEM {
                throw .outOfMemory(bytes: configuration.capacity, reason: "the kernel refused the mapping (\(error.description)); free memory, or use fewer or smaller rings")
            }
            throw .invalidCapacity(requested: configuration.capacity, reason: error.description)
        }
        // Bind the pages to the chosen node before the first touch (prefault) places them.
        if let node = configuration.numaNode {
            numaBound = NUMA.bind(ringMemory.base, length: configuration.capacity, toNode: node)
        } else {
            numaBound = false
        }
        if configuration.prefault { ringMemory.prefault() }
        controlMemory = AlignedMemory(byteCount: _ControlBlock.byteCount(maxReaders: configuration.maxReaders))
        control = _ControlBlock(memory: controlMemory, maxReaders: configuration.maxReaders)
        let slots = configuration.capacity / 32
        indexMemory = AlignedMemory(byteCount: slots * 8)
        ring = _RingBytes(memory: ringMemory, index: indexMemory, indexSlots: slots)
        indexSlots = Int64(slots)
        capacity = UInt64(configuration.capacity)
        maxBatchBytes = configuration.maximumBatchBytes
        maxRecordBytes = min(configuration.maximumBatchBytes, _Frame.maximumLength)
        checksums = configuration.checksums
        logAppendTime = configuration.timestampType == .logAppendTime
        recordFlags = (checksums ? _Frame.checksumFlag | _Frame.extensionFlag : 0) | (logAppendTime ? _Frame.logAppendTimeFlag : 0)
        plainAppends = configuration.producerMode == .single && !configuration.checksums
        maxPlainValue = maxRecordBytes - _Frame.headerSize
        isMulti = configuration.producerMode == .multi
        isBlocking = configuration.retention == .block
        waitStrategy = configuration.waitStrategy
    }

    /// The offset the next record will get; records below it are readable (Kafka's high
    /// watermark, equal to the log end offset here since there is no replication).
    /// Complexity: O(1), one acquire load.
    @inlinable
    public var highWatermark: Int64 {
        // acquiring: pairs with the producer's release store; records below are fully written.
        control.highWatermark.pointee.load(ordering: .acquiring)
    }

    /// Byte position just past the published frames (a prefetch bound, and the limit for index
    /// positions a seek may trust; may run ahead of a high watermark loaded earlier).
    @inlinable
    var publishedEnd: UInt64 {
        // relaxed: callers load it after an acquire of the high watermark, which orders it; it
        // only bounds prefetches and which index positions a seek trusts.
        control.publishedEnd.pointee.load(ordering: .relaxed)
    }

    /// The oldest offset still in the ring. Records below it were dropped by retention.
    /// Complexity: O(log(records in ring) × records per batch): a binary search of the offset index.
    public var logStartOffset: Int64 { _logStart(highWatermark: highWatermark) }

    /// True once `close()` was called.
    public var isClosed: Bool {
        // relaxed: a flag; appends re-check it on every call.
        control.closed.pointee.load(ordering: .relaxed) != 0
    }

    /// Stops appends (they throw `.closed`) and wakes every parked thread. Records already
    /// published stay readable. Idempotent.
    public func close() {
        // releasing: a reader seeing `closed` also sees everything published before it.
        control.closed.pointee.store(1, ordering: .releasing)
        control.dataSignal.notifySlow()
        control.spaceSignal.notifySlow()
    }

    /// How often producers waited for space (`block` retention), and what they did meanwhile.
    public var producerWaits: (episodes: Int, counters: WaitCounters) {
        var c = WaitCounters()
        // relaxed: statistics.
        c.spins = Int(control.producerWaitCounter(1).pointee.load(ordering: .relaxed))
        c.yields = Int(control.producerWaitCounter(2).pointee.load(ordering: .relaxed))
        c.parks = Int(control.producerWaitCounter(3).pointee.load(ordering: .relaxed))
        return (Int(control.producerWaitCounter(0).pointee.load(ordering: .relaxed)), c)
    }

    /// Total bytes reserved for writing since creation (the write frontier); with the
    /// capacity it tells how many times the ring has wrapped. For monitoring.
    public var bytesWritten: UInt64 {
        // relaxed: monitoring snapshot.
        control.frontier.pointee.load(ordering: .relaxed)
    }
}
