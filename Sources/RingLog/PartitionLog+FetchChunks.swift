extension PartitionLog {
    /// Reads the records from `offset` as consecutive chunks, each a borrowed view of at most
    /// 64 KiB of ring bytes (but always one whole record), and hands each to `body`, which
    /// returns how many of its records it took. Stops when `body` took fewer than it was given,
    /// at the high watermark loaded when the read began, after `maxRecords` records, or once
    /// `maxBytes` ring bytes were handed out (a chunk's first record goes out whole, so the last
    /// chunk may pass it). Stateless, as `fetch`: any thread, no reader registration.
    ///
    /// One index lookup serves the whole read: consecutive `fetch` calls from where the last
    /// one ended would each look their offset up again, walking its batch from the batch
    /// header. Each chunk is copied into the partition's fetch buffer and checked against the
    /// write frontier before `body` sees it, as `fetch` does, so every record handed out is
    /// intact.
    /// - Returns: the records `body` took, in all.
    /// - Throws: `.offsetOutOfRange` when `offset` is negative, above the high watermark, below
    ///   the log start, or when the first chunk was overwritten while it was copied; `body` is
    ///   not called then. A later chunk found overwritten ends the read early instead (what was
    ///   handed out before it was intact); the next read from there throws.
    /// - Complexity: O(records handed out) plus one index lookup and a walk over the records
    ///   before `offset` in its batch; one copy of the bytes handed out.
    @inlinable
    public func fetchChunks(
        from offset: Int64, maxRecords: Int = .max, maxBytes: Int = .max, _ body: (RecordBatch) -> Int
    ) throws(RingLogError) -> Int {
        let (hw, start) = try _readStart(offset, maxRecords: maxRecords, maxBytes: maxBytes)
        guard var (position, baseTimestamp) = start else { return 0 }
        // relaxed: loaded after the acquire of `hw`, as in `fetch`; it bounds prefetching only.
        let prefetchLimit = publishedEnd
        var next = offset
        var taken = 0
        var bytesLeft = maxBytes
        while next < hw && taken < maxRecords && bytesLeft > 0 {
            let walk = _walkForCopy(from: position, offset: next, baseTimestamp: baseTimestamp, highWatermark: hw,
                                    prefetchLimit: prefetchLimit, maxRecords: maxRecords &- taken,
                                    maxBytes: min(bytesLeft, _FetchBuffer.defaultBytes))
            let used: Int
            do {
                used = try _deliverCopy(from: position, offset: next, baseTimestamp: baseTimestamp, highWatermark: hw,
                                        walk: walk, body)
            } catch {
                if taken == 0 { throw error }
                break
            }
            taken &+= used
            if used < walk.count { break }
            next &+= Int64(walk.count)
            position &+= UInt64(walk.bytes)
            baseTimestamp = walk.baseTimestamp
            bytesLeft &-= walk.bytes
        }
        return taken
    }
}
