/// The scratch message a real system's producer fills before handing it to its client
/// library (which copies it): 1 MiB, allocated once per producer. One thread at a time.
@usableFromInline
package struct _MessageScratch {
    @usableFromInline
    var bytes = [UInt8](repeating: 0, count: 1 << 20)

    package init() {}

    /// Writes message `index` of `messages` (`size` bytes), then passes those bytes to `publish`.
    @inlinable
    package mutating func fill<R>(
        _ index: Int, size: Int, from messages: inout MessageBatch,
        then publish: (UnsafeMutableRawBufferPointer) throws -> R
    ) rethrows -> R {
        try bytes.withUnsafeMutableBytes { all in
            let message = UnsafeMutableRawBufferPointer(rebasing: all[0..<size])
            messages.write(index, into: message)
            return try publish(message)
        }
    }
}
