import Synchronization
import RingLogPlatform

/// Where the producer and consumer threads of a two-thread pipeline meet before the timed part,
/// so the time counts the ring, not thread creation or the migration a pin causes (the C rings
/// it is compared with time from such a gate too).
final class _StartGate: Sendable {
    private let arrived = Atomic<Int>(0)

    /// Arrives and spins until both threads have.
    func arriveAndWait() {
        // acquiring-and-releasing: each side's arrival is seen by the other before either leaves.
        arrived.wrappingAdd(1, ordering: .acquiringAndReleasing)
        // acquiring: pairs with the other thread's arrival.
        while arrived.load(ordering: .acquiring) < 2 { CPU.relax() }
    }
}
