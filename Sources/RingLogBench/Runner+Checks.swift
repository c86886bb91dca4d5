import Foundation
import RingLog

extension Runner {
    /// Every check of a workload against the driver that will run it, before anything is
    /// allocated: settings that only one driver honours, and a backlog the driver can hold.
    /// - Throws: `WorkloadError.invalidValue` naming the field (and its flag) and what would do.
    public static func checkSettings(kind: DriverKind, _ w: Workload, source: String = "workload") throws(WorkloadError) {
        try checkSettingsApply(kind: kind, w, source: source)
        try checkBacklogFits(kind: kind, w, source: source)
        if kind == .log { try LogDriver.checkFits(w, source: source) }
    }

    /// Refuses a setting given for a driver that ignores it: overwrite retention and required
    /// huge pages (the log's rings), a Kafka cluster or producer settings (the kafka driver).
    public static func checkSettingsApply(kind: DriverKind, _ w: Workload, source: String = "workload") throws(WorkloadError) {
        let k = w.ringlog
        if kind != .log && k.retention == .overwrite {
            throw .invalidValue(source: source, field: "retention", value: "overwrite",
                                rule: "only the log driver has retention; the \(kind.rawValue) driver never drops a message")
        }
        if kind != .log && k.hugePages == .required {
            throw .invalidValue(source: source, field: "hugePages", value: "required",
                                rule: "only the log driver's rings can be put on huge pages")
        }
        if kind != .kafka && (k.bootstrapServers != nil || !k.kafkaProducer.isEmpty) {
            throw .invalidValue(source: source, field: k.bootstrapServers != nil ? "bootstrapServers" : "kafkaProducer",
                                value: k.bootstrapServers ?? k.kafkaProducer, rule: "only the kafka driver uses it; this run uses \(kind.rawValue)")
        }
    }

    /// Refuses a backlog workload whose backlog the in-process driver cannot hold (its consumers
    /// would wait for a backlog that never builds): a log holds about ring bytes ÷ record bytes
    /// per partition, a queue its slots, per subscription.
    /// - Throws: `WorkloadError.invalidValue` for `consumerBacklogSizeGB`, naming what fits.
    public static func checkBacklogFits(kind: DriverKind, _ w: Workload, source: String = "workload") throws(WorkloadError) {
        guard w.consumerBacklogSizeGB > 0 else { return }
        let perSubscription: Int
        switch kind {
        case .log:
            let key = w.keyDistributor == .noKey ? nil : KeyTable.length
            let frame = (try? BatchAppender.frameSize(keyLength: key, valueLength: w.messageSize, checksum: false)) ?? w.messageSize
            perSubscription = w.partitionsPerTopic * (w.ringlog.ringCapacity / frame)
        case .queue, .mutexQueue:
            perSubscription = queueSlots(w.ringlog.ringCapacity * w.partitionsPerTopic, messageSize: w.messageSize)
        default:
            return // a broker's capacity is its own
        }
        let target = Int(w.consumerBacklogSizeGB * 1e9) / w.messageSize
        let holds = perSubscription * w.subscriptionsPerTopic
        if target > holds {
            let fits = Double(holds * w.messageSize) / 1e9
            throw .invalidValue(source: source, field: "consumerBacklogSizeGB", value: "\(w.consumerBacklogSizeGB)",
                                rule: "a backlog of \(target) messages; the \(kind.rawValue) driver holds about \(holds) with ringCapacity \(w.ringlog.ringCapacity) (--ring-capacity): \(String(format: "%.6g", fits)) GB or less, or a larger ringCapacity")
        }
    }

}
