import Executors
import Foundation

/// Finds or starts the test bed's registry.
public enum TestBed {
    public static let registry = "127.0.0.1:5000"

    /// The repository's `scripts/testbed`, found from this file's place in the tree.
    public static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/testbed").standardized.path
    }

    public static func registryReady() async -> Bool {
        if imageAvailable() { return true }
        guard geteuid() == 0 else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = ["up", "registry"]
        // The registry outlives this process: it must not hold the test runner's output pipes.
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0 && imageAvailable()
    }

    /// Whether the registry serves `repository:tag` (default: the busybox image every image test uses).
    public static func imageAvailable(_ repository: String = "test/busybox", tag: String = "v2s2") -> Bool {
        let response = try? HTTPClient(connectTimeout: 2).send(
            HTTPRequest(.head, "http://\(registry)/v2/\(repository)/manifests/\(tag)",
                        headers: [("Accept", ManifestMediaType.acceptAll)]),
            allowPlainHTTP: true)
        return response?.succeeded == true
    }
}
