import Foundation
import RingLog
import RingLogPlatform

/// What is wrong with a workload. The message names the file, the field and the rule.
public enum WorkloadError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalidYAML(source: String, reason: String)
    case missingField(source: String, field: String)
    case wrongType(source: String, field: String, expected: String, found: String)
    case invalidValue(source: String, field: String, value: String, rule: String)
    /// The run would need more memory than the machine can give (see `RunFootprint`).
    case tooLarge(source: String, reason: String)

    public var description: String {
        // Control characters from a file (a NUL, an escape sequence) are shown escaped, never sent to the terminal.
        String(String.UnicodeScalarView(_text.unicodeScalars.flatMap { c -> [Unicode.Scalar] in
            c.properties.generalCategory == .control && c != "\n" ? Array("\\u{\(String(c.value, radix: 16))}".unicodeScalars) : [c]
        }))
    }

    var _text: String {
        switch self {
        case .unreadable(let path, let reason): return "workload file '\(path)': \(reason)"
        case .invalidYAML(let source, let reason): return "\(source): not valid YAML: \(reason)"
        case .missingField(let source, let field): return "\(source): missing required field '\(field)'"
        case .wrongType(let source, let field, let expected, let found): return "\(source): field '\(field)' must be \(expected), found \(found)"
        case .invalidValue(let source, let field, let value, let rule): return "\(source): field '\(field)' = \(value) is out of range: \(rule)"
        case .tooLarge(let source, let reason): return "\(source): \(reason)"
        }
    }
}
