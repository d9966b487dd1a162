/// The media types of manifests and indexes, in both families: OCI and Docker's v2 (schema 2). A registry only
/// serves a stored manifest whose type the request's `Accept` names (otherwise 404 MANIFEST_UNKNOWN), so all four
/// are always sent.
public enum ManifestMediaType {
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerList = "application/vnd.docker.distribution.manifest.list.v2+json"

    /// The `Accept` header value for manifest requests.
    public static let acceptAll = [ociManifest, ociIndex, dockerManifest, dockerList].joined(separator: ", ")
}

/// A pointer to content: what type it is, its digest and its exact size. Sizes are checked as blobs arrive.
public struct Descriptor: Codable, Sendable, Equatable {
    public var mediaType: String
    public var digest: Digest
    public var size: Int64
    /// Only in indexes: which system the manifest is for.
    public var platform: Platform?

    public init(mediaType: String, digest: Digest, size: Int64, platform: Platform? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.platform = platform
    }
}

/// An operating system and CPU architecture, as indexes name them.
public struct Platform: Codable, Sendable, Equatable, CustomStringConvertible {
    public var os: String
    public var architecture: String
    public var variant: String?

    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    /// What this runner's sandboxes run.
    public static let linuxAMD64 = Platform(os: "linux", architecture: "amd64")

    public var description: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }
}

/// One image for one platform: its config blob and its layers, bottom first.
public struct ImageManifest: Sendable, Equatable {
    public var config: Descriptor
    public var layers: [Descriptor]
}

/// A multi-platform image: one manifest per platform.
public struct ImageIndex: Sendable, Equatable {
    public var manifests: [Descriptor]

    /// The manifest for `platform`: an exact variant match first, then one with no variant, then any variant
    /// (amd64 variants such as v2 or v3 still run on the hosts we use). Attestation entries (`unknown/unknown`)
    /// never match.
    public func manifest(for platform: Platform) -> Descriptor? {
        let candidates = manifests.filter { $0.platform?.os == platform.os && $0.platform?.architecture == platform.architecture }
        return candidates.first { $0.platform?.variant == platform.variant }
            ?? candidates.first { $0.platform?.variant == nil }
            ?? candidates.first
    }
}
