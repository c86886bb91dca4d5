import Testing
import RingLogKafkaWire

/// One API at one version: the unit of the Kafka wire round-trip and fuzz tests.
struct KafkaWireCase: Sendable, CustomTestStringConvertible {
    let api: ApiKey
    let version: Int16
    var testDescription: String { "\(api) v\(version)" }

    /// Every API at its lowest and highest supported version.
    static let minAndMax: [KafkaWireCase] = ApiKey.allCases.flatMap { api in
        Set([api.supportedVersions.lowerBound, api.supportedVersions.upperBound]).sorted().map {
            KafkaWireCase(api: api, version: $0)
        }
    }

    /// Every API at every supported version.
    static let all: [KafkaWireCase] = ApiKey.allCases.flatMap { api in
        api.supportedVersions.map { KafkaWireCase(api: api, version: $0) }
    }
}
