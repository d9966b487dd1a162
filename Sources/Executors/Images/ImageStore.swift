import Foundation

/// Pulls images into a `LayerStore`: what `LocalSandbox` calls to turn `SandboxImage.registry(reference)` into
/// read-only lower layers and the config its execs start from.
public struct ImageStore: Sendable {
    public let layers: LayerStore
    public let settings: RegistrySettings
    public let http: HTTPClient

    public init(layers: LayerStore, settings: RegistrySettings = RegistrySettings(), http: HTTPClient = HTTPClient()) {
        self.layers = layers
        self.settings = settings
        self.http = http
    }

    /// Resolves the reference, downloads and verifies each layer not yet in the store, unpacks it, and returns the
    /// layer directories bottom first. The blocking network and disk work runs on its own thread, off the pool.
    public func pull(_ reference: String) async throws(ImageError) -> PulledImage {
        let parsed = try ImageReference(parsing: reference)
        return try await Self.offPool { () throws(ImageError) -> PulledImage in
            let client = RegistryClient(registry: parsed.registry, settings: settings, http: http)
            let image = try client.resolve(parsed)
            var directories: [String] = []
            for layer in image.manifest.layers {
                directories.append(try layers.layer(layer) { (destination) throws(ImageError) in
                    try client.downloadBlob(parsed.repository, layer, to: destination)
                })
            }
            return PulledImage(image: image, layerDirectories: directories)
        }
    }

    /// Runs blocking work on a thread of its own: a pull can wait minutes on the network or on another pull's lock,
    /// and the concurrency pool has only as many threads as cores.
    static func offPool<Value: Sendable>(_ work: @escaping @Sendable () throws(ImageError) -> Value) async throws(ImageError) -> Value {
        let result: Result<Value, ImageError> = await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(returning: Result { () throws(ImageError) -> Value in try work() })
            }.start()
        }
        return try result.get()
    }
}

/// A pulled image: its layer directories bottom first (for overlayfs `lowerdir`, list them top first) and its config.
public struct PulledImage: Sendable, Equatable {
    public var image: ResolvedImage
    public var layerDirectories: [String]

    public var config: ImageConfig { image.config }
    /// Compressed bytes of all layers, for throughput figures.
    public var layerBytes: Int64 { image.manifest.layers.reduce(0) { $0 + $1.size } }
}
