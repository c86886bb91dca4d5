import Testing
import RingLog
import RingLogServer

/// `ringlog serve`'s flags: each bad value is refused with a message naming it, before binding.
@Suite("ringlog serve: configuration and binding")
struct ServeConfigurationTests {
    @Test("listen addresses: IPv4, localhost, [IPv6], port 0; bad ones name what is wrong",
          arguments: [("127.0.0.1:9092", "127.0.0.1", 9092), ("localhost:0", "127.0.0.1", 0), ("[::1]:19092", "::1", 19092),
                      ("0.0.0.0:1", "0.0.0.0", 1)])
    func goodAddresses(text: String, host: String, port: Int) throws {
        let address = try ListenAddress(parsing: text)
        #expect(address.host == host && address.port == port)
    }

    @Test("bad listen addresses", arguments: [("9092", "HOST:PORT"), ("127.0.0.1:", "port"), ("127.0.0.1:70000", "port"),
                                              ("example.com:9092", "not an IP address"), ("::1:9092", "brackets"),
                                              ("[::1]9092", "':PORT'"), (":9092", "host is empty"), ("300.1.1.1:1", "not an IP address")])
    func badAddresses(text: String, expected: String) {
        #expect { try ListenAddress(parsing: text) } throws: { "\($0)".contains(expected) }
    }

    @Test("bad values name their flag")
    func badValues() {
        let bad: [(KafkaServerConfiguration, String)] = [
            (KafkaServerConfiguration(partitions: 0), "--partitions"),
            (KafkaServerConfiguration(ringCapacity: 5000), "--ring-capacity"),
            (KafkaServerConfiguration(ringCapacity: 1 << 31), "--ring-capacity"),
            (KafkaServerConfiguration(maxRequestBytes: 10), "--max-request-bytes"),
            (KafkaServerConfiguration(maxConnections: 0), "--max-connections"),
            (KafkaServerConfiguration(maxPartitions: 0), "--max-partitions"),
            (KafkaServerConfiguration(eventLoops: 0), "--threads"),
            (KafkaServerConfiguration(eventLoops: 1025), "--threads"),
        ]
        for (configuration, flag) in bad {
            #expect { try configuration.validate() } throws: { "\($0)".contains(flag) }
        }
    }

    @Test("a port in use is reported with the system's reason, and the real port is reported for port 0")
    func portInUse() throws {
        let first = try KafkaServer.start(configuration: KafkaServerConfiguration(listen: ListenAddress(host: "127.0.0.1", port: 0), eventLoops: 1),
                                          log: { _ in })
        defer { first.shutdown() }
        #expect(first.address.port > 0)
        #expect {
            try KafkaServer.start(configuration: KafkaServerConfiguration(listen: first.address, eventLoops: 1), log: { _ in })
        } throws: { error in
            "\(error)".contains("cannot listen on 127.0.0.1:\(first.address.port)") && "\(error)".contains("in use")
        }
    }
}
