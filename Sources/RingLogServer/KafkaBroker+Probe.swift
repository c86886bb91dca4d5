import RingLogKafkaWire

extension KafkaBroker {
    /// How many records the produce path's validation (`_validate`: framing, CRC-32C, compression,
    /// every record parsed, frame sizes) finds in `records`, or nil when it refuses them. For
    /// RingLogServeProbe, which measures the stored-batch alternative with the same validation.
    @_spi(Probe)
    public func _validatedRecordCount(_ records: ArraySlice<UInt8>, limit: Int) -> Int? {
        guard case .success(let plan) = _validate(records, limit: limit, _CountRecords.self) else { return nil }
        return plan.records
    }
}
