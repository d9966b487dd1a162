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
        return try await onOwnThread { () throws(ImageError) -> PulledImage in
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

}

/// A pulled image: its layer directories bottom first (for overlayfs `lowerdir`, list them top first) and its config.
public struct PulledImage: Sendable, Equatable {
    public var image: ResolvedImage
    public var layerDirectories: [String]

    public var config: ImageConfig { image.config }
    /// Compressed bytes of all layers, for throughput figures.
    public var layerBytes: Int64 { image.manifest.layers.reduce(0) { $0 + $1.size } }
}

/// The seam `LocalSandbox` pulls through: a registry image becomes its unpacked layers and the config its execs
/// start from.
extension ImageStore: ImageProvider {
    public func layers(for reference: String) async throws(SandboxError) -> PreparedImage {
        let pulled: PulledImage
        do {
            pulled = try await pull(reference)
        } catch {
            throw error.sandboxError
        }
        let config = pulled.config
        return PreparedImage(layerDirectories: pulled.layerDirectories, environment: config.environment,
                             workingDirectory: config.workingDirectory.isEmpty ? nil : config.workingDirectory,
                             user: config.user.isEmpty ? nil : config.user, entrypoint: config.entrypoint,
                             command: config.command)
    }
}
