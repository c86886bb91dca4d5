/// The produce path's validation mode: the plan lists the records `_append` appends.
enum _KeepRecords: _ValidationMode {
    static var keepsRecords: Bool { true }
}
