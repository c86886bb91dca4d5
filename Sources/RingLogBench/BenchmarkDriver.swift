import RingLog
import RingLogQueue

/// One system under test, behind the small contract OMB's drivers have: create topics, make
/// producers and consumers. The runner is generic over it (no existentials on the hot path);
/// real brokers' drivers can conform later.
public protocol BenchmarkDriver: AnyObject {
    associatedtype Producer: DriverProducer
    associatedtype Consumer: DriverConsumer

    /// Name for results (`driver` in OMB's JSON).
    var name: String { get }
    /// Driver settings recorded in the result.
    var settings: [String: String] { get }
    /// Creates topic `index` with `partitions` partitions, its memory on `numaNode` when given
    /// (the node of the topic's first consumer) and the driver supports it.
    func createTopic(index: Int, partitions: Int, numaNode: Int?) throws
    /// A producer for one thread.
    func makeProducer(topic: Int, index: Int) throws -> Producer
    /// A consumer for one thread, in subscription `subscription` of `topic`.
    func makeConsumer(topic: Int, subscription: Int, index: Int) throws -> Consumer
    /// A consumer for a subscriber that arrives after messages were sent to `topic`, attached
    /// the way a new subscriber attaches to this system (the replay experiment): a new consumer
    /// group or durable consumer on a log, which can read what the log retains; a new queue
    /// bound now on a queue system, which sees only what is sent from then on.
    func makeLateConsumer(topic: Int) throws -> Consumer
    /// How `makeLateConsumer` attaches, in words, for the report.
    var lateSubscriber: String { get }
    /// Bytes of message storage the driver allocated (rings or queue slots).
    var storageBytes: Int { get }
    /// Whether the driver promises per-partition order to a subscription (a log does; competing
    /// queue consumers do not).
    var ordersPerPartition: Bool { get }
    /// Whether every sent message must reach every subscription (false for a log in overwrite
    /// retention, which drops what slow readers have not read).
    var lossless: Bool { get }
    /// Closes everything: blocked producers and waiting consumers return.
    func shutdown()
    /// What producers did while the system pushed back inside the driver (episodes, spins,
    /// yields, parks); empty when the driver reports push-back by returning 0 from `send`.
    var producerWaitCounters: [String: Int] { get }
}

extension BenchmarkDriver {
    public var producerWaitCounters: [String: Int] { [:] }
}
