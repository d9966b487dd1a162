import Foundation
import WorkflowParser

/// The `github` context `exec` gives a workflow run from a working copy: repository, commit and ref from git
/// (when the folder is a git working copy), the event and its payload from the command line.
public struct LocalRunContext: Sendable {
    public var repository: String
    public var sha: String
    public var ref: String
    public var actor: String
    public var serverURL: String
    public var eventName: String
    public var event: ExpressionObject

    public init(repository: String, sha: String, ref: String, actor: String, serverURL: String, eventName: String,
                event: ExpressionObject) {
        self.repository = repository
        self.sha = sha
        self.ref = ref
        self.actor = actor
        self.serverURL = serverURL
        self.eventName = eventName
        self.event = event
    }

    /// Reads what git knows about `directory`; a folder that is no working copy is `local/<folder name>` at a
    /// zero commit on `refs/heads/main`.
    public static func discover(directory: String, eventName: String, event: ExpressionObject,
                                serverURL: String) -> LocalRunContext {
        let folder = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
        let remote = git(["config", "--get", "remote.origin.url"], in: directory)
        let repository = remote.flatMap(repositoryName(fromRemote:)) ?? "local/\(folder)"
        let sha = git(["rev-parse", "HEAD"], in: directory) ?? String(repeating: "0", count: 40)
        let ref = git(["symbolic-ref", "-q", "HEAD"], in: directory) ?? "refs/heads/main"
        let actor = ProcessInfo.processInfo.environment["USER"] ?? "swift-runner"
        return LocalRunContext(repository: repository, sha: sha, ref: ref, actor: actor, serverURL: serverURL,
                               eventName: eventName, event: event)
    }

    /// `owner/repo` from `https://host/owner/repo(.git)`, `ssh://git@host/owner/repo` or `git@host:owner/repo`.
    static func repositoryName(fromRemote remote: String) -> String? {
        var path = remote
        if let scheme = path.range(of: "://") {
            path = String(path[scheme.upperBound...])
            guard let slash = path.firstIndex(of: "/") else { return nil }
            path = String(path[path.index(after: slash)...])
        } else if let colon = path.firstIndex(of: ":") {
            path = String(path[path.index(after: colon)...])
        }
        if path.hasSuffix(".git") { path = String(path.dropLast(4)) }
        let parts = path.split(separator: "/")
        guard parts.count >= 2 else { return nil }
        return parts.suffix(2).joined(separator: "/")
    }

    /// The context for one workflow of the run.
    public func github(workflow: Workflow, runNumber: Int = 1) -> ExpressionObject {
        let owner = String(repository.split(separator: "/").first ?? "")
        let refName = ref.split(separator: "/", maxSplits: 2).count == 3 ? String(ref.split(separator: "/", maxSplits: 2)[2]) : ref
        let pullRequest = event["pull_request"].flatMap { value -> ExpressionObject? in
            if case .object(let object) = value { return object }
            return nil
        }
        let branch = { (side: String) -> String in
            guard case .object(let object)? = pullRequest?[side] else { return "" }
            return object["ref"]?.coercedString ?? ""
        }
        let workflowName = workflow.name?.value ?? workflow.file
        return ExpressionObject([
            (key: "action", value: ""), (key: "action_path", value: ""), (key: "action_ref", value: ""),
            (key: "action_repository", value: ""), (key: "action_status", value: ""),
            (key: "actor", value: .string(actor)), (key: "triggering_actor", value: .string(actor)),
            (key: "api_url", value: .string(serverURL + "/api/v1")), (key: "graphql_url", value: ""),
            (key: "server_url", value: .string(serverURL)),
            (key: "base_ref", value: .string(branch("base"))), (key: "head_ref", value: .string(branch("head"))),
            (key: "event", value: .object(event)), (key: "event_name", value: .string(eventName)),
            (key: "ref", value: .string(ref)), (key: "ref_name", value: .string(refName)),
            (key: "ref_type", value: ref.hasPrefix("refs/tags/") ? "tag" : "branch"), (key: "ref_protected", value: "false"),
            (key: "repository", value: .string(repository)), (key: "repository_owner", value: .string(owner)),
            (key: "repositoryUrl", value: .string("\(serverURL)/\(repository).git")),
            (key: "retention_days", value: "90"), (key: "run_attempt", value: "1"),
            (key: "run_id", value: .string("\(runNumber)")), (key: "run_number", value: .string("\(runNumber)")),
            (key: "secret_source", value: "None"), (key: "sha", value: .string(sha)),
            (key: "workflow", value: .string(workflowName)),
            (key: "workflow_ref", value: .string("\(repository)/\(workflow.file)@\(ref)")),
        ])
    }

    private static func git(_ arguments: [String], in directory: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
