import Testing
import Foundation
@testable import RingLogBench
@testable import RingLogReport
@testable import RingLogExperiments
import RingLogThroughput

/// A fresh folder under the temporary folder, removed by the caller.
func scratchFolder(_ label: String) throws -> String {
    let path = NSTemporaryDirectory() + "ringlog-\(label)-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Every file and folder under `root` with its contents and modification time, to show that
/// something left a tree exactly as it was.
func snapshot(_ root: String) -> [String: String] {
    var out: [String: String] = [:]
    let fm = FileManager.default
    for entry in (fm.enumerator(atPath: root)?.allObjects as? [String]) ?? [] {
        let path = root + "/" + entry
        let attributes = try? fm.attributesOfItem(atPath: path)
        let stamp = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let body = fm.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? "<folder>"
        out[entry] = "\(stamp) \(body)"
    }
    return out
}

/// The `ringlog` executable built beside the test bundle, if there is one.
let ringlogExecutable: String? = {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var folder = (exe as NSString).deletingLastPathComponent
    // The test binary may sit inside a bundle folder (RingLogPackageTests.xctest/...).
    for _ in 0..<4 {
        let candidate = folder + "/ringlog"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        folder = (folder as NSString).deletingLastPathComponent
    }
    return nil
}()

@Suite("CLI output paths: checked before a run, written whole or to a fallback")
struct CLIOutputPathTests {
    /// A folder holding a workload file `x.yaml`.
    static func folderWithWorkload() throws -> String {
        let dir = try scratchFolder("out")
        try "name: x\n".write(toFile: dir + "/x.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    /// `check` throws an error whose message contains `fragment`, and leaves `dir` as it was.
    static func expectRejected(_ dir: String, output: String, csv: String? = nil, outputIsDefault: Bool = false,
                               _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let before = snapshot(dir)
        do {
            try OutputPaths.check(output: output, csv: csv, workload: dir + "/x.yaml", outputIsDefault: outputIsDefault)
            Issue.record("accepted -o \(output) --csv \(csv ?? "-")", sourceLocation: sourceLocation)
        } catch {
            #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
            #expect(!error.description.contains("NSCocoaErrorDomain"), sourceLocation: sourceLocation)
        }
        #expect(snapshot(dir) == before, "the check changed files", sourceLocation: sourceLocation)
    }

    @Test("an output in a folder that does not exist is refused, and nothing is created")
    func missingFolderIsRefused() throws {
        let dir = try Self.folderWithWorkload()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        Self.expectRejected(dir, output: dir + "/nope/out.json", "the folder '\(dir)/nope' does not exist")
        Self.expectRejected(dir, output: dir + "/out.json", csv: dir + "/nope/out.csv", "does not exist")
        #expect(!FileManager.default.fileExists(atPath: dir + "/nope"))
    }

    @Test("a folder given as -o or --csv is refused")
    func folderAsOutputIsRefused() throws {
        let dir = try Self.folderWithWorkload()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        Self.expectRejected(dir, output: dir + "/sub", "is a folder, not a file")
        Self.expectRejected(dir, output: dir, "is a folder, not a file")
        Self.expectRejected(dir, output: dir + "/new/", "names a folder")
        Self.expectRejected(dir, output: dir + "/out.json", csv: dir + "/sub", "--csv '\(dir)/sub' is a folder")
    }

    @Test("-o naming the workload file, spelled differently or through a link, is refused")
    func outputOverWorkloadIsRefused() throws {
        let dir = try Self.folderWithWorkload()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.yaml", withDestinationPath: dir + "/x.yaml")
        for spelling in [dir + "/x.yaml", dir + "/./x.yaml", dir + "/sub/../x.yaml", dir + "//x.yaml", dir + "/link.yaml"] {
            Self.expectRejected(dir, output: spelling, "is the workload file")
        }
        Self.expectRejected(dir, output: dir + "/out.json", csv: dir + "/./x.yaml", "--csv '\(dir)/./x.yaml' is the workload file")
    }

    @Test("--csv naming the same file as -o, or as the default result file, is refused")
    func csvOverOutputIsRefused() throws {
        let dir = try Self.folderWithWorkload()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        Self.expectRejected(dir, output: dir + "/out.json", csv: dir + "/./out.json", "are the same file")
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        try "old".write(toFile: dir + "/old.json", atomically: true, encoding: .utf8)
        Self.expectRejected(dir, output: dir + "/old.json", csv: dir + "/sub/../old.json", "are the same file")
        Self.expectRejected(dir, output: dir + "/x-log-2026.json", csv: dir + "/x-log-2026.json", outputIsDefault: true,
                            "the default result file '\(dir)/x-log-2026.json' (no -o given)")
    }

    @Test("a folder that cannot be written to is refused (by permissions unless root; under a regular file always)")
    func unwritableFolderIsRefused() throws {
        let dir = try Self.folderWithWorkload()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "plain".write(toFile: dir + "/plain", atomically: true, encoding: .utf8)
        Self.expectRejected(dir, output: dir + "/plain/x.json", "'\(dir)/plain' is a file, not a folder")
        Self.expectRejected(dir, output: dir + "/plain/deeper/x.json", "is not a folder")
        Self.expectRejected(dir, output: dir + "/out.json", csv: dir + "/plain/x.csv", "is a file, not a folder")
        if FileManager.default.fileExists(atPath: "/etc/hostname") {
            Self.expectRejected(dir, output: "/etc/hostname/x.json", "'/etc/hostname' is a file, not a folder")
        }
        // root ignores permission bits: a read-only folder is writable to it.
        if getuid() != 0 {
            try FileManager.default.createDirectory(atPath: dir + "/locked", withIntermediateDirectories: false)
            chmod(dir + "/locked", 0o555)
            defer { chmod(dir + "/locked", 0o755) }
            Self.expectRejected(dir, output: dir + "/locked/x.json", "cannot write in the folder '\(dir)/locked'")
        }
    }

    @Test("writable paths pass the check and it creates nothing")
    func goodPathsPass() throws {
        let dir = try Self.folderWithWorkload()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "old".write(toFile: dir + "/old.json", atomically: true, encoding: .utf8)
        let before = snapshot(dir)
        try OutputPaths.check(output: dir + "/out.json", csv: dir + "/out.csv", workload: dir + "/x.yaml")
        try OutputPaths.check(output: dir + "/old.json", csv: nil, workload: dir + "/x.yaml")
        try OutputPaths.check(output: "/dev/null", csv: nil, workload: dir + "/x.yaml")
        #expect(snapshot(dir) == before)
    }

    @Test("write replaces a file whole and leaves no temporary file")
    func writeReplacesWhole() throws {
        let dir = try scratchFolder("write")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "old contents, longer than the new".write(toFile: dir + "/r.json", atomically: true, encoding: .utf8)
        try OutputPaths.write(Data("new".utf8), to: dir + "/r.json")
        #expect(try String(contentsOfFile: dir + "/r.json", encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["r.json"])
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.json", withDestinationPath: dir + "/r.json")
        try OutputPaths.write(Data("through the link".utf8), to: dir + "/link.json")
        #expect(try String(contentsOfFile: dir + "/r.json", encoding: .utf8) == "through the link")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.json") == dir + "/r.json")
        try OutputPaths.write(Data("discarded".utf8), to: "/dev/null")
    }

    @Test("a result whose folder vanished during the run is saved to a fallback file, and the answer says where and why")
    func saveFallsBack() throws {
        let dir = try scratchFolder("save")
        let fallback = try scratchFolder("fallback")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: fallback) }
        let data = Data("{\"result\": 1}".utf8)
        let ok = OutputPaths.save(data, to: dir + "/r.json", fallbackFolder: fallback)
        #expect(ok.path == dir + "/r.json" && ok.failure == nil)

        try FileManager.default.removeItem(atPath: dir)
        let first = OutputPaths.save(data, to: dir + "/r.json", fallbackFolder: fallback)
        let second = OutputPaths.save(data, to: dir + "/r.json", fallbackFolder: fallback)
        let path = try #require(first.path)
        #expect(path.hasPrefix(fallback + "/r-") && path.hasSuffix(".json"))
        #expect(second.path != first.path)
        #expect(FileManager.default.contents(atPath: path) == data)
        #expect(first.failure?.description.contains("cannot write '\(dir)/r.json': No such file or directory") == true)

        let nowhere = OutputPaths.save(data, to: dir + "/r.json", fallbackFolder: dir + "/also-gone")
        #expect(nowhere.path == nil && nowhere.failure != nil && nowhere.fallbackFailure != nil)
    }

    @Test("ringlog bench refuses bad output paths before running, with a message and no usage text, changing no file",
          .enabled(if: ringlogExecutable != nil, "the ringlog executable is not built beside the tests"))
    func benchRefusesBadPathsBeforeRunning() throws {
        let dir = try Self.folderWithWorkload()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let workload = try String(contentsOfFile: "\(Self.packageRoot)/workloads/1p1c-max-rate-100b.yaml", encoding: .utf8)
        try workload.write(toFile: dir + "/x.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        try "plain".write(toFile: dir + "/plain", atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["-o", "nope/out.json"], "the folder 'nope' does not exist"),
            (["-o", "sub"], "-o 'sub' is a folder, not a file"),
            (["-o", "./x.yaml"], "-o './x.yaml' is the workload file 'x.yaml'"),
            (["-o", "out.json", "--csv", "./out.json"], "are the same file"),
            (["-o", "plain/x.json"], "'plain' is a file, not a folder"),
        ]
        for (arguments, message) in cases {
            let before = snapshot(dir)
            let (status, output) = try Self.ringlog(["bench", "x.yaml", "--duration", "0.1", "--warmup", "0"] + arguments, in: dir)
            #expect(status != 0, "\(arguments)")
            #expect(output.contains("Error: ") && output.contains(message), "\(arguments): \(output)")
            #expect(!output.contains("USAGE") && !output.contains("workload x"), "\(arguments): \(output)")
            #expect(snapshot(dir) == before, "\(arguments) changed files")
        }
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Runs the ringlog executable in `folder`; its exit status and its stdout and stderr together.
    static func ringlog(_ arguments: [String], in folder: String) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ringlogExecutable!)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
