import Testing
import Foundation
@testable import RingLogBench
@testable import RingLogReport
@testable import RingLogExperiments
import RingLogThroughput

@Suite("Result folders are written beside their target and replace it whole")
struct StagedFolderTests {
    static func write(_ text: String, _ path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// A previous result folder: report.md, a chart, two runs.
    static func oldResults(in root: String) throws -> String {
        let target = root + "/compare"
        try write("old report", target + "/report.md")
        try write("old chart", target + "/chart.svg")
        try write("old run 1", target + "/runs/001-a-log.json")
        try write("old run 2", target + "/runs/002-b-log.json")
        return target
    }

    @Test("an interrupted write leaves the old folder intact and an incomplete .partial folder beside it")
    func interruptedWriteLeavesOldFolder() throws {
        let root = try scratchFolder("staged")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let target = try Self.oldResults(in: root)
        let before = snapshot(target)
        let staged = try StagedFolder(target: target, tag: "7")
        #expect(staged.staging == target + ".partial-7")
        try Self.write("new run 1", staged.staging + "/runs/001-a-log.json")
        // Interrupted here: no commit.
        #expect(snapshot(target) == before)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: root)) == ["compare", "compare.partial-7"])
        #expect(snapshot(staged.staging).keys.sorted() == ["runs", "runs/001-a-log.json"])
    }

    @Test("a completed write replaces the folder wholly: no old file is left among the new ones")
    func commitReplacesWholly() throws {
        let root = try scratchFolder("staged")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let target = try Self.oldResults(in: root)
        let staged = try StagedFolder(target: target + "/", tag: "8")
        try Self.write("new run 1", staged.staging + "/runs/001-a-log.json")
        try Self.write("new report", staged.staging + "/report.md")
        #expect(try staged.commit() == nil)
        let after = snapshot(target)
        #expect(after.keys.sorted() == ["report.md", "runs", "runs/001-a-log.json"])
        #expect(try String(contentsOfFile: target + "/report.md", encoding: .utf8) == "new report")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["compare"])
    }

    @Test("a new target is created with its missing parent folders; a stale staging folder of the same name is replaced")
    func newTargetAndStaleStaging() throws {
        let root = try scratchFolder("staged")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let target = root + "/results/deeper/compare"
        try Self.write("stale", target + ".partial-9/report.md")
        let staged = try StagedFolder(target: target, tag: "9")
        #expect(try FileManager.default.contentsOfDirectory(atPath: staged.staging).isEmpty)
        try Self.write("new report", staged.staging + "/report.md")
        try staged.commit()
        #expect(try String(contentsOfFile: target + "/report.md", encoding: .utf8) == "new report")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/results/deeper") == ["compare"])
    }

    @Test("a target that is a file, a folder under a file, or '.' is refused before anything is written")
    func badTargetsAreRefused() throws {
        let root = try scratchFolder("staged")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.write("plain", root + "/plain")
        let before = snapshot(root)
        #expect(throws: OutputPathError.self) { try StagedFolder(target: root + "/plain") }
        #expect(throws: OutputPathError.self) { try StagedFolder(target: root + "/plain/compare") }
        #expect(throws: OutputPathError.self) { try StagedFolder(target: root + "/.") }
        #expect(throws: OutputPathError.self) { try StagedFolder(target: "/") }
        #expect(snapshot(root) == before)
        do { _ = try StagedFolder(target: root + "/plain/compare") } catch {
            #expect(error.description.contains("'\(root)/plain' is a file, not a folder"))
        }
    }

    @Test("compare replaces only a folder that holds compare results (or nothing)")
    func compareReplacesOnlyResultFolders() throws {
        let root = try scratchFolder("staged")
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.write("notes", root + "/mine/notes.txt")
        try FileManager.default.createDirectory(atPath: root + "/empty", withIntermediateDirectories: false)
        let results = try Self.oldResults(in: root)
        #expect(throws: OutputPathError.self) { try Compare.checkReplaceable(root + "/mine") }
        try Compare.checkReplaceable(root + "/empty")
        try Compare.checkReplaceable(results)
        try Compare.checkReplaceable(root + "/absent")
    }
}
