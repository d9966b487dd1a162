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
        public var fileCount = 0

        /// Errors and warnings make `lint` fail; notes only inform.
        public var hasProblems: Bool { diagnostics.contains { $0.severity != .note } }
    }

    /// Where the input comes from: files and folders, or standard input under a name.
    public enum Input: Sendable {
        case paths([String])
        case standardInput(name: String, bytes: [UInt8])
    }

    public func run(_ input: Input, workingDirectory: URL) throws(LintRunError) -> Report {
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
            lint(bytes: bytes, name: name, root: root, into: &report)
        case .paths(let paths):
            for (file, root) in try files(for: paths, workingDirectory: workingDirectory) {
                let name = Repository.displayName(file, relativeTo: workingDirectory)
                do {
                    lint(bytes: [UInt8](try Data(contentsOf: file)), name: name, root: root, into: &report)
                } catch {
                    report.fileCount += 1
                    report.diagnostics.append(Diagnostic("cannot read this file: \(error.localizedDescription)",
                                                         at: SourceLocation(file: name, line: 1, column: 1),
                                                         rule: .syntaxCheck))
                }
            }
        }
        report.diagnostics.removeAll { diagnostic in
            patterns.contains { pattern in
                diagnostic.message.contains(pattern) || diagnostic.rule.rawValue.contains(pattern)
            }
        }
        return report
    }

    private func lint(bytes: [UInt8], name: String, root: URL, into report: inout Report) {
        let linter = Linter(profile: profile, runnerLabels: runnerLabels, project: DirectoryProjectFiles(root: root))
        report.fileCount += 1
        report.diagnostics += linter.lint(bytes: bytes, file: name)
        report.sources[name] = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Each workflow file to lint with the root of the repository it belongs to. No path: the repository of the
    /// working directory. A folder: its workflow files (or its repository's, when it is a repository root).
    private func files(for paths: [String], workingDirectory: URL) throws(LintRunError) -> [(URL, URL)] {
        guard !paths.isEmpty else {
            let root = Repository.root(containing: workingDirectory)
            let files = (try? WorkflowDiscovery.workflowFiles(in: root)) ?? []
            guard !files.isEmpty else {
                throw LintRunError("no workflows in \(root.path): neither .forgejo/workflows nor .github/workflows "
                                   + "holds a .yml or .yaml file; give the files to lint as arguments")
            }
            return files.map { ($0, root) }
        }
        var result: [(URL, URL)] = []
        for path in paths {
            let url = URL(fileURLWithPath: path, relativeTo: workingDirectory).standardizedFileURL
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                let files = Repository.workflowFiles(inFolder: url)
                result += files.map { ($0, Repository.root(containing: $0.deletingLastPathComponent())) }
            } else {
                result.append((url, Repository.root(containing: url.deletingLastPathComponent())))
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
