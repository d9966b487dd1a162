import Foundation

/// Pull + unpack throughput of one image into an empty store: the figure the benchmark prints. It measures the
/// real path (resolve, download, verify, unpack), so a regression anywhere on it shows.
public struct PullThroughput: Sendable, CustomStringConvertible {
    public var reference: String
    /// Compressed layer bytes pulled.
    public var bytes: Int64
    public var seconds: Double

    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }

    public var description: String {
        String(format: "%@: %.2f MB in %.3f s = %.1f MB/s (pull + verify + unpack)", reference, Double(bytes) / 1_000_000, seconds, megabytesPerSecond)
    }

    /// Pulls `reference` into a fresh store under `scratch` (removed afterwards), timing the whole pull.
    public static func measure(_ reference: String, scratch: String, settings: RegistrySettings = RegistrySettings()) async throws(ImageError) -> PullThroughput {
        let root = "\(scratch)/pull-throughput-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = ImageStore(layers: try LayerStore(root: root), settings: settings)
        let start = ContinuousClock.now
        let pulled = try await store.pull(reference)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return PullThroughput(reference: reference, bytes: pulled.layerBytes, seconds: seconds)
    }
}
