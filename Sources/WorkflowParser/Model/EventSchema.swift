/// The events a workflow can be triggered by: the keys each takes under `on.<event>`, the activity types it
/// knows, and the events each filter applies to.
public enum EventSchema {
    /// What `types:` may list for an event.
    public enum ActivityTypes: Sendable, Equatable {
        /// The event has no activity types, so `types:` does not apply to it.
        case none
        /// Any name: `repository_dispatch` takes the types its senders make up.
        case any
        case only([String])
    }

    private static let pullRequestTypes: ActivityTypes = .only([
        "assigned", "unassigned", "labeled", "unlabeled", "opened", "edited", "closed", "reopened", "synchronize",
        "converted_to_draft", "locked", "unlocked", "enqueued", "dequeued", "milestoned", "demilestoned",
        "ready_for_review", "review_requested", "review_request_removed", "auto_merge_enabled", "auto_merge_disabled",
    ])
    private static let commentTypes: ActivityTypes = .only(["created", "edited", "deleted"])

    /// Every known event with its activity types, as GitHub documents them, plus `pull_request_comment`, which
    /// Forgejo runs for comments on pull requests.
    public static let activityTypes: [String: ActivityTypes] = [
        "branch_protection_rule": .only(["created", "edited", "deleted"]),
        "check_run": .only(["created", "rerequested", "completed", "requested_action"]),
        "check_suite": .only(["completed"]),
        "create": .none,
        "delete": .none,
        "deployment": .none,
        "deployment_status": .none,
        "discussion": .only([
            "created", "edited", "deleted", "transferred", "pinned", "unpinned", "labeled", "unlabeled", "locked",
            "unlocked", "category_changed", "answered", "unanswered",
        ]),
        "discussion_comment": commentTypes,
        "fork": .none,
        "gollum": .none,
        "image_version": .none,
        "issue_comment": commentTypes,
        "issues": .only([
            "opened", "edited", "deleted", "transferred", "pinned", "unpinned", "closed", "reopened", "assigned",
            "unassigned", "labeled", "unlabeled", "locked", "unlocked", "milestoned", "demilestoned", "typed",
            "untyped",
        ]),
        "label": commentTypes,
        "merge_group": .only(["checks_requested"]),
        "milestone": .only(["created", "closed", "opened", "edited", "deleted"]),
        "page_build": .none,
        "public": .none,
        "pull_request": pullRequestTypes,
        "pull_request_comment": commentTypes,
        "pull_request_review": .only(["submitted", "edited", "dismissed"]),
        "pull_request_review_comment": commentTypes,
        "pull_request_target": pullRequestTypes,
        "push": .none,
        "registry_package": .only(["published", "updated"]),
        "release": .only(["published", "unpublished", "created", "edited", "deleted", "prereleased", "released"]),
        "repository_dispatch": .any,
        "schedule": .none,
        "status": .none,
        "watch": .only(["started"]),
        "workflow_call": .none,
        "workflow_dispatch": .none,
        "workflow_run": .only(["completed", "requested", "in_progress"]),
    ]

    public static func isKnown(_ event: String) -> Bool {
        activityTypes[event] != nil
    }

    /// The keys any webhook event may have in the file. Which of them apply to which event is for lint's events
    /// rule to say, so a `tags:` under `pull_request` is reported as a filter of the wrong event, not an unknown key.
    static let webhookKeys = ["types", "branches", "branches-ignore", "tags", "tags-ignore", "paths", "paths-ignore",
                              "workflows"]

    /// Events whose mapping has keys of its own instead of webhook filters (`schedule` is a list, not a mapping).
    private static let ownKeys: [String: [String]] = [
        "workflow_dispatch": ["inputs"],
        "workflow_call": ["inputs", "secrets", "outputs"],
        "repository_dispatch": ["types"],
        "image_version": ["names", "versions"],
    ]

    /// The keys `event` takes under `on.<event>`; an unknown event is read as a webhook event, and lint reports
    /// its name.
    public static func keys(of event: String) -> [String] {
        ownKeys[event] ?? webhookKeys
    }

    private static let branchEvents = ["merge_group", "push", "pull_request", "pull_request_target", "workflow_run"]
    private static let pathEvents = ["push", "pull_request", "pull_request_target"]

    /// The events each webhook filter applies to.
    public static let filterEvents: [String: [String]] = [
        "branches": branchEvents, "branches-ignore": branchEvents,
        "tags": ["push"], "tags-ignore": ["push"],
        "paths": pathEvents, "paths-ignore": pathEvents,
        "workflows": ["workflow_run"],
    ]

    /// Filters that one event cannot have both of: the list of matches, and its `-ignore` counterpart.
    public static let exclusiveFilters = [("branches", "branches-ignore"), ("tags", "tags-ignore"),
                                          ("paths", "paths-ignore")]
}
