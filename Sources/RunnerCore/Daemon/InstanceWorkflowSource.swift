import Executors
import Foundation
import WorkflowParser

/// The daemon's source of called workflows: the Forgejo instance's raw-file route,
/// `GET <instance>/<owner>/<repo>/raw/<ref>/<path>`. A local reference (`./…`) reads the task's own repository at
/// the task's commit; `owner/repo/path@ref` reads that repository at that ref. The job token goes along, as the
/// reference runner sends it, and only to the task's own instance.
public struct InstanceWorkflowSource: WorkflowSource {
    public var instanceURL: String
    /// `owner/repo` of the task.
    public var repository: String
    /// The task's commit.
    public var sha: String
    public var token: String?
    public var http: HTTPClient

    public init(instanceURL: String, repository: String, sha: String, token: String?, http: HTTPClient = HTTPClient()) {
        self.instanceURL = instanceURL.hasSuffix("/") ? String(instanceURL.dropLast()) : instanceURL
        self.repository = repository
        self.sha = sha
        self.token = token
        self.http = http
    }

    /// The raw-file URL of `reference`.
    public func url(for reference: ReusableWorkflowReference) -> String {
        switch reference {
        case .local(let path):
            return "\(instanceURL)/\(repository)/raw/\(escape(sha))/\(path)"
        case .remote(let remote):
            return "\(instanceURL)/\(remote.owner)/\(remote.repository)/raw/\(escape(remote.ref))/\(remote.path)"
        case .fullURL(let instance, let remote):
            let base = instance.hasSuffix("/") ? String(instance.dropLast()) : instance
            return "\(base)/\(remote.owner)/\(remote.repository)/raw/\(escape(remote.ref))/\(remote.path)"
        }
    }

    public func workflow(for reference: ReusableWorkflowReference, at location: SourceLocation) async throws -> Workflow {
        let url = url(for: reference)
        let ownInstance = url.hasPrefix(instanceURL + "/")
        // Plain HTTP only to the instance the admin registered with, or to this machine.
        let plainAllowed = ownInstance || URLComponents(string: url)?.host.map(HTTPClient.isLoopback(host:)) == true
        let headers = ownInstance ? token.map { [(name: "Authorization", value: "token \($0)")] } ?? [] : []
        let http = http
        let response: HTTPResponse
        do {
            response = try await onOwnThread { () throws(ImageError) in
                try http.send(HTTPRequest(.get, url, headers: headers), allowPlainHTTP: plainAllowed)
            }
        } catch {
            throw JobError("\(location): cannot fetch the called workflow \(reference) from \(url): \(error)")
        }
        guard response.succeeded else {
            let hint = response.status == 404 ? ": check the path and the ref (a local reference is read at the task's commit)" : ""
            throw JobError("\(location): the called workflow \(reference) is not at \(url) (HTTP \(response.status))\(hint)")
        }
        do {
            return try WorkflowLoader().load(String(decoding: response.body, as: UTF8.self), file: referencePath(reference))
        } catch {
            throw JobError("\(error)")
        }
    }

    private func referencePath(_ reference: ReusableWorkflowReference) -> String {
        switch reference {
        case .local(let path): path
        case .remote(let remote), .fullURL(_, let remote): "\(remote.owner)/\(remote.repository)/\(remote.path)@\(remote.ref)"
        }
    }

    private func escape(_ ref: String) -> String {
        ref.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ref
    }
}
