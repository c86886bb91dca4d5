import NIOCore
import RingLogPlatform

/// The promises of deferred replies not answered yet (long-poll fetches, group requests), so
/// each is completed exactly once: by its answer (`take` hands it out once), or failed by
/// `failAll` when the server shuts down (SwiftNIO traps on a promise dropped unfulfilled).
///
/// Thread-safety: any thread.
final class _PendingReplies: Sendable {
    private struct State {
        /// By token; the token is kept too, so its identity cannot be reused while it is here.
        var promises: [ObjectIdentifier: (token: AnyObject, promise: EventLoopPromise<[UInt8]>)] = [:]
        var closed = false
    }

    private let state = LockedValue(State())

    /// Keeps `promise` under `token` (an object that lives until the reply is taken); after
    /// `failAll` it fails at once.
    func add(_ token: AnyObject, _ promise: EventLoopPromise<[UInt8]>) {
        let refused = state.withLock { s -> Bool in
            if s.closed { return true }
            s.promises[ObjectIdentifier(token)] = (token, promise)
            return false
        }
        if refused { promise.fail(KafkaServerError.invalidConfiguration("the server is shutting down")) }
    }

    /// The promise kept under `token`, once; nil when it was taken or failed already.
    func take(_ token: AnyObject) -> EventLoopPromise<[UInt8]>? {
        state.withLock { $0.promises.removeValue(forKey: ObjectIdentifier(token))?.promise }
    }

    /// Promises kept now (for tests and monitoring).
    var count: Int { state.withLock { $0.promises.count } }

    /// Fails every kept promise and every later one (server shutdown).
    func failAll() {
        let all = state.withLock { s -> [EventLoopPromise<[UInt8]>] in
            s.closed = true
            defer { s.promises.removeAll() }
            return s.promises.values.map(\.promise)
        }
        for promise in all { promise.fail(KafkaServerError.invalidConfiguration("the server is shutting down")) }
    }
}
