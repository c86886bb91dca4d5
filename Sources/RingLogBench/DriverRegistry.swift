import RingLogPlatform

/// The real-system drivers this program was built with. The in-process drivers (log, queue,
/// mutex queue) are built by `Runner` itself; every other `DriverKind` is looked up here, so
/// the runner names no broker and no build trait.
///
/// Thread safety: registration and look-up take a lock; register at start-up, before runs.
/// Complexity: O(1) per look-up (a handful of entries).
public enum DriverRegistry {
    private static let factories = LockedValue([DriverKind: any DriverFactory]())

    /// Adds `factories`, replacing any registered for the same kind.
    public static func register(_ factories: [any DriverFactory]) {
        Self.factories.withLock { table in
            for factory in factories { table[factory.kind] = factory }
        }
    }

    /// The factory registered for `kind`, if any.
    public static func factory(for kind: DriverKind) -> (any DriverFactory)? {
        factories.withLock { $0[kind] }
    }

    /// The kinds with a registered factory, in `DriverKind.allCases` order.
    public static var registeredKinds: [DriverKind] {
        let table = factories.withLock { $0 }
        return DriverKind.allCases.filter { table[$0] != nil }
    }
}
