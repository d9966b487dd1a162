/// A workflow read from text: the model, when the file was YAML with the right top-level shape, and every problem
/// found on the way (wrong types, unknown or missing keys, bad references).
public struct WorkflowParseResult: Sendable {
    public var workflow: Workflow?
    public var problems: [ModelProblem]
}

/// A workflow that could not be loaded; `problems` lists each place, in file order.
public struct WorkflowLoadError: Error, Sendable, CustomStringConvertible {
    public var problems: [ModelProblem]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Text in, `Workflow` out. Pure: it reads no files (reusable workflows and actions are loaded by the caller).
public struct WorkflowLoader: Sendable {
    public var limits: YAMLLimits

    public init(limits: YAMLLimits = .default) {
        self.limits = limits
    }

    /// Parses `text` and collects every problem; never throws, for `lint`.
    public func parse(_ text: String, file: String) -> WorkflowParseResult {
        parse(bytes: Array(text.utf8), file: file)
    }

    public func parse(bytes: [UInt8], file: String) -> WorkflowParseResult {
        let root: YAMLNode?
        let duplicates: [YAMLError]
        do {
            (root, duplicates) = try YAMLLoader(limits: limits).loadRecovering(bytes: bytes, file: file)
        } catch {
            return WorkflowParseResult(workflow: nil, problems: [ModelProblem(error)])
        }
        guard let root else {
            let start = SourceLocation(file: file, line: 1, column: 1)
            return WorkflowParseResult(workflow: nil, problems: [
                ModelProblem("the workflow file is empty; it needs at least `on:` and `jobs:`", at: start),
            ])
        }
        let reader = ModelReader()
        var workflow = WorkflowDecoder(reader: reader).decode(root, file: file)
        workflow?.source = String(decoding: bytes, as: UTF8.self)
        return WorkflowParseResult(workflow: workflow, problems: duplicates.map(ModelProblem.init) + reader.problems)
    }

    /// Parses `text` for running it: any problem is an error.
    public func load(_ text: String, file: String) throws(WorkflowLoadError) -> Workflow {
        let result = parse(text, file: file)
        guard let workflow = result.workflow, result.problems.isEmpty else {
            throw WorkflowLoadError(problems: result.problems)
        }
        return workflow
    }
}
