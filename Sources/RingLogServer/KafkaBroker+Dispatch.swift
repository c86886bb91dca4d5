import NIOCore
import RingLogKafkaWire

extension KafkaBroker {
    /// Answers one request frame (the bytes after the int32 size prefix).
    ///
    /// An unknown API key or an unsupported version gets ApiVersions' UNSUPPORTED_VERSION answer
    /// in the v0 layout with the request's correlation ID (what the codec offers; librdkafka
    /// retries ApiVersions with a version from it). A malformed body gets INVALID_REQUEST in its
    /// API's top-level error field where the API has one (Fetch v7+, ApiVersions, the group APIs,
    /// OffsetFetch v2+), else the connection is closed, as Kafka does; so is a frame too short
    /// for a request header. Never traps on hostile input.
    ///
    /// Thread-safety: any thread; a deferred reply completes on `connection.eventLoop`.
    public func reply(to frame: ArraySlice<UInt8>, connection: KafkaConnection) -> KafkaReply {
        let decoded: KafkaRequestFrame
        do {
            decoded = try KafkaRequestFrame(decoding: frame)
        } catch {
            switch error {
            case .unknownApiKey(_, let correlationId), .unsupportedVersion(_, _, let correlationId):
                return .response(ApiVersionsResponse.unsupportedVersionFallbackFrame(correlationId: correlationId))
            default:
                return _malformed(frame, error)
            }
        }
        let header = decoded.header
        let version = header.apiVersion
        let correlationId = header.correlationId
        switch decoded.request {
        case .apiVersions:
            guard ApiKey.apiVersions.supportedVersions.contains(version) else {
                return .response(ApiVersionsResponse.unsupportedVersionFallbackFrame(correlationId: correlationId))
            }
            return _encode(ApiVersionsResponse.advertised, version, correlationId)
        case .metadata(let request):
            return _encode(metadata(request, version: version, connection: connection), version, correlationId)
        case .createTopics(let request):
            return _encode(createTopics(request, version: version), version, correlationId)
        case .produce(let request):
            return produce(request, version: version, correlationId: correlationId)
        case .fetch(let request):
            return fetch(request, version: version, correlationId: correlationId, eventLoop: connection.eventLoop)
        case .listOffsets(let request):
            return _encode(listOffsets(request, version: version), version, correlationId)
        case .findCoordinator:
            let response = FindCoordinatorResponse(errorCode: .none, nodeId: 0, host: connection.localHost,
                                                   port: Int32(connection.localPort))
            return _encode(response, version, correlationId)
        case .joinGroup(let request):
            return _groupReply(header, connection) { groups.joinGroup(request, context: $0, respond: $1) }
        case .syncGroup(let request):
            return _groupReply(header, connection) { groups.syncGroup(request, context: $0, respond: $1) }
        case .heartbeat(let request):
            return _groupReply(header, connection) { groups.heartbeat(request, context: $0, respond: $1) }
        case .leaveGroup(let request):
            return _groupReply(header, connection) { groups.leaveGroup(request, context: $0, respond: $1) }
        case .offsetCommit(let request):
            return _groupReply(header, connection) { groups.offsetCommit(request, context: $0, respond: $1) }
        case .offsetFetch(let request):
            return _groupReply(header, connection) { groups.offsetFetch(request, context: $0, respond: $1) }
        case .initProducerId(let request):
            return _encode(initProducerId(request), version, correlationId)
        }
    }

    /// A whole response frame for `body`, or a closed connection if it cannot be encoded (a
    /// string over 32 767 bytes, which no answer built here holds).
    func _encode<Body: KafkaMessage>(_ body: Body, _ version: Int16, _ correlationId: Int32) -> KafkaReply {
        do {
            return .response(try KafkaResponseFrame.encoded(body, version: version, correlationId: correlationId))
        } catch {
            return .close(reason: "the \(Body.apiKey) v\(version) response could not be encoded: \(error)")
        }
    }

    /// Hands a group request to `groups` and defers the reply until it responds (once; the
    /// promise is kept in `_pending`, so shutdown fails it if the handler never answers).
    func _groupReply<Response: KafkaMessage>(
        _ header: KafkaRequestHeader, _ connection: KafkaConnection,
        _ call: (GroupRequestContext, @escaping @Sendable (Response) -> Void) -> Void
    ) -> KafkaReply {
        let promise = connection.eventLoop.makePromise(of: [UInt8].self)
        let token = _ReplyToken()
        _pending.add(token, promise)
        let version = header.apiVersion
        let correlationId = header.correlationId
        let context = GroupRequestContext(apiVersion: version, correlationId: correlationId, clientId: header.clientId,
                                          connectionID: connection.id, clientAddress: connection.remoteAddress,
                                          eventLoop: connection.eventLoop)
        call(context) { [_pending] response in
            // Only the first answer goes out; none after shutdown.
            guard let promise = _pending.take(token) else { return }
            do {
                promise.succeed(try KafkaResponseFrame.encoded(response, version: version, correlationId: correlationId))
            } catch {
                promise.fail(error)
            }
        }
        return .deferred(promise.futureResult)
    }

    /// The reply to a frame whose header parsed but whose body did not (or whose header did
    /// not): INVALID_REQUEST where the API has a top-level error field, else a closed connection.
    func _malformed(_ frame: ArraySlice<UInt8>, _ error: KafkaWireError) -> KafkaReply {
        guard frame.count >= 8 else {
            return .close(reason: "a \(frame.count)-byte frame holds no request header")
        }
        let s = frame.startIndex
        let key = Int16(bitPattern: UInt16(frame[s]) << 8 | UInt16(frame[s + 1]))
        let version = Int16(bitPattern: UInt16(frame[s + 2]) << 8 | UInt16(frame[s + 3]))
        let correlationId = Int32(bitPattern: UInt32(frame[s + 4]) << 24 | UInt32(frame[s + 5]) << 16
                                  | UInt32(frame[s + 6]) << 8 | UInt32(frame[s + 7]))
        let what = "malformed request (api key \(key) v\(version), correlation id \(correlationId)): \(error)"
        let bytes: [UInt8]?
        switch ApiKey(rawValue: key) {
        case .apiVersions?:
            bytes = version > 2
                ? ApiVersionsResponse.unsupportedVersionFallbackFrame(correlationId: correlationId)
                : try? KafkaResponseFrame.encoded(ApiVersionsResponse(errorCode: .invalidRequest), version: version, correlationId: correlationId)
        case .fetch? where version >= 7:
            bytes = try? KafkaResponseFrame.encoded(FetchResponse(errorCode: .invalidRequest), version: version, correlationId: correlationId)
        case .findCoordinator?:
            bytes = try? KafkaResponseFrame.encoded(FindCoordinatorResponse(errorCode: .invalidRequest, nodeId: -1, port: -1),
                                                    version: version, correlationId: correlationId)
        case .joinGroup?:
            bytes = try? KafkaResponseFrame.encoded(JoinGroupResponse(errorCode: .invalidRequest), version: version, correlationId: correlationId)
        case .syncGroup?:
            bytes = try? KafkaResponseFrame.encoded(SyncGroupResponse(errorCode: .invalidRequest), version: version, correlationId: correlationId)
        case .heartbeat?:
            bytes = try? KafkaResponseFrame.encoded(HeartbeatResponse(errorCode: .invalidRequest), version: version, correlationId: correlationId)
        case .leaveGroup?:
            bytes = try? KafkaResponseFrame.encoded(LeaveGroupResponse(errorCode: .invalidRequest), version: version, correlationId: correlationId)
        case .offsetFetch? where version >= 2:
            bytes = try? KafkaResponseFrame.encoded(OffsetFetchResponse(errorCode: .invalidRequest), version: version, correlationId: correlationId)
        default:
            bytes = nil
        }
        guard let bytes else { return .close(reason: what) }
        log(what + "; answered INVALID_REQUEST")
        return .response(bytes)
    }
}
