import Foundation

/// What an admin configures about registries (from config.yaml): which may speak plain HTTP, which credentials
/// to use where, and the limits that keep a hostile registry from exhausting memory.
public struct RegistrySettings: Sendable {
    /// Registries (`host[:port]` as written in image references) allowed over plain HTTP besides loopback ones.
    public var insecureRegistries: Set<String>
    /// Credentials by registry (`host[:port]`), sent as Basic auth to the registry or to its token service.
    public var credentials: [String: RegistryCredentials]
    /// A manifest or index larger than this is refused; real ones are a few KiB.
    public var manifestSizeLimit: Int
    /// An image config larger than this is refused; real ones are rarely above 100 KiB.
    public var configSizeLimit: Int
    /// The platform picked from multi-platform images.
    public var platform: Platform

    public init(insecureRegistries: Set<String> = [], credentials: [String: RegistryCredentials] = [:],
                manifestSizeLimit: Int = 4 << 20, configSizeLimit: Int = 8 << 20, platform: Platform = .linuxAMD64) {
        self.insecureRegistries = insecureRegistries
        self.credentials = credentials
        self.manifestSizeLimit = manifestSizeLimit
        self.configSizeLimit = configSizeLimit
        self.platform = platform
    }

    /// Plain HTTP is allowed for loopback hosts, as Docker does, and for registries listed as insecure.
    public func allowsPlainHTTP(_ hostAndPort: String) -> Bool {
        if insecureRegistries.contains(hostAndPort) { return true }
        var host = Substring(hostAndPort)
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            host = host[host.index(after: host.startIndex)..<close]
        } else if let colon = host.lastIndex(of: ":") {
            host = host[..<colon]
        }
        return HTTPClient.isLoopback(host: String(host))
    }
}

public struct RegistryCredentials: Sendable, Equatable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// The `Authorization` header value for Basic auth.
    var basicAuthorization: String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }
}
