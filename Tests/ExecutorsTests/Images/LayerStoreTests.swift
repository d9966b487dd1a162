import Foundation
import TestSupport
import Testing
@testable import Executors

@Suite struct LayerStoreTests {
    /// Two pulls that need the same layer at the same time: one downloads and unpacks, the other waits on the
    /// digest's lock and then finds the layer ready.
    @Test func concurrentPullsOfOneLayerDownloadItOnce() async throws {
        let scratch = try TemporaryDirectory()
        let image = try FakeImage(scratch: scratch)
        let server = try LoopbackHTTPServer(routes: image.routes)
        let store = ImageStore(layers: try LayerStore(root: "\(scratch.path)/store", unpacker: LayerUnpacker(ownerOffset: nil, whiteouts: .apply)))
        let reference = "\(server.registry)/\(FakeImage.repository)"
        async let first = store.pull(reference)
        async let second = store.pull(reference)
        let (a, b) = try await (first, second)
        #expect(a.layerDirectories == b.layerDirectories)
        #expect(server.requests.filter { $0.target == image.layerPath }.count == 1)
    }

    /// A layer the unpacker refuses leaves no layer directory behind (the verified blob may stay: it is what it says).
    @Test func aHostileLayerLeavesNoLayerBehind() async throws {
        let scratch = try TemporaryDirectory()
        let image = try FakeImage(scratch: scratch, entries: [TarFixture.symlink("etc", to: "/etc"), TarFixture.file("etc/owned", "x")])
        let server = try LoopbackHTTPServer(routes: image.routes)
        let store = ImageStore(layers: try LayerStore(root: "\(scratch.path)/store", unpacker: LayerUnpacker(ownerOffset: nil, whiteouts: .apply)))
        await #expect {
            try await store.pull("\(server.registry)/\(FakeImage.repository)")
        } throws: { ($0 as? ImageError)?.code == .unsafeLayer }
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(scratch.path)/store/layers/sha256").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/etc/owned"))
        #expect(server.requests.contains { $0.target == image.layerPath })
    }

    /// The same with the download itself slowed down, so both callers surely overlap.
    @Test func aSlowDownloadIsWaitedForNotRepeated() async throws {
        let scratch = try TemporaryDirectory()
        let layer = try TarFixture.write([TarFixture.file("f", "x")], to: "\(scratch.path)/l.tar.gz")
        let descriptor = Descriptor(mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: Digest(of: layer), size: Int64(layer.count))
        let store = try LayerStore(root: "\(scratch.path)/store", unpacker: LayerUnpacker(ownerOffset: nil, whiteouts: .apply))
        let downloads = Counter()
        let directories = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    try await onOwnThread { () throws(ImageError) -> String in
                        try store.layer(descriptor) { destination in
                            downloads.increment()
                            usleep(300_000)
                            _ = FileManager.default.createFile(atPath: destination, contents: Data(layer))
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(downloads.value == 1)
        #expect(Set(directories).count == 1)
        #expect(FileManager.default.fileExists(atPath: "\(directories[0])/f"))
    }
}

/// A thread-safe count of calls.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
