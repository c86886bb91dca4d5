/// One client connection of a real system, as a consumer uses it: fetches up to `max`
/// messages, passing each payload to `body` as a borrowed view. Used by exactly one thread.
public protocol BrokerFetching: AnyObject {
    /// Fetches up to `max` messages; returns how many (0 when none are ready).
    func fetch(max: Int, _ body: (UnsafeRawBufferPointer) -> Void) throws -> Int
}
