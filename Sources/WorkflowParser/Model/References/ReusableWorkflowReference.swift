/// What a job's `uses:` names: a workflow file to call, in this repository or another.
/// The full-URL form is recognised (not refused here) so the Forgejo profile can judge it: Forgejo 11 fails on it.
public enum ReusableWorkflowReference: Sendable, Equatable, CustomStringConvertible {
    /// `./.forgejo/workflows/build.yml`: runs at the caller's commit.
    case local(path: String)
    /// `owner/repo/.forgejo/workflows/build.yml@ref`: the short cross-repository form.
    case remote(RemoteWorkflow)
    /// `https://host/owner/repo/.forgejo/workflows/build.yml@ref`.
    case fullURL(instance: String, RemoteWorkflow)

    public static func parse(_ text: String) throws(ReferenceError) -> ReusableWorkflowReference {
        let shortForm = "owner/repo/.forgejo/workflows/FILE.yml@ref"
        if text.hasPrefix("./") {
            if text.contains("@") {
                throw ReferenceError("a local reusable workflow takes no @ref (it runs at the caller's commit): "
                                     + "remove \"@\(text.split(separator: "@").last ?? "")\"")
            }
            let path = String(text.dropFirst(2))
            try checkWorkflowPath(path, in: text)
            return .local(path: path)
        }
        if let (instance, rest) = splitInstanceURL(text) {
            return .fullURL(instance: instance, try RemoteWorkflow(rest, text: text, example: "\(instance)/\(shortForm)"))
        }
        if text.hasPrefix("/") || text.hasPrefix("../") {
            throw ReferenceError("a local reusable workflow must start with ./, as in ./.forgejo/workflows/FILE.yml")
        }
        return .remote(try RemoteWorkflow(text[...], text: text, example: shortForm))
    }

    /// A workflow file ends in `.yml` or `.yaml`. Where it lives is the server's business (lint judges it).
    static func checkWorkflowPath(_ path: String, in text: String) throws(ReferenceError) {
        guard path.hasSuffix(".yml") || path.hasSuffix(".yaml") else {
            throw ReferenceError("\"\(text)\" is not a workflow file: the name must end in .yml or .yaml")
        }
    }

    public var description: String {
        switch self {
        case .local(let path): return "./\(path)"
        case .remote(let workflow): return workflow.description
        case .fullURL(let instance, let workflow): return "\(instance)/\(workflow)"
        }
    }
}

/// A workflow file in another repository, at `ref`.
public struct RemoteWorkflow: Sendable, Equatable, CustomStringConvertible {
    public var owner: String
    public var repository: String
    public var path: String
    public var ref: String

    init(_ rest: Substring, text: String, example: String) throws(ReferenceError) {
        let parts = try RepositoryPath.parse(rest, what: "reusable workflow", example: example)
        guard let path = parts.path else {
            throw ReferenceError("\"\(text)\" names a repository but no workflow file; write it as \(example)")
        }
        try ReusableWorkflowReference.checkWorkflowPath(path, in: text)
        owner = parts.owner
        repository = parts.repository
        self.path = path
        ref = parts.ref
    }

    public var description: String { "\(owner)/\(repository)/\(path)@\(ref)" }
}
