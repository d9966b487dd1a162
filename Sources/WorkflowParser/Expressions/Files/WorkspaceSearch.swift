/// Finds the files `hashFiles` hashes, in the order GitHub's runner hashes them (the order decides the hash).
///
/// For each pattern line (see `GlobPattern`) the search also takes everything below what the pattern names.
/// A path is selected when the last pattern that matches it is an inclusion. The search starts at each
/// inclusion's literal prefix (in pattern order, skipping prefixes inside another one), walks depth-first
/// visiting names in byte order, and enters only directories some inclusion could match below. Only regular
/// files inside the workspace are returned.
struct WorkspaceSearch {
    private let patterns: [GlobPattern]
    private let rootSegments: [String]

    init(patternLines: [String], rootPath: String) {
        let rootSegments = rootPath.split(separator: "/").map(String.init)
        self.rootSegments = rootSegments
        patterns = patternLines.compactMap { GlobPattern(line: $0, rootSegments: rootSegments) }
            .flatMap { pattern in [pattern] + (pattern.descendantsPattern.map { [$0] } ?? []) }
    }

    /// Workspace-relative paths of the selected files.
    func files(in fileSystem: any ExpressionFileSystem) throws -> [String] {
        var files: [String] = []
        for start in startingPoints() {
            var pending = [start]
            while let path = pending.popLast() {
                let absolute = rootSegments + path
                switch fileSystem.kind(of: joined(path)) {
                case .file where selectsFile(absolute):
                    files.append(joined(path))
                case .directory where shouldSearch(absolute):
                    let names = try fileSystem.contents(ofDirectory: joined(path))
                        .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                    pending.append(contentsOf: names.reversed().map { path + [$0] })
                default:
                    continue
                }
            }
        }
        return files
    }

    /// The last matching pattern decides; patterns for directories only do not apply to files.
    private func selectsFile(_ path: [String]) -> Bool {
        patterns.last { !$0.matchesDirectoriesOnly && $0.matches(path) }.map { !$0.isExclusion } ?? false
    }

    private func shouldSearch(_ path: [String]) -> Bool {
        patterns.contains { !$0.isExclusion && ($0.matches(path) || $0.couldMatchBelow(path)) }
    }

    /// Workspace-relative directories (or files) to search from: each inclusion's literal prefix, clipped to the
    /// workspace, without duplicates or prefixes that lie inside another.
    private func startingPoints() -> [[String]] {
        let prefixes = patterns.filter { !$0.isExclusion }.compactMap { pattern -> [String]? in
            let prefix = pattern.literalPrefix
            if prefix.starts(with: rootSegments) { return Array(prefix.dropFirst(rootSegments.count)) }
            return rootSegments.starts(with: prefix) ? [] : nil
        }
        var starts: [[String]] = []
        for prefix in prefixes where !starts.contains(prefix) {
            let insideAnother = prefixes.contains { $0.count < prefix.count && prefix.starts(with: $0) }
            if !insideAnother { starts.append(prefix) }
        }
        return starts
    }

    private func joined(_ path: [String]) -> String {
        path.joined(separator: "/")
    }
}
