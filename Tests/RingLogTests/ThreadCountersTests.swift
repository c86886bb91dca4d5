import Testing
@testable import RingLogPlatform
import _RingLogCShims
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Runs `body` on a fresh OS thread and returns its result: counters measure the thread that
/// opened them, and a test function's own thread is Swift Testing's to choose.
private func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
    let result = LockedValue<T?>(nil)
    let thread = PlatformThread { result.withLock { $0 = body() } }
    thread.join()
    return result.withLock { $0! }
}

private func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), what task-clock counts too.
private func threadCPUNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Nanoseconds every CPU of the machine spent in interrupts, softirqs and stolen by the host
/// (/proc/stat, in 10 ms ticks), or nil where it cannot be read. The kernel leaves these out of a
/// thread's CPU time (CLOCK_THREAD_CPUTIME_ID) but task-clock counts them while the thread is on
/// its CPU, so they bound how far task-clock may exceed the thread's CPU time.
private func machineInterruptAndStealNanoseconds() -> UInt64? {
    guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
    // cpu user nice system idle iowait irq softirq steal ...
    let ticks = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
    guard ticks.count >= 8 else { return nil }
    return (ticks[5] + ticks[6] + ticks[7]) * 1_000_000_000 / UInt64(sysconf(Int32(_SC_CLK_TCK)))
}

/// The calling thread's nanoseconds on a CPU and waiting on a run queue
/// (/proc/thread-self/schedstat), or nil where the kernel does not keep them.
private func threadSchedstat() -> (running: UInt64, waiting: UInt64)? {
    guard let text = try? String(contentsOfFile: "/proc/thread-self/schedstat", encoding: .utf8) else { return nil }
    let fields = text.split(separator: " ").compactMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    return fields.count >= 2 ? (fields[0], fields[1]) : nil
}

/// Writes one byte to every page of a fresh anonymous mapping of `bytes`, then unmaps it: each
/// first touch is a page fault. (Heap memory would not do: malloc may hand out pages an earlier
/// allocation of this process already faulted in.)
private func touchFreshPages(_ bytes: Int) {
    guard let memory = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), memory != MAP_FAILED else {
        Issue.record("mmap of \(bytes) bytes failed: errno \(errno)")
        return
    }
    for offset in stride(from: 0, to: bytes, by: 4096) { memory.storeBytes(of: 1, toByteOffset: offset, as: UInt8.self) }
    munmap(memory, bytes)
}

/// Spins (no system calls, no sleeping) for `nanoseconds` of wall time.
@discardableResult
private func spin(nanoseconds: UInt64) -> UInt64 {
    let end = monotonicNanoseconds() + nanoseconds
    var x: UInt64 = 0x9E37_79B9
    while monotonicNanoseconds() < end {
        for _ in 0..<1_000 { x = x &* 6364136223846793005 &+ 1442695040888963407 }
    }
    return x
}

/// Spins until the calling thread has used `nanoseconds` of CPU time (not wall time: on a loaded
/// host a wall-clock spin may get less CPU than it lasts).
private func spinCPU(nanoseconds: Int64) {
    func cpu() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
    let end = cpu() + nanoseconds
    var x: UInt64 = 0x9E37_79B9
    while cpu() < end {
        for _ in 0..<1_000 { x = x &* 6364136223846793005 &+ 1442695040888963407 }
    }
    precondition(x != 1) // keeps the loop
}

@Suite("Platform: per-thread perf counters", .serialized) // spinning tests would compete for 2 CPUs
struct ThreadCountersTests {
    @Test func softwareCountersOpenAndCountOnABusyThread() throws {
        let (failures, first, second) = onOwnThread { () -> ([PerfCounterFailure], PerfCounterSnapshot, PerfCounterSnapshot) in
            let counters = ThreadCounters(PerfCounter.software)
            defer { counters.close() }
            counters.enable()
            spin(nanoseconds: 20_000_000)
            let first = counters.read()
            spin(nanoseconds: 20_000_000)
            let second = counters.read()
            return (counters.failures, first, second)
        }
        #expect(failures.isEmpty, "software counters open wherever perf_event_open works: \(failures)")
        let early = try #require(first[.taskClock]), late = try #require(second[.taskClock])
        #expect(early > 0)
        #expect(late > early, "task-clock grows while the thread spins")
        for counter in PerfCounter.software { #expect(second.readings[counter] != nil, "\(counter) is read") }
        #expect(second.wallNanoseconds > first.wallNanoseconds && first.wallNanoseconds >= 20_000_000)
    }

    @Test func aSpinningLoopsTaskClockIsItsCPUTimeAndCloseToItsWallTime() throws {
        let spinNanoseconds: UInt64 = 200_000_000
        let (window, cpuTime, waiting, elsewhere) = onOwnThread { () -> (PerfCounterSnapshot, UInt64, UInt64?, UInt64?) in
            let counters = ThreadCounters([.taskClock])
            defer { counters.close() }
            let cpuBefore = threadCPUNanoseconds(), schedBefore = threadSchedstat()
            let elsewhereBefore = machineInterruptAndStealNanoseconds()
            counters.enable()
            spin(nanoseconds: spinNanoseconds)
            counters.disable()
            let cpuTime = threadCPUNanoseconds() - cpuBefore
            let waiting = threadSchedstat().flatMap { after in schedBefore.map { after.waiting - $0.waiting } }
            let elsewhere = machineInterruptAndStealNanoseconds().flatMap { after in elsewhereBefore.map { after - $0 } }
            return (counters.read(), cpuTime, waiting, elsewhere)
        }
        let taskClock = try #require(window[.taskClock])
        let utilisation = try #require(window.cpuUtilization)
        let wall = Double(window.wallNanoseconds)
        print("spin of \(spinNanoseconds / 1_000_000) ms: task-clock \(Int(taskClock / 1e6)) ms, wall \(Int(wall / 1e6)) ms, "
              + "thread CPU time \(cpuTime / 1_000_000) ms, run-queue wait \(waiting.map { "\($0 / 1_000_000) ms" } ?? "unknown"), "
              + "interrupts and host steal on all CPUs \(elsewhere.map { "\($0 / 1_000_000) ms" } ?? "unknown"), "
              + "CPU utilisation \(utilisation)")
        // The wall time is the enabled time: the spin and the two ioctls around it.
        #expect(wall >= Double(spinNanoseconds) && wall < Double(spinNanoseconds) + 100e6)
        // task-clock is the thread's CPU time (measured here a little wider), plus at most the
        // interrupt and stolen time that fell while it ran (one 10 ms tick of /proc/stat's
        // resolution on top; without /proc/stat, none allowed).
        let allowance = elsewhere.map { Double($0) + 10e6 } ?? 0
        #expect(taskClock <= Double(cpuTime) * 1.01 + 1e6 + allowance && taskClock >= Double(cpuTime) * 0.9 - 1e6)
        // A spinning thread never sleeps: it runs or waits for a CPU, so task-clock plus its
        // run-queue wait is its wall time (generous bound); alone on an idle CPU task-clock is
        // the wall time. On this 2-vCPU shared host the spin may get a small share of a CPU.
        if let waiting {
            let accounted = (taskClock + Double(waiting)) / wall
            #expect(accounted > 0.85 && accounted < 1.1, "task-clock + run-queue wait = \(accounted) of the wall time")
        }
        #expect(utilisation > 0 && utilisation <= 1.02)
    }

    @Test func disabledCountersDoNotCount() throws {
        let (neverEnabled, afterDisable, later) = onOwnThread { () -> (PerfCounterSnapshot, PerfCounterSnapshot, PerfCounterSnapshot) in
            let counters = ThreadCounters([.taskClock, .pageFaults])
            defer { counters.close() }
            spin(nanoseconds: 10_000_000)
            let neverEnabled = counters.read()
            counters.enable()
            spin(nanoseconds: 10_000_000)
            counters.disable()
            #expect(!counters.isEnabled)
            let afterDisable = counters.read()
            spin(nanoseconds: 10_000_000)
            touchFreshPages(1 << 22) // faults, uncounted
            return (neverEnabled, afterDisable, counters.read())
        }
        let taskClock = try #require(neverEnabled.readings[.taskClock])
        #expect(taskClock.count == 0 && taskClock.timeEnabled == 0 && neverEnabled[.taskClock] == 0)
        #expect(neverEnabled.wallNanoseconds == 0)
        #expect(try #require(afterDisable[.taskClock]) > 0)
        #expect(later == afterDisable, "nothing counts after disable(): \(later) vs \(afterDisable)")
    }

    @Test func hardwareCountersWhereUnavailableAreReportedWithAReasonAndTheSoftwareOnesCarryOn() throws {
        let (opened, failures, userSpaceOnly, snapshot) = onOwnThread { () -> ([PerfCounter], [PerfCounterFailure], Set<PerfCounter>, PerfCounterSnapshot) in
            let counters = ThreadCounters() // all ten
            defer { counters.close() }
            counters.enable()
            spin(nanoseconds: 20_000_000)
            counters.disable()
            return (counters.counters, counters.failures, counters.userSpaceOnly, counters.read())
        }
        for failure in failures { print("counter not opened here: \(failure)") }
        #expect(Set(opened).union(failures.map(\.counter)) == Set(PerfCounter.allCases))
        #expect(Set(failures.map(\.counter)).count == failures.count, "each failure reported once")
        for counter in PerfCounter.software where opened.contains(counter) {
            #expect(snapshot.readings[counter] != nil)
        }
        #expect(try #require(snapshot[.taskClock]) > 0, "task-clock counts whatever happened to the hardware counters")
        for failure in failures {
            #expect(failure.counter.isHardware, "only hardware counters may fail on a host where perf_event_open works: \(failure)")
            #expect(failure.reason.hasPrefix(PerfCounterFailure._errnoName(failure.errno) + ": "))
            if failure.errno == ENOENT || failure.errno == EOPNOTSUPP { #expect(failure.reason.contains("PMU")) }
            #expect(failure.description.hasPrefix("\(failure.counter.rawValue): not counted: "))
        }
        for counter in PerfCounter.hardware where opened.contains(counter) {
            #expect(userSpaceOnly.contains(counter), "hardware counters count user space only")
        }
        if opened.contains(.instructions) {
            #expect(try #require(snapshot[.instructions]) > 0) // a host with a PMU
        }
    }

    @Test("without CAP_PERFMON under perf_event_paranoid 2, task-clock and page-faults count in user space and the kernel-only events are reported",
          .enabled(if: PerfCounterFailure._paranoidLevel() == 2, "needs perf_event_paranoid 2"))
    func withoutCapPerfmonUnderParanoid2SoftwareCountersFallBackToUserSpace() throws {
        let (dropped, capable, counters) = onOwnThread { () -> (Int32, Bool?, (opened: [PerfCounter], failures: [PerfCounterFailure], userSpaceOnly: Set<PerfCounter>, snapshot: PerfCounterSnapshot)) in
            let dropped = ringlog_drop_perfmon_capabilities() // this thread only
            let counters = ThreadCounters(PerfCounter.software)
            defer { counters.close() }
            counters.enable()
            spinCPU(nanoseconds: 10_000_000)
            touchFreshPages(1 << 22) // user-mode faults
            counters.disable()
            return (dropped, PerfCounterFailure._perfmonCapable(), (counters.counters, counters.failures, counters.userSpaceOnly, counters.read()))
        }
        #expect(dropped == 0 && capable == false)
        for failure in counters.failures { print("unprivileged: \(failure)") }
        #expect(counters.opened == [.taskClock, .pageFaults])
        #expect(counters.userSpaceOnly == [.pageFaults], "task-clock counts the same in user space only; page-faults counts the user-mode ones")
        // 10 ms of this thread's CPU time, counted in user space (a little slack for the clock reads' granularity).
        #expect(try #require(counters.snapshot[.taskClock]) >= 9_000_000)
        #expect(try #require(counters.snapshot[.pageFaults]) > 0)
        #expect(counters.failures.map(\.counter) == [.contextSwitches, .cpuMigrations])
        for failure in counters.failures {
            #expect(failure.errno == EACCES)
            #expect(failure.reason.hasPrefix("EACCES: perf_event_paranoid is 2 (/proc/sys/kernel/perf_event_paranoid) and this thread has no CAP_PERFMON (nor CAP_SYS_ADMIN)"))
            #expect(failure.reason.contains("would always read 0"))
        }
    }

    @Test func theReasonForAForcedFailureNamesTheErrnoAndTheEvent() throws {
        let invalidConfig = _PerfEventSpec(type: _PerfEventSpec.typeSoftware, config: 999)
        var invalidFormat = PerfCounter.contextSwitches._event
        invalidFormat.readFormat = 1 << 40 // no such PERF_FORMAT_ bit
        let counters = ThreadCounters(_events: [(.taskClock, invalidConfig), (.contextSwitches, invalidFormat),
                                                (.pageFaults, PerfCounter.pageFaults._event)])
        defer { counters.close() }
        #expect(counters.counters == [.pageFaults], "the valid counter still opens")
        #expect(counters.failures.count == 2)
        let config = try #require(counters.failures.first { $0.counter == .taskClock })
        print("forced failures: \(counters.failures.map(\.description))")
        #expect(config.errno == ENOENT)
        #expect(config.reason == "ENOENT: this kernel knows no such event (perf_event_attr type 1, config 0x3e7): no PMU on this machine implements it")
        let format = try #require(counters.failures.first { $0.counter == .contextSwitches })
        #expect(format.errno == EINVAL)
        #expect(format.reason == "EINVAL: the kernel rejected the event's attributes (perf_event_attr type 1, config 0x3, read_format 0x10000000000): a config or field this kernel or PMU does not accept")
    }

    @Test func permissionReasonsSayTheParanoidLevelTheCapabilityAndWhatToDo() {
        let contextSwitches = PerfCounter.contextSwitches._event, instructions = PerfCounter.instructions._event
        func reason(_ code: Int32, _ event: _PerfEventSpec, kernelRefused: Bool = false, paranoid: Int?, capable: Bool?) -> String {
            PerfCounterFailure._reason(errno: code, event: event, kernelRefused: kernelRefused, paranoid: paranoid,
                                       perfmonCapable: capable, openFileLimit: 1024)
        }
        let zeroInUserSpace = reason(EACCES, contextSwitches, kernelRefused: true, paranoid: 2, capable: false)
        #expect(zeroInUserSpace.hasPrefix("EACCES: perf_event_paranoid is 2 (/proc/sys/kernel/perf_event_paranoid) and this thread has no CAP_PERFMON"))
        #expect(zeroInUserSpace.contains("would always read 0") && zeroInUserSpace.contains("kernel.perf_event_paranoid=1"))
        let debian = reason(EACCES, instructions, paranoid: 3, capable: false)
        #expect(debian.contains("perf_event_paranoid is 3") && debian.contains("refused outright") && debian.contains("CAP_PERFMON"))
        #expect(reason(EPERM, instructions, paranoid: 2, capable: false).contains("that level allows this count, so something else refused: a seccomp filter"))
        #expect(reason(EPERM, instructions, paranoid: 3, capable: true).contains("this thread has CAP_PERFMON or CAP_SYS_ADMIN, so something else refused"))
        #expect(reason(EACCES, instructions, paranoid: nil, capable: nil).contains("perf_event_paranoid is unknown"))
        #expect(reason(ENOENT, instructions, paranoid: 2, capable: false).hasPrefix("ENOENT: no PMU for this event on this machine"))
        #expect(reason(EOPNOTSUPP, instructions, paranoid: 2, capable: false).hasPrefix("EOPNOTSUPP: the PMU on this machine does not support this event"))
        #expect(reason(ENOSYS, instructions, paranoid: 2, capable: false).hasPrefix("ENOSYS: no perf_event_open here"))
        #expect(reason(ENOSYS, instructions, paranoid: 2, capable: false).contains("seccomp"))
        #expect(reason(EMFILE, instructions, paranoid: 2, capable: false).contains("open-file limit (1024) is reached"))
        #expect(reason(EBUSY, instructions, paranoid: 2, capable: false).hasPrefix("EBUSY: "))
        #expect(reason(12345, instructions, paranoid: 2, capable: false).hasPrefix("errno 12345: "))
    }

    @Test func failuresFromEveryThreadAreReportedOncePerReasonWithTheirCountersTogether() {
        let noPMU = "ENOENT: no PMU", paranoid = "EACCES: perf_event_paranoid is 3"
        let perThread: [PerfCounterFailure] = [
            .init(counter: .instructions, errno: ENOENT, reason: noPMU),
            .init(counter: .cycles, errno: ENOENT, reason: noPMU),
            .init(counter: .contextSwitches, errno: EACCES, reason: paranoid),
        ]
        // Three threads failing alike: one line per reason, each counter named once, first-seen order.
        #expect(PerfCounterFailure.grouped(perThread + perThread + perThread) == [
            "instructions, cycles: not counted: ENOENT: no PMU",
            "context-switches: not counted: EACCES: perf_event_paranoid is 3",
        ])
        #expect(PerfCounterFailure.grouped([]).isEmpty)
    }

    @Test func snapshotsSubtractScaleMultiplexedCountsAndNormalisePerOperation() throws {
        let before = PerfCounterSnapshot(readings: [
            .instructions: .init(count: 1_000, timeEnabled: 100, timeRunning: 50),
            .cycles: .init(count: 500, timeEnabled: 100, timeRunning: 50),
            .taskClock: .init(count: 1_000_000, timeEnabled: 1_000_000, timeRunning: 1_000_000),
        ], wallNanoseconds: 2_000_000)
        let after = PerfCounterSnapshot(readings: [
            .instructions: .init(count: 5_000, timeEnabled: 300, timeRunning: 100), // window: 4,000 in 50 of 200 → 16,000
            .cycles: .init(count: 2_500, timeEnabled: 300, timeRunning: 100), // window: 2,000 → 8,000
            .taskClock: .init(count: 4_000_000, timeEnabled: 4_000_000, timeRunning: 4_000_000),
            .pageFaults: .init(count: 7, timeEnabled: 1, timeRunning: 1), // not in `before`: left out
        ], wallNanoseconds: 6_000_000)
        let window = after - before
        #expect(window.readings.keys.sorted { $0.rawValue < $1.rawValue } == [.cycles, .instructions, .taskClock])
        #expect(window[.instructions] == 16_000 && window[.cycles] == 8_000)
        #expect(window.readings[.instructions]?.isMultiplexed == true && window.readings[.taskClock]?.isMultiplexed == false)
        #expect(window.instructionsPerCycle == 2)
        #expect(window.wallNanoseconds == 4_000_000 && window.cpuUtilization == 0.75)
        #expect(window.perOperation(1_000) == [.instructions: 16, .cycles: 8, .taskClock: 3_000])
        #expect(window.value(of: .instructions, perOperations: 4) == 4_000)
        #expect(window.perOperation(0).isEmpty && window.value(of: .pageFaults, perOperations: 1) == nil)
        // Enabled but never scheduled on the PMU: no value to scale from.
        #expect(PerfCounterReading(count: 0, timeEnabled: 10, timeRunning: 0).value == nil)
        #expect(PerfCounterReading(count: 0, timeEnabled: 0, timeRunning: 0).value == 0)
        // Two threads: counts add up, wall time is the longer, utilisation becomes CPUs used.
        let both = window + window
        #expect(both[.taskClock] == 6_000_000 && both.wallNanoseconds == 4_000_000 && both.cpuUtilization == 1.5)
        #expect(window.description.contains("instructions 16000 (scaled ×4.00)") && window.description.contains("IPC 2.00"))
    }

    @Test func anotherThreadReadsTheCountersWhileTheirThreadRunsAndAfterItExits() throws {
        let counters = LockedValue<ThreadCounters?>(nil)
        let opened = LockedValue(false), stop = LockedValue(false)
        let worker = PlatformThread {
            let mine = ThreadCounters([.taskClock, .contextSwitches])
            mine.enable()
            counters.withLock { $0 = mine }
            opened.withLock { $0 = true }
            while !stop.withLock({ $0 }) { spin(nanoseconds: 1_000_000) }
            mine.disable()
        }
        while !opened.withLock({ $0 }) { PlatformThread.sleep(nanoseconds: 1_000_000) }
        let shared = try #require(counters.withLock { $0 })
        var last = 0.0
        for _ in 0..<5 { // reads from this thread race with the worker's enable/disable: serialised
            PlatformThread.sleep(nanoseconds: 5_000_000)
            let now = try #require(shared.read()[.taskClock])
            #expect(now >= last)
            last = now
        }
        stop.withLock { $0 = true }
        worker.join()
        let final = shared.read()
        #expect(try #require(final[.taskClock]) >= last && last > 0, "the counts of an exited thread stay readable")
        #expect(!shared.isEnabled)
        shared.close()
        shared.close()
        #expect(shared.read() == PerfCounterSnapshot(), "closed counters read empty")
        shared.enable() // no effect once closed
        #expect(!shared.isEnabled)
    }

    @Test func nothingIsOpenedUnlessAsked() {
        let none = ThreadCounters([])
        #expect(none.counters.isEmpty && none.failures.isEmpty && none.read().readings.isEmpty)
        let twice = ThreadCounters([.taskClock, .taskClock])
        defer { twice.close() }
        #expect(twice.counters == [.taskClock], "a counter asked twice opens once")
    }
}
