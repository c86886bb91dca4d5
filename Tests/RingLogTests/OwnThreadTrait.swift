import Testing

/// Runs a suite's tests (or one test) on threads of their own, not on Swift Testing's worker
/// threads: for tests that spend most of their time waiting, not computing.
///
/// The test still runs in its own task, so what it expects is recorded against it, and a
/// `.serialized` suite still runs one test at a time. Tests that compute on every CPU they
/// have (the stress tests) do not take it: they would only crowd the CPUs.
struct OwnThreadTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        try await withTaskExecutorPreference(_OwnThreadExecutor.shared) { try await function() }
    }
}

extension Trait where Self == OwnThreadTrait {
    /// The test waits more than it computes: it runs on threads of its own (`OwnThreadTrait`).
    static var waitsOnItsOwnThread: Self { OwnThreadTrait() }
}
