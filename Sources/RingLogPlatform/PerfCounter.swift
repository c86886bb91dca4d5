/// A performance counter `ThreadCounters` can open, named (raw value) as `perf list` and
/// `perf stat -e` name it.
///
/// Hardware counters need a PMU the kernel can program: most VMs (and containers on them) have
/// none, and opening one fails with ENOENT or EOPNOTSUPP, reported as a `PerfCounterFailure`.
/// Software counters are kept by the kernel itself and work wherever `perf_event_open` does.
public enum PerfCounter: String, CaseIterable, Sendable, Hashable, Codable, CustomStringConvertible {
    // Hardware (PERF_TYPE_HARDWARE, PERF_TYPE_HW_CACHE): counted in user space only.
    /// Retired instructions.
    case instructions = "instructions"
    /// Core cycles (not reference cycles: they vary with frequency scaling).
    case cycles = "cycles"
    /// Mispredicted branches.
    case branchMisses = "branch-misses"
    /// Last-level cache references (the CPU's own definition; often LLC accesses).
    case cacheReferences = "cache-references"
    /// Last-level cache misses.
    case cacheMisses = "cache-misses"
    /// L1 data cache load misses.
    case l1DcacheLoadMisses = "L1-dcache-load-misses"

    // Software (PERF_TYPE_SOFTWARE): kept by the kernel, no PMU needed.
    /// Time the thread ran on a CPU, in nanoseconds (user and kernel, whatever the privilege).
    case taskClock = "task-clock"
    /// Times the thread was switched out (voluntarily or preempted).
    case contextSwitches = "context-switches"
    /// Times the thread moved to another CPU.
    case cpuMigrations = "cpu-migrations"
    /// Page faults (minor and major) the thread took.
    case pageFaults = "page-faults"

    /// The six hardware counters.
    public static let hardware: [PerfCounter] = allCases.filter(\.isHardware)
    /// The four software counters.
    public static let software: [PerfCounter] = allCases.filter { !$0.isHardware }

    /// Whether the counter needs a hardware PMU.
    public var isHardware: Bool {
        switch self {
        case .instructions, .cycles, .branchMisses, .cacheReferences, .cacheMisses, .l1DcacheLoadMisses: true
        case .taskClock, .contextSwitches, .cpuMigrations, .pageFaults: false
        }
    }

    /// The `perf` name.
    public var description: String { rawValue }

    /// `perf_event_attr`'s type and config for this counter (from `<linux/perf_event.h>`, a
    /// stable kernel ABI).
    var _event: _PerfEventSpec {
        switch self {
        case .cycles: .init(type: _PerfEventSpec.typeHardware, config: 0) // PERF_COUNT_HW_CPU_CYCLES
        case .instructions: .init(type: _PerfEventSpec.typeHardware, config: 1) // PERF_COUNT_HW_INSTRUCTIONS
        case .cacheReferences: .init(type: _PerfEventSpec.typeHardware, config: 2) // PERF_COUNT_HW_CACHE_REFERENCES
        case .cacheMisses: .init(type: _PerfEventSpec.typeHardware, config: 3) // PERF_COUNT_HW_CACHE_MISSES
        case .branchMisses: .init(type: _PerfEventSpec.typeHardware, config: 5) // PERF_COUNT_HW_BRANCH_MISSES
        // PERF_COUNT_HW_CACHE_L1D | PERF_COUNT_HW_CACHE_OP_READ << 8 | PERF_COUNT_HW_CACHE_RESULT_MISS << 16
        case .l1DcacheLoadMisses: .init(type: _PerfEventSpec.typeHardwareCache, config: 0 | 0 << 8 | 1 << 16)
        case .taskClock: .init(type: _PerfEventSpec.typeSoftware, config: 1) // PERF_COUNT_SW_TASK_CLOCK
        case .pageFaults: .init(type: _PerfEventSpec.typeSoftware, config: 2) // PERF_COUNT_SW_PAGE_FAULTS
        case .contextSwitches: .init(type: _PerfEventSpec.typeSoftware, config: 3) // PERF_COUNT_SW_CONTEXT_SWITCHES
        case .cpuMigrations: .init(type: _PerfEventSpec.typeSoftware, config: 4) // PERF_COUNT_SW_CPU_MIGRATIONS
        }
    }
}
