import _RingLogCShims

/// Why a CPU list was refused: the text and the reason, naming the offending item.
public struct CPUListError: Error, Equatable, Sendable, CustomStringConvertible {
    public var text: String
    public var reason: String
    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }
    public var description: String {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "'\(shown)' is not a CPU list: \(reason)"
    }
}
