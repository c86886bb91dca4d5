import RingLog
import RingLogPlatform

/// What a subscriber that arrives late gets, measured through a driver.
public struct ReplayProbe: Sendable, Codable {
    /// Messages sent before the late subscriber attached.
    public var sent: Int
    /// Messages the subscriber that was there from the start received.
    public var firstSubscriber: Int
    /// Messages the late subscriber received (the history it could replay).
    public var lateSubscriber: Int
    /// Seconds from attaching to the late subscriber's first message (group joins, fetches);
    /// nil when nothing arrived.
    public var secondsToFirstMessage: Double?
    /// Messages per second the late subscriber read, first message to last.
    public var replayRate: Double
    /// How the late subscriber attached (a new group, a new queue, ...).
    public var how: String
}
