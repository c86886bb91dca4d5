import Synchronization

/// Connections open now against the limit, and their IDs.
///
/// Thread-safety: any thread.
final class _ConnectionCounter: Sendable {
    private let limit: Int
    private let openCount = Atomic<Int>(0)
    private let nextID = Atomic<UInt64>(0)

    init(limit: Int) { self.limit = limit }

    /// Connections open now.
    var count: Int {
        // relaxed: a snapshot for monitoring and tests.
        openCount.load(ordering: .relaxed)
    }

    /// Counts a new connection and gives its ID, or nil when `limit` are open.
    func open() -> UInt64? {
        // relaxed: a counter; nothing else is published through it.
        let (_, now) = openCount.add(1, ordering: .relaxed)
        guard now <= limit else {
            openCount.subtract(1, ordering: .relaxed)
            return nil
        }
        return nextID.add(1, ordering: .relaxed).newValue
    }

    /// A connection closed.
    func close() {
        // relaxed: as in `open`.
        openCount.subtract(1, ordering: .relaxed)
    }
}
