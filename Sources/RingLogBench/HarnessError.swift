/// A driver could not be set up or lost its system (a broker not running, a missing library).
public enum HarnessError: Error, CustomStringConvertible {
    case driver(String)
    public var description: String {
        switch self {
        case .driver(let message): return message
        }
    }
}
