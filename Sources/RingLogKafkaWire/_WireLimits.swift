/// Caps that keep hostile counts from turning into huge allocations.
@usableFromInline
internal enum _WireLimits {
    /// The most elements one array may declare, whatever the frame's size (Kafka frames top out
    /// around 100 MiB; no message here needs more than a million elements in one array).
    @usableFromInline static let maxArrayCount = 1 << 20
}
