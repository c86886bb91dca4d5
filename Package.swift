// swift-tools-version:6.1
import PackageDescription

// Layers, bottom to top (one module each, so the architecture shows in the folder list):
//   _RingLogCShims   tiny C target: memfd/mmap mirror, futex, CRC32C, CPU affinity, TSan annotations
//   RingLogPlatform  aligned + mirrored memory, futex parking, checksums, pinning (Swift over the shims)
//   RingLog          the engine: partition log on a preallocated mirrored ring
//   RingLogQueue     the queue baseline: delete-on-consume SPSC / MPMC (Vyukov) / mutex queues
//   RingLogHarness   benchmark harness: OMB workloads in, OMB results out, the log-vs-queue report
//   ringlog          the command-line tool (the main job)
let package = Package(
    name: "RingLog",
    products: [
        .library(name: "RingLog", targets: ["RingLog"]),
        .library(name: "RingLogPlatform", targets: ["RingLogPlatform"]),
        .library(name: "RingLogQueue", targets: ["RingLogQueue"]),
        .library(name: "RingLogHarness", targets: ["RingLogHarness"]),
        .executable(name: "ringlog", targets: ["ringlog"]),
    ],
    traits: [
        // Drivers for real brokers need their C client libraries; off by default so `swift build`
        // works where they are absent. Redis: apt-get install libhiredis-dev; swift build --traits Redis
        .trait(name: "Redis", description: "The Redis Streams driver (needs libhiredis-dev)"),
        .trait(name: "Kafka", description: "The Kafka driver with librdkafka's in-process mock cluster (needs librdkafka-dev)"),
        .trait(name: "NATS", description: "The NATS JetStream driver (needs libnats-dev)"),
        .trait(name: "RabbitMQ", description: "The RabbitMQ driver (needs librabbitmq-dev)"),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", "5.0.1"..<"7.0.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        // `swift package generate-documentation --target RingLog` (and RingLogHarness) builds the
        // DocC catalogs in Sources/RingLog/RingLog.docc and Sources/RingLogHarness/RingLogHarness.docc.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
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
            name: "RingLogHarness",
            dependencies: [
                "RingLog", "RingLogQueue", "RingLogPlatform",
                .target(name: "CHiredis", condition: .when(traits: ["Redis"])),
                .target(name: "CRdKafka", condition: .when(traits: ["Kafka"])),
                .target(name: "CNats", condition: .when(traits: ["NATS"])),
                .target(name: "CRabbitMQ", condition: .when(traits: ["RabbitMQ"])),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .executableTarget(
            name: "ringlog",
            dependencies: [
                "RingLog",
                "RingLogHarness",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "RingLogTests",
            dependencies: ["RingLog", "RingLogQueue", "RingLogHarness", "RingLogPlatform", "_RingLogCShims", "RingLogKafkaWire",
                           .product(name: "PropertyBased", package: "swift-property-based")]
        ),
    ]
)
