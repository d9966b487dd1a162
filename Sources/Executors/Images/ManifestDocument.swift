import Foundation

/// A manifest or an index, told apart by its media type (from the body, else the `Content-Type`), and checked
/// for the fields a pull needs, so later code never meets a half-formed manifest.
public enum ManifestDocument: Sendable, Equatable {
    case image(ImageManifest)
    case index(ImageIndex)

    /// What the JSON holds; both families share these field names.
    private struct Fields: Decodable {
        var schemaVersion: Int?
        var mediaType: String?
        var config: Descriptor?
        var layers: [Descriptor]?
        var manifests: [Descriptor]?
    }

    /// `source` names where the bytes came from, for messages.
    public init(decoding bytes: [UInt8], contentType: String?, source: String) throws(ImageError) {
        let fields: Fields
        do { fields = try JSONDecoder().decode(Fields.self, from: Data(bytes)) } catch {
            throw ImageError(.invalidContent, "the manifest from \(source) is not valid manifest JSON: \(error)")
        }
        let declared = fields.mediaType ?? contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.schemaVersion == 2 else {
            throw ImageError(.invalidContent, "the manifest from \(source) has schemaVersion \(fields.schemaVersion.map(String.init) ?? "none"); "
                + "only schema 2 (OCI or Docker v2) is supported: push the image again with a current tool")
        }
        switch declared {
        case ManifestMediaType.ociIndex, ManifestMediaType.dockerList:
            self = .index(try Self.index(fields, source: source))
        case ManifestMediaType.ociManifest, ManifestMediaType.dockerManifest:
            self = .image(try Self.image(fields, source: source))
        default:
            // OCI allows leaving mediaType out of the body; the fields still say which kind it is.
            if fields.manifests != nil { self = .index(try Self.index(fields, source: source)) }
            else { self = .image(try Self.image(fields, source: source)) }
        }
    }

    private static func index(_ fields: Fields, source: String) throws(ImageError) -> ImageIndex {
        guard let manifests = fields.manifests else {
            throw ImageError(.invalidContent, "the index from \(source) has no 'manifests' list")
        }
        return ImageIndex(manifests: manifests)
    }

    private static func image(_ fields: Fields, source: String) throws(ImageError) -> ImageManifest {
        guard let config = fields.config, let layers = fields.layers else {
            throw ImageError(.invalidContent, "the manifest from \(source) lacks 'config' or 'layers'")
        }
        return ImageManifest(config: config, layers: layers)
    }
}
