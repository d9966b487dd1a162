import Foundation
import WorkflowParser

/// One `swift-runner lint` invocation: finds the files, reads them, lints each with its repository as the
/// project root (for local reusable workflows and actions), and filters what `--ignore` asks to hide.
public struct LintRun: Sendable {
    public var profile: ForgejoProfile
    public var runnerLabels: [String]?
    /// Findings whose message or rule name matches one of these are dropped.
    public var ignore: [String]

    public init(profile: ForgejoProfile, runnerLabels: [String]?, ignore: [String] = []) {
        self.profile = profile
        self.runnerLabels = runnerLabels
        self.ignore = ignore
    }

    /// What a run found, with each file's lines for the text format's excerpts.
    public struct Report: Sendable {
        public var diagnostics: [Diagnostic] = []
        public var sources: [String: [Substring]] = [:]

        /// Errors make `lint` fail. Warnings (a label no configured runner has, a key Forgejo ignores) and notes
        /// are advice a pre-commit hook should show without blocking the commit.
        public var hasProblems: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Where the input comes from: files and folders, or standard input under a name.
    public enum Input: Sendable {
        case paths([String])
        case standardInput(name: String, bytes: [UInt8])
    }

    /// Lints every file of `input`, files in parallel on all cores; the report lists findings in file order.
    public func run(_ input: Input, workingDirectory: URL) async throws(LintRunError) -> Report {
        let patterns = try ignore.map { pattern throws(LintRunError) in
            do {
                return try Regex(pattern)
            } catch {
                throw LintRunError("--ignore \(pattern) is not a valid regular expression: \(error)")
            }
        }
        var report = Report()
        switch input {
        case .standardInput(let name, let bytes):
            let root = Repository.root(containing: workingDirectory.appendingPathComponent(name).deletingLastPathComponent())
            add(lint(bytes: bytes, name: name, root: root), to: &report)
        case .paths(let paths):
            let files = try files(for: paths, workingDirectory: workingDirectory)
            let results = await withTaskGroup(of: (Int, FileResult).self) { group in
                for (index, (file, root)) in files.enumerated() {
                    group.addTask { (index, lint(file: file, root: root, workingDirectory: workingDirectory)) }
                }
                var results = [FileResult?](repeating: nil, count: files.count)
                for await (index, result) in group { results[index] = result }
                return results.compactMap { $0 }
            }
            for result in results { add(result, to: &report) }
        }
        report.diagnostics.removeAll { diagnostic in
            patterns.contains { pattern in
                diagnostic.message.contains(pattern) || diagnostic.rule.rawValue.contains(pattern)
            }
        }
        return report
    }

    /// One file's findings and lines.
    private struct FileResult: Sendable {
        var name: String
        var diagnostics: [Diagnostic]
        var lines: [Substring]
    }

    private func lint(file: URL, root: URL?, workingDirectory: URL) -> FileResult {
        let name = Repository.displayName(file, relativeTo: workingDirectory)
        do {
            return lint(bytes: [UInt8](try Data(contentsOf: file)), name: name, root: root)
        } catch {
            let unreadable = Diagnostic("cannot read this file: \(error.localizedDescription)",
                                        at: SourceLocation(file: name, line: 1, column: 1), rule: .syntaxCheck)
            return FileResult(name: name, diagnostics: [unreadable], lines: [])
        }
    }

    private func lint(bytes: [UInt8], name: String, root: URL?) -> FileResult {
        let linter = Linter(profile: profile, runnerLabels: runnerLabels, project: root.map(DirectoryProjectFiles.init))
        let diagnostics = linter.lint(bytes: bytes, file: name)
        // Lines are kept only for files with findings, whose excerpts the text format prints.
        let lines = diagnostics.isEmpty ? [] : String(decoding: bytes, as: UTF8.self).utf8
            .split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
        return FileResult(name: name, diagnostics: diagnostics, lines: lines)
    }

    private func add(_ result: FileResult, to report: inout Report) {
        report.diagnostics += result.diagnostics
        report.sources[result.name] = result.lines
    }

    /// Each workflow file to lint with the root of the repository it belongs to. No path: the repository of the
    /// working directory. A folder: its workflow files (or its repository's, when it is a repository root).
    private func files(for paths: [String], workingDirectory: URL) throws(LintRunError) -> [(URL, URL?)] {
        guard !paths.isEmpty else {
            let root = Repository.root(containing: workingDirectory) ?? workingDirectory
            let files = (try? WorkflowDiscovery.workflowFiles(in: root)) ?? []
            guard !files.isEmpty else {
                throw LintRunError("no workflows in \(root.path): neither .forgejo/workflows nor .github/workflows "
                                   + "holds a .yml or .yaml file; give the files to lint as arguments")
            }
            return files.map { ($0, root) }
        }
        var result: [(URL, URL?)] = []
        var roots: [URL: URL?] = [:]  // many files share a folder: find its repository once
        func root(of folder: URL) -> URL? {
            if let known = roots[folder] { return known }  // a stored nil too: outside any repository
            let found = Repository.root(containing: folder)
            roots.updateValue(found, forKey: folder)
            return found
        }
        for path in paths {
            let url = URL(fileURLWithPath: path, relativeTo: workingDirectory).standardizedFileURL
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                let files = Repository.workflowFiles(inFolder: url)
                result += files.map { ($0, root(of: $0.deletingLastPathComponent())) }
            } else {
                result.append((url, root(of: url.deletingLastPathComponent())))
            }
        }
        return result
    }
}

/// A problem that stops `lint` before it lints anything.
public struct LintRunError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
