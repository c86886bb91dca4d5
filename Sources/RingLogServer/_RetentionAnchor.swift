import RingLog

/// `block` retention's hold on one partition: a registered reader that the producer cannot
/// pass, and the offsets consumer groups committed on the partition. The reader sits at the
/// lowest committed offset (at the log start until a group commits), so the ring frees what
/// every committing group has consumed and keeps the rest.
///
/// Thread-safety: kept in the broker's `_anchors`, used under its lock.
struct _RetentionAnchor {
    let reader: PartitionReader
    /// Each group's committed offset on this partition.
    var committed: [String: Int64] = [:]
    /// Whether the ring was reported full since the reader last moved (one log line per stall).
    var reportedFull = false

    init(reader: PartitionReader) { self.reader = reader }

    /// Records `group`'s commit of `offset` and moves the reader up to the lowest committed offset
    /// (never past the high watermark, never back): the space below it is free for producers.
    /// Returns the reader's offset after.
    mutating func commit(group: String, offset: Int64) -> Int64 {
        committed[group] = offset
        let floor = min(committed.values.min() ?? offset, reader.log.highWatermark)
        if floor > reader.nextOffset {
            try? reader.seek(to: floor)
            reportedFull = false
        }
        return reader.nextOffset
    }
}
