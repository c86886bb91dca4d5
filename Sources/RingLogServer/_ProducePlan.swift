/// What `_validate` found: the records, where each one's parts are, and the ring bytes their
/// frames take.
struct _ProducePlan {
    var records = 0
    /// Every record in order, as `_validate` read it (what `_append` appends).
    var scanned: [_ScannedRecord] = []
    var frameBytes = 0
    /// The idempotent producer's ID, epoch and sequences; nil for a plain producer's batches.
    var producer: _ProducerBatchRange?
}
