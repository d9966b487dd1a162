/// Text that anyone who opens an issue or a pull request controls (titles, bodies, branch names, commit messages)
/// must not be pasted into a script by `${{ }}`: the runner substitutes it before the shell reads the script, so
/// it runs as code. Passing it through `env:` makes it data.
struct ExpressionInjectionRule: LintRule {
    static let id = RuleID.expressionInjection
    static let summary = "untrusted event text is not pasted into run: scripts (or github-script) with ${{ }}"

    /// Property paths under `github` that outsiders control; `*` stands for any index or key.
    static let untrusted: [[String]] = [
        "event.issue.title", "event.issue.body", "event.pull_request.title", "event.pull_request.body",
        "event.pull_request.head.ref", "event.pull_request.head.label", "event.pull_request.head.repo.default_branch",
        "event.comment.body", "event.review.body", "event.review_comment.body", "event.discussion.title",
        "event.discussion.body", "event.pages.*.page_name", "event.commits.*.message", "event.commits.*.author.email",
        "event.commits.*.author.name", "event.head_commit.message", "event.head_commit.author.email",
        "event.head_commit.author.name", "event.head_commit.committer.email", "event.head_commit.committer.name",
        "event.workflow_run.head_branch", "event.workflow_run.head_commit.message",
        "event.workflow_run.head_commit.author.email", "event.workflow_run.head_commit.author.name",
        "event.workflow_run.pull_requests.*.head.ref", "head_ref",
    ].map { $0.split(separator: ".").map(String.init) }

    /// `actions/github-script` runs its `script` input as JavaScript: the same danger as a shell script.
    static let scriptInputs: [(action: String, input: String)] = [("actions/github-script", "script")]

    func check(_ workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        var positions = ScalarPositions(source: workflow.source)
        for step in workflow.jobs.flatMap(\.steps) {
            var scripts = step.run.map { [$0] } ?? []
            if case .uses(_, .repository(let action)?)? = step.action {
                for (name, input) in Self.scriptInputs where "\(action.owner)/\(action.repository)".lowercased() == name {
                    scripts += step.with.filter { $0.key.value.lowercased() == input }.map(\.value)
                }
            }
            // Every untrusted path names the event or head_ref: a cheap test before parsing.
            for script in scripts where script.value.containsText("event.") || script.value.containsText("head_ref") {
                guard let template = try? ExpressionTemplate.parse(script.value, allowedContexts: nil) else { continue }
                for case .expression(let expression, let offset) in template.parts {
                    guard let root = expression.root else { continue }
                    for (path, position) in Self.untrustedReads(in: root) {
                        sink.error("\"\(path)\" is text an outsider controls, and ${{ }} pastes it into the script as "
                                   + "code; pass it through env: (e.g. TITLE: ${{ \(path) }}) and use \"$TITLE\"",
                                   at: positions.location(ofOffset: offset + position - 1, in: script))
                    }
                }
            }
        }
    }

    /// Each read of an untrusted property in the tree, with its text and position.
    static func untrustedReads(in node: ExpressionNode) -> [(String, Int)] {
        if let path = accessPath(node), ["github", "forgejo", "forge"].contains(path.first ?? ""),
           untrusted.contains(where: { Self.matches(Array(path.dropFirst()), $0) }) {
            return [(path.joined(separator: "."), node.leftmostPosition)]
        }
        return node.kind.children.flatMap(untrustedReads(in:))
    }

    /// `github.event.commits[0].message` as ["github", "event", "commits", "*", "message"]; nil for other shapes.
    static func accessPath(_ node: ExpressionNode) -> [String]? {
        switch node.kind {
        case .context(let name): return [name.lowercased()]
        case .access(let base, .property(let name)): return accessPath(base).map { $0 + [name.lowercased()] }
        case .access(let base, .index(let key)):
            if case .literal(.string(let name)) = key.kind { return accessPath(base).map { $0 + [name.lowercased()] } }
            return accessPath(base).map { $0 + ["*"] }
        case .access(let base, .wildcard): return accessPath(base).map { $0 + ["*"] }
        default: return nil
        }
    }

    /// A read of `pattern` itself or of something inside it.
    private static func matches(_ path: [String], _ pattern: [String]) -> Bool {
        path.count >= pattern.count && zip(path, pattern).allSatisfy { $0 == $1 || $1 == "*" }
    }
}
