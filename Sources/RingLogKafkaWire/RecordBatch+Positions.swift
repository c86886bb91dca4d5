extension RecordBatch {
    /// The absolute offset of `record`, one of this batch's records: baseOffset + offsetDelta.
    /// Wraps rather than traps on hostile deltas. Complexity: O(1).
    public func offset(of record: BatchRecord) -> Int64 {
        header.baseOffset &+ Int64(record.offsetDelta)
    }

    /// The absolute timestamp of `record` (milliseconds): baseTimestamp + timestampDelta, or the
    /// batch's maxTimestamp for every record when the batch uses LogAppendTime. Complexity: O(1).
    public func timestamp(of record: BatchRecord) -> Int64 {
        header.isLogAppendTime ? header.maxTimestamp : header.baseTimestamp &+ record.timestampDelta
    }
}
