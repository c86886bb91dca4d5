/// A `HOST:PORT` to listen on: an IPv4 address, `[IPv6]`, or `localhost` (127.0.0.1), and a port
/// in 0...65535 (0: the kernel picks one; the server reports the real one).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// The IP address as given (`localhost` becomes 127.0.0.1; IPv6 without brackets).
    public var host: String
    /// The port; 0 asks the kernel for a free one.
    public var port: Int

    /// An address from its parts (not checked: `KafkaServer` reports a bad one when it binds).
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`.
    /// - Throws: `KafkaServerError.invalidAddress` naming what is wrong.
    public init(parsing text: String) throws(KafkaServerError) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw .invalidAddress(text, reason: "an IPv6 address needs a closing ']'")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw .invalidAddress(text, reason: "expected ':PORT' after ']'") }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw .invalidAddress(text, reason: "expected HOST:PORT, e.g. 127.0.0.1:9092")
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            if hostPart.contains(":") {
                throw .invalidAddress(text, reason: "write an IPv6 address in brackets, e.g. [::1]:9092")
            }
        }
        guard !hostPart.isEmpty else { throw .invalidAddress(text, reason: "the host is empty") }
        guard let port = Int(portPart), (0...65_535).contains(port) else {
            throw .invalidAddress(text, reason: "the port '\(portPart)' is not a number in 0...65535")
        }
        let host = hostPart == "localhost" ? "127.0.0.1" : String(hostPart)
        guard Self.isIPAddress(host) else {
            throw .invalidAddress(text, reason: "'\(hostPart)' is not an IP address (or localhost)")
        }
        self.init(host: host, port: port)
    }

    /// `HOST:PORT`, IPv6 hosts in brackets.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// True for a dotted IPv4 address or something made of IPv6 characters with a colon
    /// (the bind itself is the final judge of an IPv6 address).
    static func isIPAddress(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4 && parts.allSatisfy({ p in p.count <= 3 && !p.isEmpty && p.allSatisfy(\.isNumber) && Int(p)! <= 255 }) {
            return true
        }
        return host.contains(":") && host.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
}
