import RingLogPlatform

/// Who may append.
public enum ProducerMode: String, Sendable, CaseIterable {
    /// One thread appends (no read-modify-write atomics on the hot path). Appending from two
    /// threads at once is undefined behaviour.
    case single
    /// Any number of threads append concurrently: claim by fetch-add, publish in claim order.
    case multi
}
