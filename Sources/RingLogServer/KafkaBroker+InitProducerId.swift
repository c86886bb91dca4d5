import RingLogKafkaWire

extension KafkaBroker {
    /// A new producer ID at epoch 0 for an idempotent producer. A transactional ID is refused
    /// with INVALID_REQUEST (no transactions here), which clients report as fatal.
    func initProducerId(_ request: InitProducerIdRequest) -> InitProducerIdResponse {
        if let transactionalId = request.transactionalId {
            log("InitProducerId for transactional id \(transactionalId) refused: transactions are not supported")
            return InitProducerIdResponse(errorCode: .invalidRequest)
        }
        return InitProducerIdResponse(errorCode: .none, producerId: _producerSequences.allocateProducerId(), producerEpoch: 0)
    }
}
