import Foundation

/// The events under `on:`: known names, filters and activity types that apply to the event, valid schedules,
/// and `workflow_dispatch` inputs whose type, options and default agree.
struct EventsRule: LintRule {
    static let id = RuleID.events
    static let summary = "events under on: exist and have filters, types, schedules and inputs that fit them"

    /// GitHub's limit; a form with more inputs is refused.
    static let maximumDispatchInputs = 25
    /// GitHub runs scheduled workflows at most this often.
    static let shortestScheduleMinutes = 5

    func check(_ workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        for trigger in workflow.triggers {
            let event = trigger.event.value
            guard let activityTypes = EventSchema.activityTypes[event] else {
                let hint = EventSchema.isKnown(event.lowercased())
                    ? "event names are case sensitive: write \(event.lowercased())"
                    : "see the list of events that trigger workflows, e.g. push, pull_request, workflow_dispatch"
                sink.error("unknown event \"\(event)\"; \(hint)", at: trigger.event.location)
                continue
            }
            checkTypes(trigger, allowed: activityTypes, into: &sink)
            checkFilters(trigger, into: &sink)
            for schedule in trigger.cronSchedules {
                checkCron(schedule.cron, into: &sink)
                if let timezone = schedule.timezone, !Self.isTimeZone(timezone.value) {
                    sink.error("unknown time zone \"\(timezone.value)\"; give an IANA name such as Europe/Berlin",
                               at: timezone.location)
                }
            }
            if event == "workflow_dispatch" { checkDispatchInputs(trigger, into: &sink) }
        }
    }

    // MARK: types and filters

    private func checkTypes(_ trigger: EventTrigger, allowed: EventSchema.ActivityTypes,
                            into sink: inout DiagnosticSink) {
        let event = trigger.event.value
        switch allowed {
        case .any:
            return
        case .none:
            if let first = trigger.types?.first {
                sink.error("the \(event) event has no activity types; remove types", at: first.location)
            }
        case .only(let names):
            for type in trigger.types ?? [] where !names.contains(type.value) {
                sink.error("\"\(type.value)\" is not an activity type of the \(event) event; it has "
                           + names.sorted().joined(separator: ", "), at: type.location)
            }
        }
    }

    private func checkFilters(_ trigger: EventTrigger, into sink: inout DiagnosticSink) {
        let event = trigger.event.value
        // An empty filter matches nothing and does no harm on an event that ignores it.
        let filters = trigger.filters.filter { !$0.patterns.isEmpty }
        for filter in filters {
            guard let events = EventSchema.filterEvents[filter.name.value], !events.contains(event) else { continue }
            sink.error("the \(filter.name.value) filter does not apply to the \(event) event, only to "
                       + events.joined(separator: ", "), at: filter.name.location)
        }
        for (matches, ignores) in EventSchema.exclusiveFilters {
            guard EventSchema.filterEvents[matches]?.contains(event) == true,
                  let first = filters.first(where: { $0.name.value == matches }),
                  let second = filters.first(where: { $0.name.value == ignores }) else { continue }
            sink.error("the \(event) event has both \(matches) and \(ignores); keep \(matches) and write the "
                       + "exceptions in it with a leading !", at: max(first.name.location, second.name.location))
        }
        if event == "workflow_run", trigger.filter("workflows")?.patterns.isEmpty ?? true {
            sink.error("workflow_run needs workflows: the names of the workflows whose runs trigger this one",
                       at: trigger.event.location)
        }
    }

    // MARK: schedule

    private func checkCron(_ cron: Located<String>, into sink: inout DiagnosticSink) {
        let expression: CronExpression
        do {
            expression = try CronExpression(cron.value)
        } catch {
            sink.error("invalid cron \"\(cron.value)\": \(error.message)", at: cron.location)
            return
        }
        guard let interval = expression.shortestInterval else {
            sink.error("cron \"\(cron.value)\" never runs: no date matches its day and month fields",
                       at: cron.location)
            return
        }
        if interval < Self.shortestScheduleMinutes {
            sink.error("cron \"\(cron.value)\" runs \(interval) minute\(interval == 1 ? "" : "s") apart; scheduled "
                       + "workflows run at most every \(Self.shortestScheduleMinutes) minutes", at: cron.location)
        }
    }

    /// Whether `name` is in the IANA time zone database installed at `folder`; any name passes where it is absent.
    static func isTimeZone(_ name: String, folder: String = "/usr/share/zoneinfo") -> Bool {
        guard FileManager.default.fileExists(atPath: folder) else { return true }
        let nameCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-")
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        // The name becomes a path: keep it inside the folder.
        guard parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && $0.allSatisfy(nameCharacters.contains) })
        else { return false }
        // Zone files start with "TZif"; this leaves out the folder's tables and directories.
        return FileManager.default.contents(atPath: "\(folder)/\(name)")?.starts(with: Array("TZif".utf8)) == true
    }

    // MARK: workflow_dispatch inputs

    private func checkDispatchInputs(_ trigger: EventTrigger, into sink: inout DiagnosticSink) {
        if trigger.inputs.count > Self.maximumDispatchInputs {
            sink.error("workflow_dispatch has \(trigger.inputs.count) inputs; GitHub allows at most "
                       + "\(Self.maximumDispatchInputs)", at: trigger.event.location)
        }
        for input in trigger.inputs {
            let name = input.name.value
            let type = input.type?.value ?? .string
            // The text GitHub passes on: `1.50` becomes "1.5", as in options.
            let defaultValue = input.defaultValue.flatMap { node in
                node.scalar.map { Located($0.value.text, at: node.location) }
            }
            if type == .choice {
                checkChoice(input, defaultValue: defaultValue, into: &sink)
                continue
            }
            if !input.options.isEmpty {
                sink.error("input \"\(name)\" has options but its type is \(type.rawValue); options are for type "
                           + "choice", at: input.name.location)
            }
            guard let defaultValue else { continue }
            switch type {
            case .boolean where !["true", "false"].contains(defaultValue.value.lowercased()):
                sink.error("the default \"\(defaultValue.value)\" of boolean input \"\(name)\" must be true or false",
                           at: defaultValue.location)
            case .number where Double(defaultValue.value) == nil:
                sink.error("the default \"\(defaultValue.value)\" of number input \"\(name)\" is not a number",
                           at: defaultValue.location)
            default:
                break
            }
        }
    }

    private func checkChoice(_ input: InputDefinition, defaultValue: Located<String>?,
                             into sink: inout DiagnosticSink) {
        let name = input.name.value
        guard !input.options.isEmpty else {
            sink.error("choice input \"\(name)\" needs options: the list of values to choose from",
                       at: input.name.location)
            return
        }
        var seen: Set<String> = []
        for option in input.options where !seen.insert(option.value).inserted {
            sink.error("option \"\(option.value)\" of input \"\(name)\" is listed twice", at: option.location)
        }
        if let defaultValue, !seen.contains(defaultValue.value) {
            sink.error("the default \"\(defaultValue.value)\" of choice input \"\(name)\" is not one of its options: "
                       + input.options.map { "\"\($0.value)\"" }.joined(separator: ", "), at: defaultValue.location)
        }
    }
}
