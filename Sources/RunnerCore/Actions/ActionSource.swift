import Executors
import Foundation
import WorkflowParser

/// Where a repository action is downloaded from: Forgejo's archive route on the instance the reference names, or on
/// the default actions URL (e.g. `https://data.forgejo.org`), and whether the task's token goes with the request. The
/// token is the job's credential on its own instance: it is sent there and nowhere else, whatever the workflow writes.
public struct ActionSource: Sendable, Equatable {
    public let action: RepositoryAction
    /// `https://host[/prefix]/owner/repo`.
    public let repositoryURL: String
    /// `<repositoryURL>/archive/<ref>.tar.gz`: a tarball of the repository at `ref`, under one top folder.
    public let archiveURL: String
    /// `token <token>` when the archive comes from the task's own instance; nil for every other host.
    public let authorization: String?

    /// `defaultActionsURL` serves references without a host; `instanceURL` and `token` are the task's own instance
    /// and job token (nil when there is none, as in a local `exec`).
    public init(_ action: RepositoryAction, defaultActionsURL: String, instanceURL: String?, token: String?) throws(ActionError) {
        self.action = action
        let base = action.instance ?? defaultActionsURL
        guard let origin = Origin(base) else {
            let what = action.instance == nil ? "the default actions URL '\(base)'" : "the instance '\(base)' in \(action)"
            throw ActionError(.invalidReference, "\(what) is not an http:// or https:// URL with a host; write it as https://HOST")
        }
        let instance = instanceURL.flatMap(Origin.init)
        // Plain HTTP is taken from the runner's own settings (its instance, its default actions URL) and from
        // loopback; a workflow may not send the runner to a plain-HTTP host of its choosing.
        if origin.scheme == "http", action.instance != nil, origin != instance, !HTTPClient.isLoopback(host: origin.host) {
            throw ActionError(.invalidReference, "action \(action) names a plain-HTTP instance; write https:// "
                + "(plain HTTP is allowed only for the runner's own instance and loopback hosts)")
        }
        // `.` and `..` would move the request to another route of the server (URLs drop dot segments).
        for name in [action.owner, action.repository] + action.ref.split(separator: "/").map(String.init) where name == "." || name == ".." {
            throw ActionError(.invalidReference, "action \(action): '\(name)' cannot be an owner, a repository or part of a ref; "
                + "check the uses: value")
        }
        var trimmed = Substring(base)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        repositoryURL = "\(trimmed)/\(Self.escaped(action.owner))/\(Self.escaped(action.repository))"
        archiveURL = "\(repositoryURL)/archive/\(Self.escaped(action.ref)).tar.gz"
        authorization = origin == instance ? token.flatMap { $0.isEmpty ? nil : "token \($0)" } : nil
    }

    /// What identifies the cached download: the repository and the ref (several actions in one repository share it).
    public var cacheKey: String { Digest(of: Array("\(repositoryURL)@\(action.ref)".utf8)).hex }

    /// The GET for the archive, with the token when it may have it.
    public var request: HTTPRequest {
        HTTPRequest(.get, archiveURL, headers: authorization.map { [("Authorization", $0)] } ?? [])
    }

    /// Plain HTTP passed the checks in `init`: the runner's own instance, its default actions URL, or loopback.
    public var allowsPlainHTTP: Bool { archiveURL.hasPrefix("http://") }

    /// A URL path segment (a ref may hold `/`, as in `release/v1`, which stays).
    private static func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? text
    }
}

/// Scheme, host and port: what decides whether two URLs reach the same server.
private struct Origin: Equatable {
    var scheme: String
    var host: String
    var port: Int

    init?(_ url: String) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host?.lowercased(), !host.isEmpty else { return nil }
        self.scheme = scheme
        self.host = host
        port = components.port ?? (scheme == "https" ? 443 : 80)
    }
}
