/// What `KafkaBroker._validate` keeps of the records it checks, as a type, so that each mode
/// is compiled into a record loop of its own with no test per record.
protocol _ValidationMode {
    /// Whether the plan lists every record (`_ProducePlan.scanned`).
    static var keepsRecords: Bool { get }
}
