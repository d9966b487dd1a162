import Foundation
import Testing
import TestSupport
@testable import Executors

/// The whole image path: pull the test bed's busybox image from the real registry into a layer store, and run it
/// in a LocalSandbox (overlay of the unpacked layers, user namespace, crun).
@Suite(.enabled(if: SandboxTestHost.available, SandboxTestHost.skipReason),
       .enabled("needs the test bed's registry (scripts/testbed up registry)") { await TestBed.registryReady() })
struct RegistryImageSandboxTests {
    @Test func aPulledImageRunsInASandbox() async throws {
        let root = NSTemporaryDirectory() + "swift-runner-registry-sandbox-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = ImageStore(layers: try LayerStore(root: root + "/images"))
        let sandbox = try LocalSandbox(images: store, configuration: .init(
            stateDirectory: root + "/state", runtimeStateDirectory: root + "/runtime", allowNative: false))
        let spec = SandboxSpec(image: .registry("\(TestBed.registry)/test/busybox:latest"))
        try await SandboxTestHost.withSandbox(spec, in: sandbox) { id in
            let result = try await sandbox.run(id, "echo from the image; id -u; touch /made-here && echo wrote")
            #expect(result.status == .exited(0), "\(result.errors)")
            #expect(result.output == "from the image\n0\nwrote\n")
        }
        // The image's layers stay read-only in the store: the write went to the sandbox's own upper layer.
        let layers = try FileManager.default.contentsOfDirectory(atPath: root + "/images")
        #expect(!layers.isEmpty)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: root + "/images").allSatisfy { !$0.hasSuffix("made-here") })
    }

    @Test func anImageThatIsNotThereIsAClearError() async throws {
        let root = NSTemporaryDirectory() + "swift-runner-registry-sandbox-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sandbox = try LocalSandbox(images: ImageStore(layers: try LayerStore(root: root + "/images")),
                                       configuration: .init(stateDirectory: root + "/state",
                                                            runtimeStateDirectory: root + "/runtime"))
        await #expect {
            _ = try await sandbox.create(SandboxSpec(image: .registry("\(TestBed.registry)/test/nothing-here:1")))
        } throws: { error in
            (error as? SandboxError)?.code == .image
        }
    }

    /// The test bed's Debian image (`scripts/testbed up registry-debian`, built once with debootstrap) has what
    /// JavaScript actions and checkouts need. Skipped unless that image was pushed: building it downloads Debian.
    @Test(.enabled("needs test/debian-node:bookworm: run scripts/testbed up registry-debian") {
        TestBed.imageAvailable("test/debian-node", tag: "bookworm")
    })
    func theDebianImageRunsNodeGitAndPython() async throws {
        let root = NSTemporaryDirectory() + "swift-runner-registry-sandbox-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let sandbox = try LocalSandbox(images: ImageStore(layers: try LayerStore(root: root + "/images")),
                                       configuration: .init(stateDirectory: root + "/state",
                                                            runtimeStateDirectory: root + "/runtime"))
        let spec = SandboxSpec(image: .registry("\(TestBed.registry)/test/debian-node:bookworm"))
        try await SandboxTestHost.withSandbox(spec, in: sandbox) { id in
            let result = try await sandbox.run(id, "node -e 'console.log(1 + 1)' && git --version && python3 -c 'print(3)'")
            #expect(result.status == .exited(0), "\(result.errors)")
            #expect(result.output.hasPrefix("2\ngit version "))
            #expect(result.output.hasSuffix("3\n"))
        }
    }
}
