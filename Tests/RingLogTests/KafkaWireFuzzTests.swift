import Testing
import PropertyBased
import RingLogKafkaWire

/// Hostile input: random, truncated and mutated frames go into the request decoder (and the
/// record sets of what decodes into the RecordBatch parser). Each must decode or throw a
/// `KafkaWireError`; a trap would kill the test process. What decodes must re-encode and decode
/// to the same value.
@Suite struct KafkaWireFuzzTests {
    /// A small, fast, seedable generator, so each property-check input expands into many frames.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Valid request frames (after the size prefix) for every API at every version, plus
    /// librdkafka's ApiVersions v3 opener.
    static let corpus: [[UInt8]] = {
        var frames = KafkaWireCase.all.map { try! KafkaWireSamples.requestFrame($0) }
        frames.append(KafkaWireKnownBytesTests.apiVersionsV3Request)
        return frames
    }()

    /// Values that make lengths and counts hostile.
    static let hostileWords: [[UInt8]] = [
        [0xFF, 0xFF, 0xFF, 0xFF], [0x7F, 0xFF, 0xFF, 0xFF], [0x80, 0x00, 0x00, 0x00], [0x00, 0x00, 0x00, 0x00],
        [0xFF, 0xFE], [0x7F, 0xFF], [0x80, 0x00], [0x00, 0x10, 0x00, 0x00], [0xFF], [0x80], [0x00],
    ]

    struct Tally: Sendable { var inputs = 0, decoded = 0, refused = 0 }

    /// Decodes one input; returns whether it decoded. Whatever decodes must round-trip.
    static func feed(_ input: ArraySlice<UInt8>) -> Bool {
        let frame: KafkaRequestFrame
        do { frame = try KafkaRequestFrame(decoding: input) } catch { return false }
        if case .produce(let produce) = frame.request {
            for topic in produce.topics {
                for partition in topic.partitions {
                    guard let records = partition.records else { continue }
                    var batches = RecordBatchIterator(records: records, allowsPartialTrailingBatch: true)
                    while let batch = try? batches.next() { _ = try? batch.records() }
                }
            }
        }
        // Versions past 3 of ApiVersions decode as 3 and aren't encodable: nothing to compare.
        guard frame.header.api != .apiVersions || frame.header.apiVersion <= 3 else { return true }
        do {
            let again = try KafkaRequestFrame(decoding: try frame.encoded().dropFirst(4))
            #expect(again == frame)
        } catch {
            Issue.record("a decoded frame failed to round-trip: \(error)")
        }
        return true
    }

    static func mutate(_ frame: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = frame
        switch rng.next() % 7 {
        case 0:  // flip 1-4 bits
            for _ in 0...(rng.next() % 4) where !bytes.isEmpty {
                bytes[Int(rng.next() % UInt64(bytes.count))] ^= 1 << (rng.next() % 8)
            }
        case 1:  // overwrite a hostile length or count
            let word = hostileWords[Int(rng.next() % UInt64(hostileWords.count))]
            if bytes.count >= word.count {
                let at = Int(rng.next() % UInt64(bytes.count - word.count + 1))
                bytes.replaceSubrange(at..<(at + word.count), with: word)
            }
        case 2:  // cut short
            bytes.removeLast(Int(rng.next() % UInt64(bytes.count + 1)))
        case 3:  // insert random bytes
            let at = Int(rng.next() % UInt64(bytes.count + 1))
            bytes.insert(contentsOf: (0..<(1 + rng.next() % 8)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
        case 4:  // delete a range
            if !bytes.isEmpty {
                let at = Int(rng.next() % UInt64(bytes.count))
                bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(rng.next() % 8)))
            }
        case 5:  // a valid header for a random API and version, then garbage
            let api = ApiKey.allCases[Int(rng.next() % UInt64(ApiKey.allCases.count))]
            let version = Int16(truncatingIfNeeded: rng.next() % 14)
            bytes = [UInt8(api.rawValue >> 8), UInt8(api.rawValue & 0xFF), 0, UInt8(version), 0, 0, 0, 1, 0xFF, 0xFF]
            bytes += (0..<(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next() % 4 == 0 ? rng.next() : 0) }
        default:  // mutate the body of another frame under this header
            let other = corpus[Int(rng.next() % UInt64(corpus.count))]
            bytes = Array(bytes.prefix(12)) + Array(other.dropFirst(min(other.count, 12)))
        }
        return bytes
    }

    @Test func hostileRequestFramesDecodeOrThrowButNeverTrap() async {
        let tally = Locked(Tally())
        func count(_ decoded: Bool) { tally.withValue { $0.inputs += 1; if decoded { $0.decoded += 1 } else { $0.refused += 1 } } }

        // Every valid frame decodes; every proper prefix of one is refused.
        for frame in Self.corpus {
            #expect(Self.feed(frame[...]))
            count(true)
            for length in 0..<frame.count {
                #expect(!Self.feed(frame[..<length]), "a \(length)-byte prefix decoded")
                count(false)
            }
        }
        // Random mutations: each property-check seed expands into a run of mutated frames, some
        // mutated again (stacked damage), so the count stays high and the checks cheap.
        let perSeed = 400
        await propertyCheck(count: 500, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix64(state: UInt64(seed))
            for _ in 0..<perSeed {
                var input = Self.corpus[Int(rng.next() % UInt64(Self.corpus.count))]
                for _ in 0...(rng.next() % 3) { input = Self.mutate(input, using: &rng) }
                count(Self.feed(input[...]))
            }
        }
        let seen = tally.withValue { $0 }
        print("KafkaWire fuzz: \(seen.inputs) request frames fed, \(seen.decoded) decoded, \(seen.refused) refused")
        #expect(seen.inputs >= 100_000)
        #expect(seen.decoded > seen.inputs / 100 && seen.refused > seen.inputs / 100, "both outcomes reached: \(seen)")
    }

    @Test func hostileRecordBatchesParseOrThrowButNeverTrap() async {
        let tally = Locked(Tally())
        let base = KafkaWireSamples.batch + KafkaWireRecordBatchTests.oneRecordBatch
        await propertyCheck(count: 100, input: Gen.int(in: 0...Int.max)) { seed in
            var rng = SplitMix64(state: UInt64(seed))
            for _ in 0..<200 {
                var input = base
                for _ in 0...(rng.next() % 3) { input = Self.mutate(input, using: &rng) }
                var batches = RecordBatchIterator(records: input[...], verifyingCRC: rng.next() % 2 == 0,
                                                  allowsPartialTrailingBatch: rng.next() % 2 == 0)
                var parsed = 0
                while let batch = try? batches.next() {
                    if (try? batch.records()) != nil { parsed += 1 }
                }
                tally.withValue { $0.inputs += 1; if parsed > 0 { $0.decoded += 1 } else { $0.refused += 1 } }
            }
        }
        let seen = tally.withValue { $0 }
        print("KafkaWire fuzz: \(seen.inputs) record sets fed, \(seen.decoded) with a readable batch, \(seen.refused) without")
        #expect(seen.inputs == 20_000)
    }
}
