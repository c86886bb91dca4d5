// swift-tools-version:6.1
import PackageDescription
import class Foundation.ProcessInfo
import struct Foundation.URL

// package-benchmark lives in its own package (swift-nio style) so the root build stays fast.
// The root package is a path dependency; its identity is its folder's name, whatever the clone
// is called, so derive it instead of hard-coding it.
let rootIdentity = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "RingLogBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        // Only the MallocInterposer trait: the default trait set pulls a package that is not
        // available in every environment, and malloc counts are what the thresholds gate on.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "RingLogBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "RingLog", package: rootIdentity),
                .product(name: "RingLogPlatform", package: rootIdentity),
                .product(name: "RingLogThroughput", package: rootIdentity),
            ],
            path: "Benchmarks/RingLogBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
