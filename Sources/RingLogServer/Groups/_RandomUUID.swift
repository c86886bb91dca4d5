/// A random (version 4) UUID in its 36-character text form, as Kafka's `UUID.randomUUID()`
/// prints it (the suffix of a member ID).
func _randomUUIDString() -> String {
    var generator = SystemRandomNumberGenerator()
    var bytes = [UInt8](repeating: 0, count: 16)
    for i in stride(from: 0, to: 16, by: 8) {
        let word = generator.next() as UInt64
        for j in 0..<8 { bytes[i + j] = UInt8(truncatingIfNeeded: word >> (8 * j)) }
    }
    bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
    bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
    let hex: [Character] = Array("0123456789abcdef")
    var text = ""
    text.reserveCapacity(36)
    for (i, byte) in bytes.enumerated() {
        if i == 4 || i == 6 || i == 8 || i == 10 { text.append("-") }
        text.append(hex[Int(byte >> 4)])
        text.append(hex[Int(byte & 0x0F)])
    }
    return text
}
