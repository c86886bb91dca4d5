import Foundation
import RingLogServer

/// A server on 127.0.0.1 and a free port whose group handler is a `CoordinatedGroups` with a
/// short initial rebalance delay (consumers started together still join one generation), so
/// group tests stay fast.
func startServeGroupsServer(partitions: Int = 1, initialRebalanceDelayMs: Int32 = 500,
                            configure: (inout KafkaServerConfiguration) -> Void = { _ in })
    throws -> (server: KafkaServer, groups: CoordinatedGroups, lines: ServeLogLines)
{
    var configuration = KafkaServerConfiguration(listen: ListenAddress(host: "127.0.0.1", port: 0), partitions: partitions, eventLoops: 2)
    configure(&configuration)
    var groupConfiguration = GroupCoordinatorConfiguration()
    groupConfiguration.initialRebalanceDelayMs = initialRebalanceDelayMs
    let groups = CoordinatedGroups(configuration: groupConfiguration)
    let lines = ServeLogLines()
    let server = try KafkaServer.start(configuration: configuration, groups: groups, log: { lines.append($0) })
    return (server, groups, lines)
}

/// Polls `condition` every 20 ms until it holds or `timeoutSeconds` pass; returns whether it held.
func serveGroupsWait(_ timeoutSeconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeoutSeconds)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}

/// A kcat running in the background (a group consumer that runs until stopped; pass `-u`, or
/// kcat buffers its output until it exits), its standard
/// output and error in temporary files that can be read while it runs.
final class ServeGroupsKcat {
    private let process = Process()
    private let folder: URL
    private let outURL: URL
    private let errURL: URL

    /// Starts kcat with `arguments`.
    init(_ arguments: [String]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ringlog-kcat-group-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        outURL = folder.appendingPathComponent("out")
        errURL = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: serveKcatPath!)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// What it printed so far.
    var output: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
    /// Its standard error so far (kcat reports rebalances there: `assigned: topic [0], …`).
    var errors: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }
    /// Lines printed so far (complete lines only).
    var lines: [String] {
        let text = output
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        parts.removeLast() // the unfinished line after the last newline ("" when there is none)
        return parts
    }

    var isRunning: Bool { process.isRunning }

    /// Waits up to `timeoutSeconds` for it to exit by itself; returns its status, or nil.
    func waitForExit(_ timeoutSeconds: Double) -> Int32? {
        guard serveGroupsWait(timeoutSeconds, { !process.isRunning }) else { return nil }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Kills it (SIGKILL: no LeaveGroup, no commit; its members expire by session timeout).
    /// A child started from a test's thread inherits that thread's blocked signals, so kcat
    /// does not act on SIGTERM or SIGINT here; a graceful exit is kcat's `-c COUNT` or `-e`.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
