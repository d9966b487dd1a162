/// A workflow file: what triggers it, and its jobs in the order the file lists them.
public struct Workflow: Sendable {
    public var file: String
    public var name: Located<String>?
    public var runName: Located<String>?
    public var triggers: [EventTrigger]
    public var env: Expressible<[KeyValue]>?
    public var defaults: RunDefaults?
    public var permissions: Permissions?
    public var concurrency: Concurrency?
    public var jobs: [Job]
    /// The root node, for checks that need the raw shape (lint's syntax rules).
    public var root: YAMLNode
    /// The file's text, so lint can place a finding inside a multi-line value (a `run: |` script).
    public var source: String = ""

    /// The trigger for `event`, if the workflow has one.
    public func trigger(_ event: String) -> EventTrigger? {
        triggers.first { $0.event.value == event }
    }

    /// The job with `id`; job ids compare without case, as GitHub does.
    public func job(_ id: String) -> Job? {
        jobs.first { $0.id.value.lowercased() == id.lowercased() }
    }
}

/// `defaults.run`: the shell and working directory of `run:` steps that name none.
public struct RunDefaults: Sendable, Equatable {
    public var shell: Located<String>?
    public var workingDirectory: Located<String>?
}

/// `permissions:`: `read-all`, `write-all`, or a scope per key (`contents: read`); `{}` grants nothing.
public enum Permissions: Sendable, Equatable {
    case all(Located<String>)
    case scopes([KeyValue])
}

/// `concurrency:`: one string is the group; a mapping may also cancel runs already in progress.
public struct Concurrency: Sendable, Equatable {
    public var group: Located<String>
    public var cancelInProgress: Expressible<Bool>?
}
