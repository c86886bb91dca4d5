import Synchronization

/// A token object for one deferred group reply (its identity keys the promise in
/// `_PendingReplies`), and a flag that lets exactly one caller through.
///
/// Thread-safety: any thread.
final class _Once: Sendable {
    private let taken = Atomic<Bool>(false)

    /// True for the first call only.
    func claim() -> Bool {
        // relaxed: the flag orders nothing; the promise it guards synchronizes by itself.
        !taken.exchange(true, ordering: .relaxed)
    }
}
