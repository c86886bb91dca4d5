/// A validation mode that checks and counts the records only (the probe's stored-batch
/// alternative, which appends a batch whole).
enum _CountRecords: _ValidationMode {
    static var keepsRecords: Bool { false }
}
