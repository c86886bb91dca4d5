/// What `_validate` found: the records and the ring bytes their frames take.
struct _ProducePlan {
    var records = 0
    var frameBytes = 0
    /// The idempotent producer's ID, epoch and sequences; nil for a plain producer's batches.
    var producer: _ProducerBatchRange?
}
