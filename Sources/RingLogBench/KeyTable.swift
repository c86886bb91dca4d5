/// The 10,000 keys OMB's key distributors draw from, 7 bytes each, flat.
public struct KeyTable: Sendable {
    public static let count = 10_000
    public static let length = 7
    public let bytes: [UInt8]

    public init(seed: UInt64 = 0x5EED) {
        var state = seed
        var out = [UInt8]()
        out.reserveCapacity(Self.count * Self.length)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        for _ in 0..<(Self.count * Self.length) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            out.append(alphabet[Int(state >> 58)])
        }
        bytes = out
    }
}
