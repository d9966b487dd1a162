import Digests

/// `hashFiles(pattern, …)`: one SHA-256 over the SHA-256 digests of the matching workspace files, in search
/// order, as lowercase hex; '' when nothing matches. This is GitHub's algorithm, so cache keys built with it
/// match the ones GitHub computes for the same files. Each argument may hold several patterns, one per line
/// (see `WorkspaceSearch` and `GlobPattern`).
enum HashFiles {
    static func evaluate(_ call: FunctionCall) throws(ExpressionError) -> ExpressionValue {
        guard let fileSystem = call.context.fileSystem else {
            throw call.failure(
                "hashFiles() is not available here: it needs the job's workspace, which only the runner has")
        }
        var lines: [String] = []
        for index in 0..<call.argumentCount {
            lines += try call.argument(index).coercedString.split(whereSeparator: \.isNewline).map(String.init)
        }
        let search = WorkspaceSearch(patternLines: lines, rootPath: fileSystem.rootPath)
        do {
            let files = try search.files(in: fileSystem)
            guard !files.isEmpty else { return "" }
            var combined = SHA256()
            for file in files {
                var digest = SHA256()
                try fileSystem.read(file: file) { digest.update($0) }
                combined.update(digest.finalize())
            }
            return .string(SHA256.hex(combined.finalize()))
        } catch {
            throw call.failure("hashFiles(\(lines.joined(separator: ", "))) failed: \(error)")
        }
    }
}
