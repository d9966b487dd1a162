import Foundation
import Testing
@testable import Executors

/// Whether sandboxes can run here: they need root, crun and the busybox-static rootfs material.
enum SandboxTestHost {
    static let skipReason: Comment = "sandbox tests need root, crun and busybox-static: run as root after apt-get install -y crun busybox-static slirp4netns"

    static let available: Bool = getuid() == 0 && HostFacts.executablePath(named: "crun") != nil
        && FileManager.default.isExecutableFile(atPath: "/bin/busybox")

    /// A fresh `LocalSandbox` with its state under a temporary folder; `body` gets it, then every folder goes.
    static func withLocalSandbox(runtime: OCIRuntimeKind = .crun,
                                 _ body: (LocalSandbox) async throws -> Void) async throws {
        let root = NSTemporaryDirectory() + "swift-runner-sandbox-tests-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sandbox = try LocalSandbox(images: BusyboxImages(directory: root + "/images"),
                                       configuration: .init(stateDirectory: root + "/state", runtimeStateDirectory: root + "/runtime",
                                                            runtime: runtime))
        try await body(sandbox)
    }

    /// Creates a sandbox, runs `body` and destroys the sandbox whether `body` succeeded or not.
    static func withSandbox(_ spec: SandboxSpec, in sandbox: LocalSandbox,
                            _ body: (SandboxID) async throws -> Void) async throws {
        let id = try await sandbox.create(spec)
        do {
            try await body(id)
        } catch {
            try await sandbox.destroy(id)
            throw error
        }
        try await sandbox.destroy(id)
    }

    /// Both together: a sandbox of `spec` in a fresh `LocalSandbox`.
    static func withSandbox(_ spec: SandboxSpec, _ body: (LocalSandbox, SandboxID) async throws -> Void) async throws {
        try await withLocalSandbox { sandbox in
            try await withSandbox(spec, in: sandbox) { id in try await body(sandbox, id) }
        }
    }
}

extension LocalSandbox {
    /// Runs `sh -c script` (or `arguments`) and gathers its events.
    func run(_ id: SandboxID, _ script: String, user: String? = nil, input: [UInt8]? = nil) async throws -> ExecResult {
        try await run(id, ExecRequest(arguments: ["/bin/sh", "-c", script], user: user, standardInput: input))
    }

    func run(_ id: SandboxID, _ request: ExecRequest) async throws -> ExecResult {
        try await collect(exec(id, request))
    }
}

/// A real busybox-static root filesystem, built once per provider by scripts/make-busybox-rootfs (shared with
/// scripts/bench-sandbox), owned by the sandboxes' mapped ids as an unpacked image would be.
actor BusyboxImages: ImageProvider {
    static let reference = "test/busybox:static"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../scripts/make-busybox-rootfs").standardized.path
    let directory: String
    private var prepared: PreparedImage?

    init(directory: String) {
        self.directory = directory
    }

    func layers(for reference: String) async throws(SandboxError) -> PreparedImage {
        guard reference == Self.reference else {
            throw SandboxError(.image, "the test image provider has only \(Self.reference), not \(reference)")
        }
        if let prepared { return prepared }
        let rootfs = directory + "/busybox"
        var messages: [UInt8] = []
        let status = try ChildProcess.run([Self.script, rootfs], input: nil) { _, bytes in messages += bytes }
        guard status.succeeded else {
            throw SandboxError(.image, "\(Self.script) \(rootfs) failed (\(status)): \(String(decoding: messages, as: UTF8.self))")
        }
        let image = PreparedImage(layerDirectories: [rootfs], environment: ["PATH=/bin", "HOME=/root"])
        prepared = image
        return image
    }
}
