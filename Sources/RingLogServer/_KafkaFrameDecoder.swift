import NIOCore

/// Cuts the byte stream into request frames: an int32 size, then that many bytes. A negative
/// size or one over `maxFrameBytes` is an error (the connection handler closes the
/// connection): nothing after it can be trusted to be a frame.
struct _KafkaFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    /// The largest frame accepted (`--max-request-bytes`).
    let maxFrameBytes: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return .needMoreData }
        guard size >= 0, Int(size) <= maxFrameBytes else {
            throw KafkaServerError.frameSizeRejected(size: size, limit: maxFrameBytes)
        }
        guard buffer.readableBytes >= 4 + Int(size) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        let frame = buffer.readSlice(length: Int(size))!
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A partial frame at the end of the stream is dropped; whole ones are still served.
        try decode(context: context, buffer: &buffer)
    }
}
