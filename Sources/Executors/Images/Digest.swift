import Digests

/// A content digest `sha256:<64 lowercase hex>`: the name of every blob and manifest. Only SHA-256 is accepted,
/// because it is what registries use and the only algorithm we can verify; anything else is refused when parsed,
/// so a digest in hand is always safe to use as a file name.
public struct Digest: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 64 lowercase hex characters after `sha256:`.
    public let hex: String

    public init(parsing text: String) throws(ImageError) {
        guard text.hasPrefix("sha256:") else {
            throw ImageError(.invalidContent, "digest '\(text)' is not 'sha256:<hex>'; only SHA-256 digests are supported")
        }
        let hex = String(text.dropFirst("sha256:".count))
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw ImageError(.invalidContent, "digest '\(text)' must have 64 lowercase hex digits after 'sha256:'")
        }
        self.hex = hex
    }

    /// The digest of bytes in hand (a manifest, a config).
    public init(of bytes: [UInt8]) {
        var hasher = SHA256()
        hasher.update(bytes)
        self.init(finalized: hasher)
    }

    /// The digest a running hash has reached.
    init(finalized hasher: consuming SHA256) {
        hex = SHA256.hex(hasher.finalize())
    }

    public var description: String { "sha256:\(hex)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(parsing: text) } catch { throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
