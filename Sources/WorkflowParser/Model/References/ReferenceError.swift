/// A `uses:` value that is not a reference of the kind expected; the message says what form to write.
public struct ReferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// The pieces of `owner/repo[/path]@ref`, shared by action and reusable-workflow references.
struct RepositoryPath: Equatable {
    var owner: String
    var repository: String
    var path: String?
    var ref: String

    /// Splits `owner/repo[/path]@ref`; `what` and `example` go into the error message.
    static func parse(_ text: Substring, what: String, example: String) throws(ReferenceError) -> RepositoryPath {
        guard let at = text.lastIndex(of: "@") else {
            throw ReferenceError("\(what) \"\(text)\" has no @ref; write it as \(example) (a tag, branch or commit SHA)")
        }
        let ref = text[text.index(after: at)...]
        let parts = text[..<at].split(separator: "/", omittingEmptySubsequences: false)
        guard !ref.isEmpty else { throw ReferenceError("\(what) \"\(text)\" has an empty ref after @; write it as \(example)") }
        guard parts.count >= 2, parts.allSatisfy({ !$0.isEmpty }) else {
            throw ReferenceError("\(what) \"\(text)\" is not of the form \(example)")
        }
        let path = parts.count > 2 ? parts[2...].joined(separator: "/") : nil
        return RepositoryPath(owner: String(parts[0]), repository: String(parts[1]), path: path, ref: String(ref))
    }
}

/// `https://host/rest` split into the instance URL (`https://host`) and the rest, for full-URL references.
func splitInstanceURL(_ text: String) -> (instance: String, rest: Substring)? {
    for scheme in ["https://", "http://"] where text.hasPrefix(scheme) {
        let afterScheme = text.dropFirst(scheme.count)
        guard let slash = afterScheme.firstIndex(of: "/"), slash != afterScheme.startIndex else { return nil }
        return (scheme + afterScheme[..<slash], afterScheme[afterScheme.index(after: slash)...])
    }
    return nil
}
