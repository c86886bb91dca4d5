import Foundation

/// How much memory this process can still take: the kernel's estimate of memory available
/// without swapping (`MemAvailable` in /proc/meminfo), lowered to what the process's cgroup
/// still allows when it has a limit (`memory.max - memory.current` in cgroup v2,
/// `memory.limit_in_bytes - memory.usage_in_bytes` in v1).
public enum SystemMemory {
    /// Bytes this process can allocate and touch without swapping or the OOM killer, nil where
    /// neither source can be read. Complexity: a few small file reads.
    public static var availableBytes: Int? {
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)).flatMap { text -> Int? in
            for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
                let parts = line.split(separator: " ")
                if parts.count >= 2, let kib = Int(parts[1]) { return kib * 1024 }
            }
            return nil
        }
        guard let cgroup = cgroupRoom else { return meminfo }
        return meminfo.map { min($0, cgroup) } ?? cgroup
    }

    /// Room left under this process's cgroup memory limit (v2, else v1), nil without a limit.
    static var cgroupRoom: Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) else { return nil }
        func read(_ path: String) -> Int? {
            (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        // A limit this large is "no limit" (v1 writes the largest page-aligned value).
        func room(limit: Int?, used: Int?) -> Int? {
            guard let limit, let used, limit < 1 << 60 else { return nil }
            return Swift.max(0, limit - used)
        }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let path = String(parts[2])
            if parts[0] == "0" && parts[1].isEmpty {
                for dir in ["/sys/fs/cgroup" + path, "/sys/fs/cgroup"] {
                    if let r = room(limit: read(dir + "/memory.max"), used: read(dir + "/memory.current")) { return r }
                }
            } else if parts[1].split(separator: ",").contains("memory") {
                for dir in ["/sys/fs/cgroup/memory" + path, "/sys/fs/cgroup/memory"] {
                    if let r = room(limit: read(dir + "/memory.limit_in_bytes"), used: read(dir + "/memory.usage_in_bytes")) { return r }
                }
            }
        }
        return nil
    }
}
