import RingLogBench
import Foundation

/// Why a result file or folder cannot be written; `description` is the message for the user
/// (the path, what is wrong with it, and the system's reason where there is one).
public struct OutputPathError: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }

    /// "`what`: `strerror(code)`".
    static func posix(_ what: String, _ code: Int32) -> OutputPathError {
        OutputPathError("\(what): \(String(cString: strerror(code)))")
    }
}
