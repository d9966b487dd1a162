/// The events a workflow can be triggered by, and the keys each takes under `on.<event>`.
public enum EventSchema {
    static let branchFilters = ["branches", "branches-ignore"]
    static let pathFilters = ["paths", "paths-ignore"]

    /// Every event of the workflow schema with its allowed keys.
    public static let events: [String: [String]] = {
        var events: [String: [String]] = [:]
        let typesOnly = [
            "branch_protection_rule", "check_run", "check_suite", "discussion", "discussion_comment", "issue_comment",
            "issues", "label", "merge_group", "milestone", "project", "project_card", "project_column",
            "pull_request_review", "pull_request_review_comment", "registry_package", "release", "repository_dispatch",
            "watch",
        ]
        for event in typesOnly { events[event] = ["types"] }
        for event in ["create", "delete", "deployment", "deployment_status", "fork", "gollum", "page_build", "public",
                      "status"] {
            events[event] = []
        }
        events["push"] = branchFilters + ["tags", "tags-ignore"] + pathFilters
        events["pull_request"] = ["types"] + branchFilters + pathFilters
        events["pull_request_target"] = ["types"] + branchFilters + pathFilters
        events["merge_group"] = ["types"] + branchFilters
        events["workflow_run"] = ["types", "workflows"] + branchFilters
        events["workflow_dispatch"] = ["inputs"]
        events["workflow_call"] = ["inputs", "secrets", "outputs"]
        events["schedule"] = []
        return events
    }()

    /// The keys `event` takes; nil for an event this schema does not know (lint reports the event itself).
    public static func keys(of event: String) -> [String]? {
        events[event]
    }
}
