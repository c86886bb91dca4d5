import Foundation

/// A task executor that runs each job it is given on a new thread of its own.
///
/// Swift Testing runs tests on the cooperative pool, which has one thread per CPU (two on a
/// small CI machine). A test that blocks while it waits (a socket read, a child process, a
/// consumer group's rebalance delay, a sleep) holds one of those threads for the whole wait,
/// so the tests that compute queue behind it. A blocking test whose task prefers this executor
/// blocks a thread that is its own instead. A test is one task, so its jobs are few.
final class _OwnThreadExecutor: TaskExecutor {
    static let shared = _OwnThreadExecutor()

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let thread = Thread { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        thread.start()
    }
}
