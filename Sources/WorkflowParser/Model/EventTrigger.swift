/// One event under `on:` with its filters. `on: push` and `on: [push]` give triggers without filters.
public struct EventTrigger: Sendable {
    public var event: Located<String>
    /// `branches`, `branches-ignore`, `tags`, `tags-ignore`, `paths`, `paths-ignore`, `workflows`: name and patterns.
    public var filters: [EventFilter] = []
    /// `types:` (activity types such as `opened`), when given.
    public var types: [Located<String>]?
    /// `schedule:` entries (`- cron: '*/15 * * * *'`, optionally with a `timezone`).
    public var cronSchedules: [CronSchedule] = []
    /// `workflow_dispatch` and `workflow_call` inputs, in file order.
    public var inputs: [InputDefinition] = []
    /// `workflow_call` secrets and outputs.
    public var secrets: [SecretDefinition] = []
    public var outputs: [WorkflowOutputDefinition] = []
    /// Where the event's name stands under `on:`.
    public var location: SourceLocation

    public init(event: Located<String>) {
        self.event = event
        location = event.location
    }

    public func filter(_ name: String) -> EventFilter? {
        filters.first { $0.name.value == name }
    }
}

public struct CronSchedule: Sendable, Equatable {
    public var cron: Located<String>
    /// An IANA time zone name such as `Europe/Berlin`; nil means UTC.
    public var timezone: Located<String>?
}

public struct EventFilter: Sendable, Equatable {
    public var name: Located<String>
    public var patterns: [Located<String>]
}

/// An input of `workflow_dispatch` or `workflow_call`.
public struct InputDefinition: Sendable {
    public enum InputType: String, Sendable, CaseIterable {
        case string, boolean, number, choice, environment
    }

    public var name: Located<String>
    public var description: Located<String>?
    public var required: Expressible<Bool>?
    public var type: Located<InputType>?
    public var defaultValue: YAMLNode?
    /// `choice` options.
    public var options: [Located<String>] = []
    public var deprecationMessage: Located<String>?

    public var isRequired: Bool { required?.literal ?? false }
}

/// A secret a `workflow_call` callee declares.
public struct SecretDefinition: Sendable {
    public var name: Located<String>
    public var description: Located<String>?
    public var required: Expressible<Bool>?

    public var isRequired: Bool { required?.literal ?? false }
}

/// An output of a called workflow: `value` is an expression over its jobs' outputs.
public struct WorkflowOutputDefinition: Sendable {
    public var name: Located<String>
    public var description: Located<String>?
    public var value: Located<String>?
}
