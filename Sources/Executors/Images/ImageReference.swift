/// A parsed image reference: `[registry/]repository[:tag][@sha256:digest]`, with Docker's defaults so the
/// names people type in `docker://` labels and `container:` keys mean what they mean to Docker:
/// no registry means Docker Hub (`docker.io`), a one-part Docker Hub name lives under `library/`,
/// no tag and no digest means `latest`. The first part is a registry when it has a `.` or a `:` or is `localhost`.
public struct ImageReference: Hashable, Sendable, CustomStringConvertible {
    /// The registry as written, `host[:port]`; Docker Hub is `docker.io`.
    public let registry: String
    /// The repository path inside the registry, e.g. `library/node` or `test/busybox`.
    public let repository: String
    /// The tag; nil when only a digest was given.
    public let tag: String?
    /// The manifest digest, when pinned; a pulled manifest must match it.
    public let digest: Digest?

    public static let dockerHub = "docker.io"
    static let maximumNameLength = 255

    public init(parsing text: String) throws(ImageError) {
        func invalid(_ why: String) -> ImageError {
            ImageError(.invalidReference, "image reference '\(text)' \(why)")
        }
        guard !text.isEmpty else { throw invalid("is empty; write e.g. 'debian:bookworm' or '127.0.0.1:5000/test/busybox:latest'") }
        var rest = Substring(text)
        var digest: Digest?
        if let at = rest.firstIndex(of: "@") {
            do { digest = try Digest(parsing: String(rest[rest.index(after: at)...])) } catch {
                throw invalid("has a bad digest: \(error.message)")
            }
            rest = rest[..<at]
        }
        var tag: String?
        let lastSlash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            let candidate = String(rest[rest.index(after: colon)...])
            guard Self.isValidTag(candidate) else {
                throw invalid("has a bad tag '\(candidate)': use letters, digits, '_', '.', '-' (up to 128, not starting with '.' or '-')")
            }
            tag = candidate
            rest = rest[..<colon]
        }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var registry = Self.dockerHub
        if components.count > 1, let first = components.first,
           first.contains(".") || first.contains(":") || first == "localhost" {
            registry = first == "index.docker.io" ? Self.dockerHub : first
            components.removeFirst()
        }
        guard !registry.isEmpty, !registry.contains(where: { $0.isWhitespace }) else { throw invalid("has an empty or blank registry") }
        if registry == Self.dockerHub && components.count == 1 { components.insert("library", at: 0) }
        for component in components {
            if component.isEmpty { throw invalid("has an empty path component (check for '//' or a trailing '/')") }
            if component != component.lowercased() { throw invalid("has uppercase letters in '\(component)'; repository names are lowercase") }
            guard Self.isValidComponent(component) else {
                throw invalid("has a bad repository component '\(component)': use a-z, 0-9 and single '.', '_', '-' between them")
            }
        }
        let repository = components.joined(separator: "/")
        guard repository.utf8.count <= Self.maximumNameLength else { throw invalid("has a repository longer than 255 characters") }
        self.registry = registry
        self.repository = repository
        self.tag = tag ?? (digest == nil ? "latest" : nil)
        self.digest = digest
    }

    /// What to ask the registry's manifest endpoint for: the digest when pinned, else the tag.
    public var manifestReference: String { digest?.description ?? tag ?? "latest" }

    public var description: String {
        var text = "\(registry)/\(repository)"
        if let tag { text += ":\(tag)" }
        if let digest { text += "@\(digest)" }
        return text
    }

    private static func isValidTag(_ tag: String) -> Bool {
        let bytes = Array(tag.utf8)
        guard let first = bytes.first, bytes.count <= 128, first != UInt8(ascii: "."), first != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// Lowercase alphanumerics joined by one separator (`.`, `_`, `__` or a run of `-`), as the distribution spec says.
    private static func isValidComponent(_ component: String) -> Bool {
        let bytes = Array(component.utf8)
        guard let first = bytes.first, let last = bytes.last, isAlphanumeric(first), isAlphanumeric(last) else { return false }
        var separatorRun: [UInt8] = []
        for byte in bytes {
            if isAlphanumeric(byte) {
                guard separatorRun.isEmpty || separatorRun == [0x2E] || separatorRun == [0x5F] || separatorRun == [0x5F, 0x5F]
                        || separatorRun.allSatisfy({ $0 == 0x2D }) else { return false }
                separatorRun = []
            } else if byte == 0x2E || byte == 0x5F || byte == 0x2D {
                separatorRun.append(byte)
            } else {
                return false
            }
        }
        return true
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte)
    }
}
