/// The scratch message a broker driver's producer fills before handing it to its client
/// library (which copies it): 1 MiB, allocated once per producer. One thread at a time.
struct _MessageScratch {
    private var bytes = [UInt8](repeating: 0, count: 1 << 20)

    /// Lets `fill` write message `index` (`size` bytes), then passes those bytes to `publish`.
    mutating func fill<R>(
        _ index: Int, size: Int, with fill: (Int, UnsafeMutableRawBufferPointer) -> Void,
        then publish: (UnsafeMutableRawBufferPointer) throws -> R
    ) rethrows -> R {
        try bytes.withUnsafeMutableBytes { all in
            let message = UnsafeMutableRawBufferPointer(rebasing: all[0..<size])
            fill(index, message)
            return try publish(message)
        }
    }
}
