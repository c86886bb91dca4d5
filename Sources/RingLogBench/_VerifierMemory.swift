/// A verifier's flat buffers, allocated once (bitmaps double as sequences grow) and freed by
/// its owner; the only place the verifier touches unsafe pointers.
struct _VerifierMemory {
    struct Tally {
        var received = 0
        var duplicates = 0
        var reordered = 0
        var corrupted = 0
        var keyInversions = 0
        /// The slot the last message went to (-1: none yet) and its run: the fast path's cache.
        var hotProducer = -1
        var hotPartition = -1
        var hotRun: UnsafeMutablePointer<UInt64>
    }
    let tally: UnsafeMutablePointer<Tally>
    /// Per producer: its bitmap (bit s set = sequence s received) and the bitmap's length in words.
    let bitmaps: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    let wordCounts: UnsafeMutablePointer<Int>
    /// Per (producer, partition): the open run of consecutive sequences not yet in the bitmap,
    /// as [first, one past last]; the second is also one past the slot's latest sequence.
    let runs: UnsafeMutablePointer<UInt64>
    /// Last sequence per (producer, key), -1 none (empty unless key order is tracked).
    let keyLast: UnsafeMutablePointer<Int64>
    let producers: Int
    let slotCount: Int
    let keyLastCount: Int

    init(producers: Int, partitions: Int, keys: Int) {
        self.producers = producers
        slotCount = producers * partitions
        keyLastCount = producers * keys
        bitmaps = .allocate(capacity: Swift.max(producers, 1))
        wordCounts = .allocate(capacity: Swift.max(producers, 1))
        for p in 0..<producers {
            let words = UnsafeMutablePointer<UInt64>.allocate(capacity: 1024)
            words.initialize(repeating: 0, count: 1024)
            (bitmaps + p).initialize(to: words)
            (wordCounts + p).initialize(to: 1024)
        }
        runs = .allocate(capacity: Swift.max(2 * slotCount, 1))
        runs.initialize(repeating: 0, count: 2 * slotCount)
        tally = .allocate(capacity: 1)
        tally.initialize(to: Tally(hotRun: runs))
        keyLast = .allocate(capacity: Swift.max(keyLastCount, 1))
        keyLast.initialize(repeating: -1, count: keyLastCount)
    }

    func deallocate() {
        for p in 0..<producers { bitmaps[p].deallocate() }
        bitmaps.deallocate()
        tally.deallocate()
        wordCounts.deallocate()
        runs.deallocate()
        keyLast.deallocate()
    }

    /// Sets the sequence's bit; false when it was already set.
    func testAndSet(_ producer: Int, sequence: UInt64) -> Bool {
        let word = Int(sequence >> 6)
        if word >= wordCounts[producer] { grow(producer, toHold: word) }
        let w = bitmaps[producer] + word
        let bit = UInt64(1) << (sequence & 63)
        let old = w.pointee
        w.pointee = old | bit
        return old & bit == 0
    }

    /// Sets the bits of the open run `[run[0], run[1])` and empties it; returns how many were
    /// already set (duplicates).
    func flushRun(_ run: UnsafeMutablePointer<UInt64>, producer: Int) -> Int {
        let first = run[0], end = run[1]
        guard first < end else { return 0 }
        run[0] = end
        let lastWord = Int((end &- 1) >> 6)
        if lastWord >= wordCounts[producer] { grow(producer, toHold: lastWord) }
        var duplicates = 0
        var s = first
        while s < end {
            let word = Int(s >> 6)
            let low = s & 63
            let span = Swift.min(64 &- low, end &- s)
            let mask = span == 64 ? UInt64.max : ((UInt64(1) << span) &- 1) << low
            let w = bitmaps[producer] + word
            duplicates &+= (w.pointee & mask).nonzeroBitCount
            w.pointee |= mask
            s &+= span
        }
        return duplicates
    }

    @inline(__always)
    func exchangeKeyLast(_ slot: Int, _ value: Int64) -> Int64 {
        let old = keyLast[slot]
        keyLast[slot] = value
        return old
    }

    /// Doubles (at least) the producer's bitmap so that `word` fits.
    @inline(never)
    func grow(_ producer: Int, toHold word: Int) {
        let old = wordCounts[producer]
        let count = Swift.max(word + 1, old * 2)
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: count)
        words.moveInitialize(from: bitmaps[producer], count: old)
        (words + old).initialize(repeating: 0, count: count - old)
        bitmaps[producer].deallocate()
        bitmaps[producer] = words
        wordCounts[producer] = count
    }

    /// The producer's bitmap, for merging once recording is over.
    func words(_ producer: Int) -> UnsafeBufferPointer<UInt64> {
        UnsafeBufferPointer(start: bitmaps[producer], count: wordCounts[producer])
    }
}
