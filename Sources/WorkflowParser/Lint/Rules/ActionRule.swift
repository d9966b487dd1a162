/// A step's local action gets the inputs it requires and only inputs it declares (read from the repository;
/// remote actions are checked when the runner fetches them), and container actions pin their image.
struct ActionRule: LintRule {
    static let id = RuleID.action
    static let summary = "local actions get their required inputs and only inputs they declare; images are pinned"

    func check(_ step: Step, at index: Int, of job: Job, in context: LintContext, into sink: inout DiagnosticSink) {
        guard case .uses(let uses, let reference?)? = step.action else { return }
        switch reference {
        case .docker(let image):
            if !Self.hasTagOrDigest(image) {
                sink.warning("image \"\(image)\" has no tag; pin a tag or a digest (docker://\(image):TAG) so the step "
                             + "runs the same image every time", at: uses.location)
            }
        case .local(let path):
            checkLocal(path, step: step, uses: uses, context: context, into: &sink)
        case .repository:
            break
        }
    }

    private func checkLocal(_ path: String, step: Step, uses: Located<String>, context: LintContext,
                            into sink: inout DiagnosticSink) {
        switch context.localActions[path] {
        case nil, .missing:
            // Nothing to check against: no repository at hand, or the action is made by an earlier step (a
            // checkout into that path), which is common and valid.
            return
        case .invalid(let problems):
            let first = problems.first.map { ": \($0)" } ?? ""
            sink.error("the action at \"./\(path)\" has an invalid action.yml\(first)", at: uses.location)
        case .loaded(let manifest):
            let name = manifest.name?.value ?? "./\(path)"
            let given = Set(step.with.map { $0.key.value.lowercased() })
            let missing = manifest.inputs.filter { $0.mustBeGiven && !given.contains($0.name.value.lowercased()) }
            if !missing.isEmpty {
                sink.error("action \"\(name)\" (./\(path)) requires " + Self.list(missing.map(\.name.value))
                           + " in with:", at: uses.location)
            }
            for input in step.with {
                guard let declared = manifest.input(input.key.value) else {
                    sink.error("action \"\(name)\" (./\(path)) has no input \"\(input.key.value)\"; its inputs are "
                               + Self.list(manifest.inputs.map(\.name.value)), at: input.key.location)
                    continue
                }
                if let deprecation = declared.deprecationMessage {
                    sink.warning("input \"\(input.key.value)\" of action \"\(name)\" is deprecated: \(deprecation.value)",
                                 at: input.key.location)
                }
            }
        }
    }

    /// `name:tag`, `name@sha256:...`; a `:` before the last `/` is a registry port, not a tag.
    static func hasTagOrDigest(_ image: String) -> Bool {
        if image.contains("@") { return true }
        let lastComponent = image.split(separator: "/").last ?? ""
        return lastComponent.contains(":")
    }

    static func list(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}
