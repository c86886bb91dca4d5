import Testing
import RingLogPlatform

@Suite("Placement parsing: strict CPU lists")
struct PlacementParsingTests {
    /// An independent reading of the grammar: comma-separated items `N` or `A-B`, ASCII digits,
    /// `A <= B < CPUList.limit`. Nil where the text is not such a list.
    static func reference(_ text: String) -> [Int]? {
        guard !text.isEmpty else { return nil }
        var cpus = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count) else { return nil }
            var bounds: [Int] = []
            for part in parts {
                guard !part.isEmpty, part.unicodeScalars.allSatisfy({ (48...57).contains($0.value) }) else { return nil }
                // Int(_:) is nil on overflow; leading zeros of any length are fine.
                let digits = part.drop { $0 == "0" }
                guard digits.count <= 18, let v = digits.isEmpty ? 0 : Int(digits), v < CPUList.limit else { return nil }
                bounds.append(v)
            }
            guard bounds[0] <= bounds[bounds.count - 1] else { return nil }
            cpus.formUnion(bounds[0]...bounds[bounds.count - 1])
        }
        return cpus.sorted()
    }

    /// Pieces random texts are built from: digits, separators, signs, whitespace, huge numbers,
    /// other scripts' digits, words.
    static let pieces = [
        "0", "1", "2", "7", "9", "12", "63", "4095", "4096", "4097", "65535", "007",
        "9223372036854775806", "9223372036854775807", "9223372036854775808", "18446744073709551616",
        "99999999999999999999999999999999", String(repeating: "9", count: 300), String(repeating: "0", count: 40) + "5",
        ",", ",", ",", "-", "-", "-", "--", ",,", "+", "+1", "-1", " ", "\t", "\n", "\u{0}",
        "٣", "３", "½", "⁵", "Ⅷ", "e3", "0x1", "1.5", "é", "compact", "spread", "🙂",
    ]

    static func randomText(_ rng: inout SplitMix) -> String {
        var text = ""
        for _ in 0..<Int(rng.next() % 9) { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
        return text
    }

    @Test("random and adversarial texts never trap: each parses to CPUs in bounds, as the reference does, or is refused")
    func randomTextsNeverTrap() {
        var rng = SplitMix(seed: 0x5EED_CAFE)
        var accepted = 0, refused = 0
        for i in 0..<40_000 {
            let text = i < Self.pieces.count ? Self.pieces[i] : Self.randomText(&rng)
            let expected = Self.reference(text)
            do {
                let policy = try PlacementPolicy(parsing: text)
                switch policy {
                case .compact, .spread:
                    #expect(text == "compact" || text == "spread")
                case .explicit(let cpus):
                    accepted += 1
                    #expect(!cpus.isEmpty && cpus.allSatisfy { (0..<CPUList.limit).contains($0) }, "\(text.debugDescription)")
                    #expect(cpus == expected, "\(text.debugDescription): \(cpus) vs reference \(String(describing: expected))")
                    // The compact form reads back as the same set.
                    #expect((try? CPUList(parsing: CPUList(cpus).description))?.cpus == cpus)
                }
            } catch {
                refused += 1
                #expect(expected == nil, "\(text.debugDescription) refused (\(error)) but the reference reads \(expected ?? [])")
                guard case .invalid(let e) = error else {
                    Issue.record("\(text.debugDescription): \(error) is not .invalid")
                    continue
                }
                #expect(e.text == text && !e.reason.isEmpty)
            }
            #expect(Topology.parseCPUList(text) == (expected ?? []))
        }
        #expect(accepted > 1000 && refused > 1000, "both outcomes exercised: \(accepted) accepted, \(refused) refused")
    }

    @Test("the cases that trapped, misread or dropped parts are refused with the offending item named")
    func formerDefectsAreRefused() {
        let cases: [(String, String)] = [
            ("0-9223372036854775806", "'0-9223372036854775806' names a CPU above 4095"),
            ("9223372036854775807", "above 4095"),
            ("-1", "'-1' has no number before its dash"),
            ("0,1-2-3", "'1-2-3' has more than one dash"),
            ("0,", "empty item"), (",0", "empty item"), ("0,,1", "empty item"), ("", "empty"),
            ("1-", "'1-' has no number after its dash"),
            ("+1", "'+1' has a character that is not an ASCII digit"),
            (" 1", "not an ASCII digit"), ("1 ", "not an ASCII digit"), ("0, 1", "not an ASCII digit"),
            ("٣", "not an ASCII digit"), ("３", "not an ASCII digit"),
            ("3-1", "'3-1' is a descending range"),
            ("4096", "above 4095"),
        ]
        for (text, reason) in cases {
            #expect(throws: PlacementError.self, "\(text.debugDescription)") { try PlacementPolicy(parsing: text) }
            #expect(PlacementPolicy(text) == nil)
            do {
                _ = try PlacementPolicy(parsing: text)
            } catch {
                #expect(error.description.contains(reason), "\(text.debugDescription): \(error)")
            }
        }
    }

    @Test("valid lists come out ascending, each CPU once, up to the bound")
    func validListsParse() throws {
        #expect(try PlacementPolicy(parsing: "0,2-3") == .explicit([0, 2, 3]))
        #expect(try PlacementPolicy(parsing: "3,1,1-2") == .explicit([1, 2, 3]))
        #expect(try PlacementPolicy(parsing: "5-5") == .explicit([5]))
        #expect(try PlacementPolicy(parsing: "007") == .explicit([7]))
        #expect(try PlacementPolicy(parsing: "4095") == .explicit([4095]))
        #expect(try PlacementPolicy(parsing: "compact") == .compact)
        #expect(try PlacementPolicy(parsing: "spread") == .spread)
        #expect(try CPUList(parsing: "0-4095").cpus.count == CPUList.limit)
        #expect(CPUList([8, 0, 1, 2, 3, 10, 11, 3]).description == "0-3,8,10-11")
    }

    @Test("a long list of overlapping full ranges is merged, not expanded per item")
    func overlappingRangesStayBounded() throws {
        let text = Array(repeating: "0-4095", count: 20_000).joined(separator: ",")
        let start = ContinuousClock.now
        let list = try CPUList(parsing: text)
        #expect(list.cpus == Array(0..<CPUList.limit))
        #expect(ContinuousClock.now - start < .seconds(5))
    }
}
