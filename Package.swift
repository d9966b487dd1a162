// swift-tools-version:6.0
// Swift 6 language mode (the default for tools version 6.0).
import PackageDescription

let package = Package(
    name: "swift-runner",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "swift-runner", targets: ["swift-runner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // Thin C targets: a module map and a shim header each, nothing else.
        .systemLibrary(name: "CYaml", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        // glibc's posix_spawn chdir/closefrom and pipe2, hidden from Swift's Glibc module without _GNU_SOURCE.
        .target(name: "CSpawn"),

        // SHA-256, shared by expressions (hashFiles) and images (blob digests) without a crypto library.
        .target(name: "Digests"),
        // Pure and deterministic: text in, values out.
        .target(name: "WorkflowParser", dependencies: ["CYaml", "Digests"]),
        // Where commands run; knows nothing about workflows.
        .target(name: "Executors", dependencies: [
            "CCurl", "CArchive", "CSpawn", "Digests",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // What a job is and how it runs.
        .target(name: "RunnerCore", dependencies: [
            "WorkflowParser", "Executors",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        .executableTarget(name: "swift-runner", dependencies: [
            "RunnerCore", "Executors",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Benchmarks print numbers; they are not tests.
        // The daemon benchmark drives the fake Forgejo of the test support code.
        .executableTarget(name: "swift-runner-bench", dependencies: [
            "WorkflowParser", "Executors", "RunnerCore", "TestSupport",
        ]),
        // Sandbox start-up times (needs root); scripts/bench-sandbox prints them beside raw crun and podman.
        .executableTarget(name: "swift-runner-sandbox-bench", dependencies: ["Executors"]),

        // Fixtures more than one test target needs: a loopback HTTP server, tar archives, temporary folders.
        // The fake Forgejo speaks the runner protocol with RunnerCore's generated messages.
        .target(name: "TestSupport", dependencies: [
            "CArchive", "Executors", "RunnerCore",
            .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ], path: "Tests/TestSupport"),
        .testTarget(name: "DigestsTests", dependencies: ["Digests"]),
        // The golden lint cases are data read at run time from the source tree, not resources of the bundle.
        .testTarget(name: "WorkflowParserTests", dependencies: ["WorkflowParser"], exclude: ["Lint/Golden"]),
        // The fence end-to-end tests also drive the whole runner (RunnerCore, the protocol) against the fence test bed.
        .testTarget(name: "ExecutorsTests", dependencies: [
            "Executors", "RunnerCore", "TestSupport",
        ]),
        .testTarget(name: "RunnerCoreTests", dependencies: [
            "RunnerCore", "TestSupport", .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        ]),
        .testTarget(name: "SwiftRunnerTests", dependencies: ["RunnerCore", "TestSupport"]),
    ]
)
