// swift-tools-version:6.1
import PackageDescription
import class Foundation.ProcessInfo

// Layers, bottom to top; every arrow points down (a target depends only on targets listed above it):
//   _RingLogCShims      tiny C target: memfd/mmap mirror, futex, CRC32C, CPU affinity, TSan annotations
//   RingLogPlatform     aligned + mirrored memory, futex parking, checksums, clocks, pinning, topology
//   RingLog             the engine: partition log on a preallocated mirrored ring, topics, groups
//   RingLogQueue        the queue baseline: delete-on-consume SPSC / MPMC (Vyukov) / mutex queues
//   RingLogKafkaWire    the Kafka wire protocol's requests, responses and RecordBatch v2, no I/O
//   RingLogServer       `ringlog serve`: the engine behind the Kafka wire protocol on SwiftNIO
//   RingLogThroughput   the engine alone, one producer and one consumer thread (`ringlog throughput`)
//   RingLogBench        benchmark core: OMB workloads, the driver protocol and registry, the
//                       in-process drivers, runner, verifier, latency recording
//   RingLog*Driver      one target per real system (Redis, Kafka, NATS, RabbitMQ), each with its
//                       C client library, behind its trait, registered with the core's registry
//   RingLogReport       OMB result JSON/CSV, Markdown tables, SVG charts, safe output paths
//   RingLogExperiments  the experiments behind `compare` and `scale`, and their reports
//   ringlog             the command-line tool (the main job)
// The real-system drivers' traits on by default for every command of a shell, instead of
// `--traits` on each (a command without them would rebuild every target without the drivers):
//   RINGLOG_TRAITS=Redis,Kafka swift test      (the names below, comma-separated)
let traitsFromEnvironment = Set((ProcessInfo.processInfo.environment["RINGLOG_TRAITS"] ?? "")
    .split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })

let package = Package(
    name: "RingLog",
    products: [
        .library(name: "RingLog", targets: ["RingLog"]),
        .library(name: "RingLogPlatform", targets: ["RingLogPlatform"]),
        .library(name: "RingLogQueue", targets: ["RingLogQueue"]),
        .library(name: "RingLogThroughput", targets: ["RingLogThroughput"]),
        .library(name: "RingLogBench", targets: ["RingLogBench"]),
        .library(name: "RingLogReport", targets: ["RingLogReport"]),
        .library(name: "RingLogExperiments", targets: ["RingLogExperiments"]),
        .executable(name: "ringlog", targets: ["ringlog"]),
    ],
    traits: [
        // Drivers for real brokers need their C client libraries; off by default so `swift build`
        // works where they are absent. Redis: apt-get install libhiredis-dev; swift build --traits Redis
        .trait(name: "Redis", description: "The Redis Streams driver (needs libhiredis-dev)"),
        .trait(name: "Kafka", description: "The Kafka driver with librdkafka's in-process mock cluster (needs librdkafka-dev)"),
        .trait(name: "NATS", description: "The NATS JetStream driver (needs libnats-dev)"),
        .trait(name: "RabbitMQ", description: "The RabbitMQ driver (needs librabbitmq-dev)"),
        .default(enabledTraits: traitsFromEnvironment),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", "5.0.1"..<"7.0.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        // `swift package generate-documentation --target RingLog` (and RingLogBench) builds the
        // DocC catalogs in Sources/RingLog/RingLog.docc and Sources/RingLogBench/RingLogBench.docc.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // RingLogServer's event loops and sockets (the engine itself imports no networking).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    ],
    targets: [
        .target(
            name: "_RingLogCShims",
            cSettings: [.define("_GNU_SOURCE")]
        ),
        .target(
            name: "RingLogPlatform",
            dependencies: ["_RingLogCShims"]
        ),
        .target(
            name: "RingLog",
            dependencies: ["RingLogPlatform"],
            // Record.value returns a RawSpan borrowed from the record (swift-nio's pattern).
            swiftSettings: [.enableExperimentalFeature("Lifetimes")]
        ),
        .target(
            name: "RingLogQueue",
            dependencies: ["RingLogPlatform"]
        ),
        .target(name: "RingLogKafkaWire", dependencies: ["RingLogPlatform"]),
        .target(
            name: "RingLogServer",
            dependencies: [
                "RingLog", "RingLogKafkaWire", "RingLogPlatform",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Drives the broker's produce and fetch paths in a loop, for callgrind's instruction counts
        // (scripts/serve-callgrind.sh); no sockets.
        .executableTarget(
            name: "RingLogServeProbe",
            dependencies: ["RingLogServer", "RingLog", "RingLogKafkaWire", .product(name: "NIOEmbedded", package: "swift-nio")]
        ),
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .systemLibrary(
            name: "CNats",
            pkgConfig: "libnats",
            providers: [.apt(["libnats-dev"])]
        ),
        .systemLibrary(
            name: "CRabbitMQ",
            pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"])]
        ),
        .target(
            name: "RingLogThroughput",
            dependencies: ["RingLog", "RingLogPlatform"]
        ),
        .target(
            name: "RingLogBench",
            dependencies: [
                "RingLog", "RingLogQueue", "RingLogPlatform",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        // A driver target always builds (its source is empty without its trait), so the CLI
        // links every driver the build has and no file above the drivers names a trait.
        .target(
            name: "RingLogRedisDriver",
            dependencies: ["RingLogBench", .target(name: "CHiredis", condition: .when(traits: ["Redis"]))]
        ),
        .target(
            name: "RingLogKafkaDriver",
            dependencies: ["RingLogBench", .target(name: "CRdKafka", condition: .when(traits: ["Kafka"]))]
        ),
        .target(
            name: "RingLogNATSDriver",
            dependencies: ["RingLogBench", .target(name: "CNats", condition: .when(traits: ["NATS"]))]
        ),
        .target(
            name: "RingLogRabbitMQDriver",
            dependencies: ["RingLogBench", .target(name: "CRabbitMQ", condition: .when(traits: ["RabbitMQ"]))]
        ),
        .target(
            name: "RingLogReport",
            dependencies: [
                "RingLogBench", "RingLogPlatform",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .target(
            name: "RingLogExperiments",
            dependencies: [
                "RingLogBench", "RingLogReport", "RingLogThroughput", "RingLog", "RingLogQueue", "RingLogPlatform",
                // `compare --systems` runs `ringlog serve` in process as one of the systems.
                "RingLogServer",
            ]
        ),
        .executableTarget(
            name: "ringlog",
            dependencies: [
                "RingLog", "RingLogPlatform", "RingLogThroughput", "RingLogBench", "RingLogReport", "RingLogExperiments",
                "RingLogRedisDriver", "RingLogKafkaDriver", "RingLogNATSDriver", "RingLogRabbitMQDriver",
                "RingLogServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "RingLogTests",
            dependencies: ["RingLog", "RingLogQueue", "RingLogPlatform", "_RingLogCShims", "RingLogThroughput", "RingLogBench",
                           "RingLogReport", "RingLogExperiments", "RingLogKafkaWire", "RingLogServer",
                           "RingLogRedisDriver", "RingLogKafkaDriver", "RingLogNATSDriver", "RingLogRabbitMQDriver",
                           .product(name: "PropertyBased", package: "swift-property-based")]
        ),
    ]
)
