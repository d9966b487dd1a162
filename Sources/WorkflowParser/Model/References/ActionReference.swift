/// What a step's `uses:` names: a folder of the repository, an action in a repository, or a container image.
public enum ActionReference: Sendable, Equatable, CustomStringConvertible {
    /// `./path/to/action` in the workflow's own repository.
    case local(path: String)
    /// `owner/repo[/path]@ref`, from the default actions URL, or `https://host/owner/repo[/path]@ref`.
    case repository(RepositoryAction)
    /// `docker://image[:tag]`.
    case docker(image: String)

    public static func parse(_ text: String) throws(ReferenceError) -> ActionReference {
        let example = "owner/repo@ref, owner/repo/path@ref, ./path or docker://image"
        if text.isEmpty { throw ReferenceError("an empty uses: names no action; write \(example)") }
        if text.hasPrefix("docker://") {
            let image = String(text.dropFirst("docker://".count))
            guard !image.isEmpty, !image.hasSuffix(":"), !image.contains(where: \.isWhitespace) else {
                throw ReferenceError("\"\(text)\" names no valid image; write docker://IMAGE[:TAG]")
            }
            return .docker(image: image)
        }
        if text.hasPrefix("./") { return .local(path: String(text.dropFirst(2))) }
        if text.hasPrefix("/") || text.hasPrefix("../") || text == "." {
            throw ReferenceError("a local action must start with ./ (a folder of this repository), not \"\(text)\"")
        }
        if let (instance, rest) = splitInstanceURL(text) {
            let parts = try RepositoryPath.parse(rest, what: "action", example: "\(instance)/owner/repo@ref")
            return .repository(RepositoryAction(instance: instance, parts))
        }
        return .repository(RepositoryAction(instance: nil, try RepositoryPath.parse(text[...], what: "action",
                                                                                    example: "owner/repo@ref")))
    }

    public var description: String {
        switch self {
        case .local(let path): return "./\(path)"
        case .repository(let action): return action.description
        case .docker(let image): return "docker://\(image)"
        }
    }
}

/// An action kept in a repository, fetched at `ref`.
public struct RepositoryAction: Sendable, Equatable, CustomStringConvertible {
    /// `https://host` when the reference named its instance; nil means the runner's default actions URL.
    public var instance: String?
    public var owner: String
    public var repository: String
    /// The action's folder inside the repository, when not at its root.
    public var path: String?
    public var ref: String

    init(instance: String?, _ parts: RepositoryPath) {
        self.instance = instance
        owner = parts.owner
        repository = parts.repository
        path = parts.path
        ref = parts.ref
    }

    /// A full commit SHA cannot move, so an action cached at one never needs refreshing.
    public var isPinnedToCommit: Bool {
        ref.count == 40 && ref.allSatisfy(\.isHexDigit)
    }

    public var description: String {
        let prefix = instance.map { "\($0)/" } ?? ""
        return "\(prefix)\(owner)/\(repository)\(path.map { "/\($0)" } ?? "")@\(ref)"
    }
}
