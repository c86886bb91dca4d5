#if canImport(Glibc)
import Glibc
#endif

/// NUMA support through libnuma, loaded with `dlopen("libnuma.so.1")` so building and testing
/// need no libnuma-dev; without the library (or without NUMA) everything falls back to plain
/// memory and no binding, and `status` says so.
public enum NUMA {
    /// What was found.
    public struct Status: Sendable, Equatable {
        public var libraryLoaded: Bool
        public var available: Bool
        public var configuredNodes: Int
        public var description: String
    }

    private typealias AvailableFn = @convention(c) () -> Int32
    private typealias NodesFn = @convention(c) () -> Int32
    private typealias TonodeMemoryFn = @convention(c) (UnsafeMutableRawPointer?, Int, Int32) -> Void

    private struct Library: @unchecked Sendable {
        let handle: UnsafeMutableRawPointer
        let available: AvailableFn
        let configuredNodes: NodesFn
        let tonodeMemory: TonodeMemoryFn
    }

    private static let library: Library? = load("libnuma.so.1")

    private static func load(_ name: String) -> Library? {
        guard let h = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { return nil }
        guard let a = dlsym(h, "numa_available"), let n = dlsym(h, "numa_num_configured_nodes"),
              let t = dlsym(h, "numa_tonode_memory") else { return nil }
        return Library(handle: h, available: unsafeBitCast(a, to: AvailableFn.self),
                       configuredNodes: unsafeBitCast(n, to: NodesFn.self), tonodeMemory: unsafeBitCast(t, to: TonodeMemoryFn.self))
    }

    public static var status: Status { status(of: library, name: "libnuma.so.1") }

    /// What loading `name` instead would give (tests use a missing name for the fallback path).
    public static func probe(library name: String) -> Status { status(of: load(name), name: name) }

    private static func status(of library: Library?, name: String) -> Status {
        guard let lib = library else {
            return Status(libraryLoaded: false, available: false, configuredNodes: 1,
                          description: "\(name) not found: plain memory, no node binding")
        }
        guard lib.available() >= 0 else {
            return Status(libraryLoaded: true, available: false, configuredNodes: 1,
                          description: "libnuma loaded, but the kernel reports no NUMA: plain memory, no node binding")
        }
        let nodes = Int(lib.configuredNodes())
        return Status(libraryLoaded: true, available: true, configuredNodes: nodes,
                      description: "libnuma loaded, \(nodes) node(s)")
    }

    /// Binds the pages of `[base, base + length)` to `node` before they are first touched
    /// (`numa_tonode_memory`, an mbind). Returns false, binding nothing, when NUMA is unavailable
    /// or the node does not exist.
    @discardableResult
    public static func bind(_ base: UnsafeMutableRawPointer, length: Int, toNode node: Int) -> Bool {
        guard let lib = library, lib.available() >= 0, node >= 0, node < Int(lib.configuredNodes()) else { return false }
        lib.tonodeMemory(base, length, Int32(node))
        return true
    }
}
