/// Receives messages for one consumer thread.
public protocol DriverConsumer: SendableMetatype {
    /// Receives up to `max` messages, passing each (partition, payload) to `body` as a borrowed
    /// view. Returns how many; 0 when none are ready.
    mutating func poll(max: Int, _ body: (Int, UnsafeRawBufferPointer) -> Void) throws -> Int
    /// Leaves (commits, releases resources).
    mutating func close()
}
