import Foundation
import Testing
import PropertyBased
import RingLogBench
import RingLogReport
import RingLogExperiments
import RingLogThroughput

/// Every workload file and numeric setting ends in a valid workload or a named error: never a
/// trap, never a parse that runs away with time or memory.
@Suite("Workload input: bounds, malformed YAML, hostile files")
struct WorkloadInputTests {
    static let base = """
    name: t
    topics: 1
    partitionsPerTopic: 1
    messageSize: 100
    subscriptionsPerTopic: 1
    consumerPerSubscription: 1
    producersPerTopic: 1
    producerRate: 0
    testDurationMinutes: 1
    """

    static func field(_ error: WorkloadError) -> String? {
        if case .invalidValue(_, let field, _, _) = error { return field }
        return nil
    }

    static func parseError(_ yaml: String) -> WorkloadError? {
        do { _ = try Workload.parse(yaml: yaml); return nil } catch { return error }
    }

    @Test("numbers that fit a type but not a run are refused with the field named", arguments: [
        ("producerRate", "9223372036854775807"), ("producerRate", "-1"), ("testDurationMinutes", "1e300"),
        ("testDurationMinutes", ".inf"), ("testDurationMinutes", ".nan"), ("testDurationMinutes", "0.0001"),
        ("warmupDurationMinutes", ".inf"), ("warmupDurationMinutes", "-1"), ("randomBytesRatio", ".nan"),
        ("backlogDrainRatio", "-.inf"), ("randomizedPayloadPoolSize", "100000000"), ("topics", "1e15"),
        ("partitionsPerTopic", "1.5"), ("batchSize", "0"), ("ringCapacity", "1e300"),
    ])
    func outOfRangeNumbersAreNamedErrors(field: String, value: String) {
        let yaml = Self.base.split(separator: "\n").filter { !$0.hasPrefix(field + ":") }.joined(separator: "\n") + "\n\(field): \(value)\n"
        let error = Self.parseError(yaml)
        #expect(error != nil, "\(field): \(value) was accepted")
        if case .invalidValue(_, let f, _, _)? = error { #expect(f == field) }
        else if case .wrongType(_, let f, _, _)? = error { #expect(f == field) }
        else { Issue.record("\(field): \(value): \(String(describing: error))") }
    }

    @Test func backlogOfInfiniteSizeIsRefused() {
        let error = Self.parseError(Self.base.replacingOccurrences(of: "producerRate: 0", with: "producerRate: 1000") + "\nconsumerBacklogSizeGB: .inf\n")
        #expect(error.flatMap(Self.field) == "consumerBacklogSizeGB")
    }

    @Test("integers the YAML library would overflow on are refused, not trapped on", arguments: [
        "1:2:3:4:5:6:7:8:9:10:11:12:13:14", "99999999999999999999999", "0x7fffffffffffffffff", "1_2_", "+-1",
    ])
    func integersThatOverflowAreErrors(text: String) {
        #expect(Self.parseError(Self.base.replacingOccurrences(of: "topics: 1", with: "topics: \(text)")) != nil)
    }

    @Test func onlyScalarsYAMLReadsAsNumbersAreNumbers() throws {
        for text in ["!!str 1", "!custom 1", "'1'"] {
            #expect(throws: WorkloadError.self) { try Workload.parse(yaml: Self.base.replacingOccurrences(of: "topics: 1", with: "topics: \(text)")) }
        }
        #expect(try Workload.parse(yaml: Self.base.replacingOccurrences(of: "topics: 1", with: "topics: !!int 3")).topics == 3)
        #expect(throws: WorkloadError.self) { try Workload.parse(yaml: Self.base + "\nuseRandomizedPayloads: !!str true\n") }
    }

    @Test func aFieldNameThatIsNotAPlainScalarIsAnError() {
        for key in ["[a]", "{a: 1}", "? [a, b]\n"] {
            let error = Self.parseError(Self.base + "\n\(key): b\n")
            guard case .invalidYAML(_, let reason)? = error else { Issue.record("\(key): \(String(describing: error))"); continue }
            #expect(reason.contains("field name"), "\(reason)")
        }
    }

    @Test func aFieldGivenTwiceIsAnError() {
        guard case .invalidYAML(_, let reason)? = Self.parseError(Self.base + "\ntopics: 2\n") else { Issue.record("accepted"); return }
        #expect(reason.contains("'topics'") && reason.contains("duplicated") && !reason.contains("Context"), "\(reason)")
    }

    @Test func tabIndentationAndDeepNestingSayWhy() {
        guard case .invalidYAML(_, let tab)? = Self.parseError("name: t\ntopics:\n\t1\n") else { Issue.record("tab accepted"); return }
        #expect(tab.contains("line 3") && tab.contains("tab"), "\(tab)")
        let deep = Self.base + "\nx: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        guard case .invalidYAML(_, let nesting)? = Self.parseError(deep) else { Issue.record("deep nesting accepted"); return }
        #expect(nesting.lowercased().contains("nesting"), "\(nesting)")
    }

    @Test func anAliasBombUnderAnUnknownFieldIsNeverExpanded() throws {
        // Ten levels of nine aliases each: 9^10 strings if expanded.
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1..<10 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        let started = Date()
        let w = try Workload.parse(yaml: Self.base + "\n" + lines.joined(separator: "\n") + "\n")
        #expect(w.topics == 1)
        #expect(Date().timeIntervalSince(started) < 5, "expanding the aliases takes minutes and gigabytes")
    }

    @Test func filesThatAreNotSmallRegularFilesAreRefusedUnread() throws {
        for path in ["/dev/zero", NSTemporaryDirectory()] {
            #expect(throws: WorkloadError.unreadable(path: path, reason: "not a regular file")) { try Workload.load(path: path) }
        }
        let big = NSTemporaryDirectory() + "ringlog-big-workload-\(getpid()).yaml"
        try (Self.base + "\n#" + String(repeating: "x", count: WorkloadLimits.maximumFileBytes) + "\n").write(toFile: big, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: big) }
        let error: WorkloadError?
        do { _ = try Workload.load(path: big); error = nil } catch let e { error = e }
        guard case .unreadable(_, let reason)? = error else { Issue.record("a file over the limit was read"); return }
        #expect(reason.contains("at most"))
    }

    @Test func runOptionsOutsideTheLimitsAreRefusedBeforeAnythingRuns() throws {
        let w = try Workload.parse(yaml: Self.base)
        for (duration, warmup, window) in [(0.000001, 0.0, 1.0), (.infinity, 0, 1), (1, -1, 1), (1, .nan, 1), (1, 0, 0), (1e300, 0, 1)] {
            var o = RunOptions(workload: w, durationSeconds: duration, warmupSeconds: warmup)
            o.windowSeconds = window
            #expect(throws: WorkloadError.self) { try o.validate() }
            #expect(throws: WorkloadError.self) { try Runner.run(.log, o) }
        }
    }

    /// Fragments a hostile or careless workload file is made of.
    static let keys = ["name", "topics", "partitionsPerTopic", "messageSize", "subscriptionsPerTopic", "consumerPerSubscription",
                       "producersPerTopic", "producerRate", "testDurationMinutes", "warmupDurationMinutes", "consumerBacklogSizeGB",
                       "backlogDrainRatio", "randomBytesRatio", "randomizedPayloadPoolSize", "useRandomizedPayloads", "batchSize",
                       "ringCapacity", "placement", "keyCount", "retention", "driver", "unknownField", "[a]", "? x", "&k key", "*k"]
    static let values = ["1", "0", "-1", "100", "1e300", "-1e300", ".inf", "-.inf", ".nan", "9223372036854775807",
                         "9223372036854775808", "-9223372036854775808", "1:2:3:4:5:6:7:8:9:10:11:12", "0x10", "0o7", "1_000",
                         "1.5", "true", "no", "~", "null", "''", "\"10\"", "[1, 2]", "{a: 1}", "&a 5", "*a", "*undefined",
                         "!!int 3", "!!float x", "!!binary AA==", "|\n  block", "\t1", "[[[[[[[[", "}", "'unterminated", "overwrite",
                         "0,1-2-3", "99", "65536", "4096", "1048576", "💥", "\u{0}", "%YAML 1.2"]

    @Test func randomDocumentsParseToAValidWorkloadOrANamedError() async {
        let line = Gen.element(of: Self.keys).map { $0! }
        let value = Gen.element(of: Self.values).map { $0! }
        let indent = Gen.element(of: ["", "", "", " ", "  ", "\t", "- "]).map { $0! }
        let entry = zip(indent, line, value).map { "\($0)\($1): \($2)" }
        let outcomes = Locked((valid: 0, refused: 0))
        await propertyCheck(count: 2_000, input: entry.array(of: 0...6), Gen.bool) { entries, withBase in
            let yaml = (withBase ? Self.base + "\n" : "") + entries.joined(separator: "\n")
            do throws(WorkloadError) {
                let w = try Workload.parse(yaml: yaml)
                #expect(throws: Never.self) { try w.validate() }
                outcomes.withValue { $0.valid += 1 }
            } catch {
                #expect(!error.description.isEmpty)
                outcomes.withValue { $0.refused += 1 }
            }
        }
        // Both ends are reached: documents that parse and documents refused by name.
        let seen = outcomes.withValue { $0 }
        #expect(seen.valid > 0 && seen.refused > 0, "\(seen)")
    }

    /// Values a flag parser hands over: ordinary, boundary, negative, huge, NaN, infinite.
    static let doubles: [Double] = [0, -0.0, 1e-9, 0.05, 0.1, 0.5, 1, 3.5, 600, 3600, 86_400, 86_401, 1e15, 1e300, -1, -1e300,
                                    .nan, .infinity, -.infinity, .greatestFiniteMagnitude, .leastNonzeroMagnitude]
    static let ints: [Int] = [0, 1, -1, 2, 63, 64, 4096, 4097, 1 << 20, 1 << 30, 1 << 31, Int(Int32.max), .max, .min, .max - 1]

    @Test func runSettingsFromFlagsAreEitherInBoundsOrNamedErrors() async throws {
        let base = try Workload.parse(yaml: Self.base)
        let d = Gen.element(of: Self.doubles).map { $0! }
        let i = Gen.element(of: Self.ints).map { $0! }
        await propertyCheck(count: 3_000, input: zip(d, d, d), zip(i, i, i)) { timings, sizes in
            var w = base
            w.ringlog.batchSize = sizes.0
            w.ringlog.ringCapacity = sizes.1
            w.producerRate = sizes.2
            var o = RunOptions(workload: w, durationSeconds: timings.0, warmupSeconds: timings.1)
            o.windowSeconds = timings.2
            do throws(WorkloadError) {
                try o.validate()
                typealias L = WorkloadLimits
                #expect(L.contains(L.durationSeconds, timings.0) && L.contains(L.warmupSeconds, timings.1) && L.contains(L.windowSeconds, timings.2))
                #expect(L.batchSize.contains(sizes.0) && L.ringCapacity.contains(sizes.1) && L.producerRate.contains(sizes.2))
                // What passed can be sized without trapping.
                _ = RunFootprint(kind: .log, options: o).totalBytes
                _ = RunFootprint(kind: .queue, options: o).totalBytes
            } catch {
                guard case .invalidValue(_, let field, _, _) = error else { Issue.record("\(error)"); return }
                #expect(["duration", "warmup", "window", "batchSize", "ringCapacity", "producerRate"].contains(field), "\(field)")
            }
        }
    }
}
