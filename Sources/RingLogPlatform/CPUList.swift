import _RingLogCShims

/// A set of CPU ids in the kernel's list format (`0-3,8,10-11`, as in
/// `/sys/devices/system/cpu/online` and `taskset -c`), parsed strictly.
///
/// Grammar: one or more items separated by single commas; an item is `N` or `A-B` with
/// `A <= B`; numbers are ASCII digits only (no sign, no whitespace, no other script's digits) and
/// below `CPUList.limit`. Anything else is a `CPUListError` naming the item, never a trap: digits
/// are accumulated with saturation, so a number of any length is just "out of range", and ranges
/// are merged, not expanded, so the work and memory are O(n log n) in the text's length and the
/// result holds at most `limit` ids.
public struct CPUList: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// CPU ids are below this: 4096, as the affinity shims (`RINGLOG_CPU_LIMIT`) accept.
    public static let limit = Int(RINGLOG_CPU_LIMIT)

    /// The CPU ids, ascending, each once (overlapping items collapse: it is a set).
    public let cpus: [Int]

    /// A list of these ids (each in `0..<limit`; duplicates collapse).
    public init(_ cpus: some Sequence<Int>) {
        self.cpus = Array(Set(cpus.filter { (0..<Self.limit).contains($0) })).sorted()
    }

    /// Parses `text` strictly (see the type's grammar). O(n log n) in `text`'s length.
    /// - Throws: `CPUListError` with the reason, naming the offending item.
    public init(parsing text: some StringProtocol) throws(CPUListError) {
        let full = String(text)
        func fail(_ reason: String) -> CPUListError { CPUListError(text: full, reason: reason) }
        let bytes = Array(full.utf8)
        guard !bytes.isEmpty else { throw fail("it is empty") }
        var ranges: [(lo: Int, hi: Int)] = []
        for item in bytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            let shown = Self.quote(item)
            guard !item.isEmpty else { throw fail("it has an empty item (a leading, trailing or doubled comma)") }
            let parts = item.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw fail("item \(shown) has more than one dash (an item is N or A-B)") }
            var bounds: [Int] = []
            for (index, part) in parts.enumerated() {
                guard !part.isEmpty else {
                    throw fail(index == 0 ? "item \(shown) has no number before its dash (no signs; an item is N or A-B)"
                                          : "item \(shown) has no number after its dash (an item is N or A-B)")
                }
                var value = 0
                for byte in part {
                    guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else {
                        throw fail("item \(shown) has a character that is not an ASCII digit (an item is N or A-B)")
                    }
                    // Saturates at `limit`: any longer number is out of range, nothing overflows.
                    value = Swift.min(value * 10 + Int(byte - UInt8(ascii: "0")), Self.limit)
                }
                guard value < Self.limit else { throw fail("item \(shown) names a CPU above \(Self.limit - 1) (CPUs are 0...\(Self.limit - 1))") }
                bounds.append(value)
            }
            let lo = bounds[0], hi = bounds[bounds.count - 1]
            guard lo <= hi else { throw fail("item \(shown) is a descending range") }
            ranges.append((lo, hi))
        }
        cpus = Self.merge(ranges).flatMap { Array($0.lo...$0.hi) }
    }

    /// Ranges sorted and merged where they overlap or touch; the merged ranges are disjoint and
    /// within `0..<limit`, so expanding them yields at most `limit` ids.
    static func merge(_ ranges: [(lo: Int, hi: Int)]) -> [(lo: Int, hi: Int)] {
        var out: [(lo: Int, hi: Int)] = []
        for r in ranges.sorted(by: { $0.lo < $1.lo }) {
            if let last = out.last, r.lo <= last.hi + 1 {
                out[out.count - 1].hi = Swift.max(last.hi, r.hi)
            } else {
                out.append(r)
            }
        }
        return out
    }

    /// An item for an error message: quoted, and cut short when long.
    static func quote(_ item: ArraySlice<UInt8>) -> String {
        let text = String(decoding: item.prefix(24), as: UTF8.self)
        return "'\(text)\(item.count > 24 ? "…" : "")'"
    }

    /// The compact kernel form: `0-3,8,10-11` (empty for no CPUs). O(n).
    public var description: String {
        Self.merge(cpus.map { ($0, $0) }).map { $0.lo == $0.hi ? "\($0.lo)" : "\($0.lo)-\($0.hi)" }.joined(separator: ",")
    }
}
