import Histogram
import RingLogPlatform

/// Latency histograms and counters of one time window (or of a whole run, merged).
public struct WindowStats: Sendable {
    public var publishLatency = WindowStats.histogram()
    public var publishDelay = WindowStats.histogram()
    public var endToEnd = WindowStats.histogram()
    public var sent = 0
    public var received = 0
    public var sendErrors = 0
    /// The span of the measured phase this window covers, in seconds: the window width, less
    /// for a last window cut short by the end of the run. Rates are counts over this span.
    public var seconds = 0.0

    public init() {}

    /// Nanosecond resolution, 3 significant digits, up to 60 s (larger values are clamped).
    public static func histogram() -> Histogram<UInt64> {
        Histogram(lowestDiscernibleValue: 1, highestTrackableValue: maxTrackable, numberOfSignificantValueDigits: .three)
    }
    public static let maxTrackable: UInt64 = 60_000_000_000

    public mutating func add(_ other: WindowStats) {
        publishLatency.add(other.publishLatency)
        publishDelay.add(other.publishDelay)
        endToEnd.add(other.endToEnd)
        sent += other.sent
        received += other.received
        sendErrors += other.sendErrors
    }
}
