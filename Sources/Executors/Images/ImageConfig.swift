import Foundation

/// What an image says about running it: the part of the OCI image config a sandbox applies to every exec.
public struct ImageConfig: Sendable, Equatable {
    /// `KEY=VALUE` entries, in the image's order.
    public var environment: [String]
    /// Empty means `/`.
    public var workingDirectory: String
    /// `user`, `uid`, `user:group` or `uid:gid`; empty means root.
    public var user: String
    public var entrypoint: [String]
    public var command: [String]
    public var os: String
    public var architecture: String

    public init(environment: [String] = [], workingDirectory: String = "", user: String = "", entrypoint: [String] = [],
                command: [String] = [], os: String = "linux", architecture: String = "amd64") {
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.user = user
        self.entrypoint = entrypoint
        self.command = command
        self.os = os
        self.architecture = architecture
    }

    /// The JSON layout: Docker's capitalised names inside `config`.
    private struct Document: Decodable {
        struct Settings: Decodable {
            var Env: [String]?
            var WorkingDir: String?
            var User: String?
            var Entrypoint: [String]?
            var Cmd: [String]?
        }
        var os: String?
        var architecture: String?
        var config: Settings?
    }

    public init(decoding bytes: [UInt8], source: String) throws(ImageError) {
        let document: Document
        do { document = try JSONDecoder().decode(Document.self, from: Data(bytes)) } catch {
            throw ImageError(.invalidContent, "the image config from \(source) is not valid config JSON: \(error)")
        }
        let settings = document.config
        self.init(environment: settings?.Env ?? [], workingDirectory: settings?.WorkingDir ?? "", user: settings?.User ?? "",
                  entrypoint: settings?.Entrypoint ?? [], command: settings?.Cmd ?? [],
                  os: document.os ?? "", architecture: document.architecture ?? "")
    }
}
