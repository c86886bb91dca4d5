import RingLogBench
import Foundation
import Histogram
import RingLogPlatform

/// Writes a JSONSerialization tree as pretty JSON with chosen key orders.
enum _OrderedJSON {
    static func fieldOrder(of value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label) }

    static func emit(_ v: Any, order: [String]?, nested: [String: [String]], indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1), closing = String(repeating: "  ", count: indent)
        switch v {
        case let d as [String: Any]:
            if d.isEmpty { out += "{ }"; return }
            var keys = order?.filter { d[$0] != nil } ?? []
            let rest = d.keys.filter { !keys.contains($0) }
            // Remaining keys: numeric ones (quantile maps) by value, others by name.
            keys += rest.sorted { a, b in
                if let x = Double(a), let y = Double(b) { return x < y }
                return a < b
            }
            out += "{\n"
            for (i, k) in keys.enumerated() {
                out += pad + quote(k) + " : "
                emit(d[k]!, order: nested[k], nested: [:], indent: indent + 1, into: &out)
                out += i == keys.count - 1 ? "\n" : ",\n"
            }
            out += closing + "}"
        case let a as [Any]:
            if a.isEmpty { out += "[ ]"; return }
            out += "[ "
            for (i, x) in a.enumerated() {
                emit(x, order: nil, nested: [:], indent: indent + 1, into: &out)
                if i < a.count - 1 { out += ", " }
            }
            out += " ]"
        case let s as String: out += quote(s)
        case let b as Bool where type(of: v) == Bool.self: out += b ? "true" : "false"
        case let n as NSNumber:
            if String(cString: n.objCType) == "c" { out += n.boolValue ? "true" : "false" }
            else if let i = Int(exactly: n.doubleValue), !"\(n)".contains(".") { out += String(i) }
            else { out += "\(n.doubleValue)" }
        case is NSNull: out += "null"
        default: out += quote("\(v)")
        }
    }

    static func quote(_ s: String) -> String {
        var r = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": r += "\\\""
            case "\\": r += "\\\\"
            case "\n": r += "\\n"
            case "\t": r += "\\t"
            default: if c.value < 0x20 { r += String(format: "\\u%04x", c.value) } else { r.unicodeScalars.append(c) }
            }
        }
        return r + "\""
    }
}
