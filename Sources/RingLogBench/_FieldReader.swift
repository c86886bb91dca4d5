import Foundation
import Yams

/// Typed access to the top-level fields of a workload's YAML, with errors naming the field.
///
/// Reads the document as a node tree (`Yams.compose`), never as `Any`: only the fields asked
/// for are looked at, and only as plain scalars, so an alias bomb or a deep structure under an
/// unknown field costs nothing beyond parsing (which is linear in the text). Numbers are parsed
/// here, strictly: decimal integers that fit an `Int`, finite floating-point values.
struct _FieldReader {
    let fields: [String: Node]
    let source: String

    /// Parses `yaml`: it must be one mapping whose keys are plain scalars, each given once.
    init(yaml: String, source: String) throws(WorkloadError) {
        self.source = source
        guard yaml.utf8.count <= WorkloadLimits.maximumFileBytes else {
            throw .invalidYAML(source: source, reason: "\(yaml.utf8.count) bytes; a workload is at most \(WorkloadLimits.maximumFileBytes) bytes")
        }
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw .invalidYAML(source: source, reason: Self.describe(error, in: yaml))
        }
        guard case .mapping(let mapping)? = root else {
            throw .invalidYAML(source: source, reason: "the document must be a mapping of field names to values, found \(Self.kind(root))")
        }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let name) = key else {
                throw .invalidYAML(source: source, reason: "\(Self.at(key))a field name must be a plain word, found \(Self.kind(key))")
            }
            guard fields.updateValue(value, forKey: name.string) == nil else {
                throw .invalidYAML(source: source, reason: "\(Self.at(key))field '\(name.string)' is given twice")
            }
        }
        self.fields = fields
    }

    /// "line L, column C: " for a node, when the parser recorded where it was.
    static func at(_ node: Node) -> String {
        node.mark.map { "line \($0.line), column \($0.column): " } ?? ""
    }

    static func kind(_ node: Node?) -> String {
        switch node {
        case nil: return "an empty document"
        case .scalar?: return "a single value"
        case .mapping?: return "a mapping"
        case .sequence?: return "a list"
        case .alias?: return "an alias"
        }
    }

    /// The parser's reason and where, on one line, with a hint for the usual mistakes.
    static func describe(_ error: Error, in yaml: String) -> String {
        guard let e = error as? YamlError else { return "\(error)" }
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var text = "line \(mark.line), column \(mark.column): \(problem)"
            if let context { text += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(max(0, mark.line - 1)).first
            if let line, line.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
                text += "; YAML indents with spaces, and this line is indented with a tab"
            }
            return text
        default:
            // Other errors (a duplicated key, say) carry the whole document as context: keep the sentence.
            let text = "\(e)".split(separator: "\n").joined(separator: " ")
            return text.components(separatedBy: " Context:").first ?? text
        }
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s):
            guard s.style == .plain || s.style == .any else { return "'\(s.string)' (a quoted string)" }
            // Plain digits YAML does not read as a number were tagged as something else.
            if number(node) == nil && (Self.parseInt(s.string) != nil || Self.parseDouble(s.string) != nil) {
                return "'\(s.string)' (tagged \(node.tag.rawValue))"
            }
            return "'\(s.string)'"
        default: return Self.kind(node)
        }
    }

    /// The field's node, nil when absent or null.
    func raw(_ key: String, required: Bool) throws(WorkloadError) -> Node? {
        guard let node = fields[key], !Self.isNull(node) else {
            if required { throw .missingField(source: source, field: key) }
            return nil
        }
        return node
    }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node, s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    /// A plain (unquoted) scalar's text, else nil.
    func plain(_ node: Node) -> String? {
        guard case .scalar(let s) = node, s.style == .plain || s.style == .any else { return nil }
        return s.string
    }

    /// A plain scalar's text when YAML reads it as a number (untagged, or tagged `!!int` or
    /// `!!float`): `!!str 1` or a custom tag is not a number.
    func number(_ node: Node) -> String? {
        guard case .scalar = node, node.tag.rawValue == Tag.Name.int.rawValue || node.tag.rawValue == Tag.Name.float.rawValue else { return nil }
        return plain(node)
    }

    func int(_ key: String, required: Bool = false) throws(WorkloadError) -> Int? {
        guard let node = try raw(key, required: required) else { return nil }
        if let text = number(node) {
            if let i = Self.parseInt(text) { return i }
            if let d = Self.parseDouble(text) {
                guard d.isFinite, d == d.rounded() else {
                    throw .wrongType(source: source, field: key, expected: "an integer", found: describe(node))
                }
                guard abs(d) <= 1e15 else {
                    throw .invalidValue(source: source, field: key, value: text, rule: "an integer between -10^15 and 10^15")
                }
                return Int(d)
            }
            if Self.isDecimalInteger(text) {
                throw .invalidValue(source: source, field: key, value: text, rule: "an integer that fits in 64 bits")
            }
        }
        throw .wrongType(source: source, field: key, expected: "an integer", found: describe(node))
    }

    func double(_ key: String, required: Bool = false) throws(WorkloadError) -> Double? {
        guard let node = try raw(key, required: required) else { return nil }
        if let text = number(node) {
            if let i = Self.parseInt(text) { return Double(i) }
            if let d = Self.parseDouble(text) {
                guard d.isFinite else { throw .invalidValue(source: source, field: key, value: text, rule: "a finite number") }
                return d
            }
            if Self.isDecimalInteger(text) { return Double(text.filter { $0 != "_" }) }
        }
        throw .wrongType(source: source, field: key, expected: "a number", found: describe(node))
    }

    func bool(_ key: String, required: Bool = false) throws(WorkloadError) -> Bool? {
        guard let node = try raw(key, required: required) else { return nil }
        guard case .scalar = node, node.tag.rawValue == Tag.Name.bool.rawValue else {
            throw .wrongType(source: source, field: key, expected: "true or false", found: describe(node))
        }
        switch plain(node) {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: throw .wrongType(source: source, field: key, expected: "true or false", found: describe(node))
        }
    }

    func string(_ key: String, required: Bool = false) throws(WorkloadError) -> String? {
        guard let node = try raw(key, required: required) else { return nil }
        guard case .scalar(let s) = node else { throw .wrongType(source: source, field: key, expected: "a string", found: describe(node)) }
        return s.string
    }

    /// `[+-]digits` (underscores allowed between digits, as YAML 1.1) that fits an `Int`.
    static func parseInt(_ text: String) -> Int? {
        guard isDecimalInteger(text) else { return nil }
        return Int(text.filter { $0 != "_" })
    }

    static func isDecimalInteger(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.first == "+" || digits.first == "-" { digits = digits.dropFirst() }
        guard let first = digits.first, first.isASCII, first.isNumber, digits.last != "_" else { return false }
        return digits.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "_" }
    }

    /// A YAML or decimal floating-point literal (`1.5`, `1e6`, `.inf`, `-.Inf`, `.nan`).
    static func parseDouble(_ text: String) -> Double? {
        switch text.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default: break
        }
        // Only digits, one point, an exponent and signs: Double(_:) would also take "inf", "nan", hex.
        guard text.allSatisfy({ ($0.isASCII && $0.isNumber) || "+-.eE".contains($0) }),
              text.contains(where: { $0.isASCII && $0.isNumber }) else { return nil }
        return Double(text)
    }

    /// Edit distance between two short names (case-insensitive), for "did you mean" hints.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        guard !x.isEmpty, !y.isEmpty else { return max(x.count, y.count) }
        var row = Array(0...y.count)
        for i in 1...x.count {
            var previous = row[0]
            row[0] = i
            for j in 1...y.count {
                let kept = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = kept
            }
        }
        return row[y.count]
    }
}
