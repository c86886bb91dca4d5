import Foundation
import RingLogPlatform

/// What this machine is, for result files.
public struct MachineDescription: Sendable, Codable, Equatable {
    public var cpuModel: String
    /// CPUs online on the machine.
    public var logicalCPUs: Int
    /// CPUs this process could run on (its affinity mask; fewer under `taskset` or a cpuset).
    public var availableCPUs: Int?
    public var numaNodes: Int
    public var kernel: String
    public var hostname: String

    public static func current() -> MachineDescription {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown"
        let nodes = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/devices/system/node"))?
            .filter { $0.hasPrefix("node") && Int($0.dropFirst(4)) != nil }.count ?? 0
        let kernel = ((try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? "unknown")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return MachineDescription(cpuModel: model, logicalCPUs: Topology.onlineCPUs.count, availableCPUs: PlatformThread.availableCPUs, numaNodes: max(nodes, 1),
                                  kernel: kernel, hostname: ProcessInfo.processInfo.hostName)
    }
}
