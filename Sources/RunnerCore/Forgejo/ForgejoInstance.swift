import Foundation

/// The base URL of a Forgejo instance, checked once so every call builds a sound URL from it.
///
/// Plain `http://` is allowed: forgejo-runner allows it, and admins run instances on private networks that way.
/// The runner token then crosses that network unencrypted, which is the admin's choice when they write the URL.
public struct ForgejoInstance: Sendable, Equatable, CustomStringConvertible {
    /// `https://forge.example` or `http://127.0.0.1:3000/sub`, without a trailing slash.
    public let url: String

    /// Accepts `http(s)://host[:port][/path]`; a trailing slash is dropped.
    public init(_ text: String) throws(ConfigError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var url = Substring(trimmed)
        while url.hasSuffix("/") { url = url.dropLast() }
        let scheme = url.hasPrefix("https://") ? "https://" : url.hasPrefix("http://") ? "http://" : nil
        guard let scheme else {
            throw ConfigError("the Forgejo instance URL \"\(text)\" must start with https:// (or http://), "
                              + "e.g. https://forge.example")
        }
        let host = url.dropFirst(scheme.count).prefix { $0 != "/" }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "?" || $0 == "#" || $0 == "@" }) else {
            throw ConfigError("the Forgejo instance URL \"\(text)\" has no usable host after \(scheme); "
                              + "write it as \(scheme)forge.example[:port][/path]")
        }
        self.url = String(url)
    }

    /// Where `procedure` is served.
    public func url(of procedure: ForgejoProcedure) -> String { url + procedure.path }

    public var description: String { url }
}
