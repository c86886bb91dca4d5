/// Why `ringlog serve` could not start, or a connection was dropped.
///
/// Each case names the value that was wrong, so the command can print it as it is.
public enum KafkaServerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A configuration value is out of range (the flag's name and why).
    case invalidConfiguration(String)
    /// The listen address could not be parsed (`HOST:PORT`, an IP address or `localhost`).
    case invalidAddress(String, reason: String)
    /// Binding the listening socket failed (the address is in use, not local, not permitted).
    case bindFailed(host: String, port: Int, reason: String)
    /// A request frame's int32 size was negative or over `maxRequestBytes`: the connection is closed.
    case frameSizeRejected(size: Int32, limit: Int)

    /// The message `ringlog serve` prints after `Error: `.
    public var description: String {
        switch self {
        case .invalidConfiguration(let reason):
            return reason
        case .invalidAddress(let address, let reason):
            return "invalid listen address '\(address)': \(reason)"
        case .bindFailed(let host, let port, let reason):
            return "cannot listen on \(host):\(port): \(reason)"
        case .frameSizeRejected(let size, let limit):
            return "request frame of \(size) bytes refused (negative or over --max-request-bytes \(limit))"
        }
    }
}
