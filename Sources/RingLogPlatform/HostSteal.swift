#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Time the hypervisor ran something else while this machine's vCPUs wanted to run ("steal",
/// the 8th value of /proc/stat's `cpu` line, summed over all CPUs). On a VM it is what turns a
/// sub-microsecond latency into a millisecond one; runs record it so a tail can be told apart
/// from a slow path.
public enum HostSteal {
    /// Steal time so far, in milliseconds summed over CPUs; nil where /proc/stat cannot be read.
    /// - Complexity: one small file read (cold path: twice per run).
    public static func milliseconds() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count >= 8 else { return nil }
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ticksPerSecond > 0 ? fields[7] * 1000 / ticksPerSecond : nil
    }
}
