import Foundation
import RingLog
import RingLogPlatform

/// RingLog's own workload knobs: optional YAML fields under their own names, and CLI flags.
public struct RingLogKnobs: Sendable, Equatable {
    /// Messages per produce call and per poll.
    public var batchSize: Int = 64
    /// Log retention when the ring is full: `block` (lossless, default) or `overwrite`.
    public var retention: RetentionPolicy = .block
    /// Ring bytes per partition (log) / slots per queue are derived from it.
    public var ringCapacity: Int = 1 << 22
    /// How threads wait: `auto` (spin when every thread has a core, else yield), `spin`,
    /// `yield` or `park`.
    public var waitStrategy: WaitChoice = .auto
    /// Log rings on 2 MiB hugetlb pages: `preferred` (default: when the `vm.nr_hugepages`
    /// pool has them, else base pages and the result says why), `required` or `never`.
    public var hugePages: HugePagePolicy = .preferred
    /// Pin threads to CPUs, placed by `placement`.
    public var pin: Bool = false
    /// `compact` (fill a node's cores first), `spread` (round-robin nodes) or a CPU list
    /// (`0,2,4-6`, each CPU below `CPUList.limit`, parsed strictly by `placement(parsing:source:)`);
    /// consumers are placed first, then producers. A listed CPU outside the process's affinity
    /// mask is refused when the run starts (`RunPlacement`), before any thread does.
    public var placement: PlacementPolicy = .compact
    /// The system the workload runs against.
    public var driver: DriverKind = .log
    /// Distinct keys `KEY_ROUND_ROBIN` cycles through (OMB: 10,000); fewer keys make per-key
    /// ordering effects visible in short runs.
    public var keyCount: Int = KeyTable.count
    /// Kafka driver: a real cluster's `bootstrap.servers` (`host:port,...`); nil: the
    /// `RINGLOG_KAFKA_BOOTSTRAP` environment variable, else librdkafka's in-process mock.
    public var bootstrapServers: String? = nil
    /// Kafka driver: producer properties over OMB's defaults, `key=value,key=value`
    /// (`acks=1,linger.ms=5,compression.type=lz4`).
    public var kafkaProducer: String = ""

    /// `kafkaProducer` as (property, value) pairs, in order.
    public var kafkaProducerSettings: [(String, String)] {
        kafkaProducer.split(separator: ",").compactMap { item in
            let parts = item.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? (parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces)) : nil
        }
    }

    public init() {}

    init(reader r: inout _FieldReader) throws(WorkloadError) {
        if let v = try r.int("batchSize") { batchSize = v }
        if let v = try r.string("retention") {
            guard let p = RetentionPolicy(rawValue: v) else {
                throw .invalidValue(source: r.source, field: "retention", value: v, rule: "overwrite or block")
            }
            retention = p
        }
        if let v = try r.int("ringCapacity") { ringCapacity = v }
        if let v = try r.string("waitStrategy") {
            guard let w = WaitChoice(rawValue: v) else {
                throw .invalidValue(source: r.source, field: "waitStrategy", value: v, rule: "auto, spin, yield or park")
            }
            waitStrategy = w
        }
        if let v = try r.string("hugePages") {
            guard let h = HugePagePolicy(rawValue: v) else {
                throw .invalidValue(source: r.source, field: "hugePages", value: v, rule: "never, preferred or required")
            }
            hugePages = h
        }
        if let v = try r.bool("pin") { pin = v }
        if let v = try r.string("placement") { placement = try Self.placement(parsing: v, source: r.source) }
        if let v = try r.string("driver") {
            guard let d = DriverKind(rawValue: v) else {
                throw .invalidValue(source: r.source, field: "driver", value: v, rule: DriverKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            driver = d
        }
        if let v = try r.int("keyCount") { keyCount = v }
        if let v = try r.string("bootstrapServers") { bootstrapServers = v }
        if let v = try r.string("kafkaProducer") { kafkaProducer = v }
    }

    func validate(source: String) throws(WorkloadError) {
        guard WorkloadLimits.batchSize.contains(batchSize) else {
            throw .invalidValue(source: source, field: "batchSize", value: "\(batchSize)", rule: "\(WorkloadLimits.batchSize)")
        }
        guard WorkloadLimits.ringCapacity.contains(ringCapacity), ringCapacity & (ringCapacity - 1) == 0 else {
            throw .invalidValue(source: source, field: "ringCapacity", value: "\(ringCapacity)", rule: "a power of two in 4096...2^30")
        }
        guard (1...KeyTable.count).contains(keyCount) else {
            throw .invalidValue(source: source, field: "keyCount", value: "\(keyCount)", rule: "1...\(KeyTable.count)")
        }
        if let servers = bootstrapServers {
            let ok = !servers.isEmpty && servers.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { item in
                guard let colon = item.lastIndex(of: ":"), colon != item.startIndex, let port = Int(item[item.index(after: colon)...]) else { return false }
                return (1...65_535).contains(port)
            }
            guard ok else { throw .invalidValue(source: source, field: "bootstrapServers", value: servers, rule: "host:port[,host:port...]") }
        }
        if !kafkaProducer.isEmpty {
            let items = kafkaProducer.split(separator: ",", omittingEmptySubsequences: false)
            guard items.allSatisfy({ $0.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).count == 2 && !$0.hasPrefix("=") }) else {
                throw .invalidValue(source: source, field: "kafkaProducer", value: kafkaProducer, rule: "librdkafka properties as key=value[,key=value...]")
            }
        }
    }

    /// `text` as a placement (`compact`, `spread` or a CPU list), parsed strictly.
    /// - Throws: `WorkloadError.invalidValue` for the `placement` field of `source`, with the reason.
    public static func placement(parsing text: String, source: String) throws(WorkloadError) -> PlacementPolicy {
        do {
            return try PlacementPolicy(parsing: text)
        } catch {
            let reason = if case .invalid(let e) = error { e.reason } else { error.description }
            let shown = text.count > 64 ? String(text.prefix(64)) + "…" : text
            throw .invalidValue(source: source, field: "placement", value: "'\(shown)'",
                                rule: "compact, spread or a CPU list like 0,2-3 with CPUs below \(CPUList.limit): \(reason)")
        }
    }
}
