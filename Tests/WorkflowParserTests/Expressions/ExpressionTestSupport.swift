@testable import WorkflowParser

/// Parses `text` allowing exactly the names in `contexts`, and evaluates it against them.
func evaluateExpression(
    _ text: String, _ contexts: [String: ExpressionValue] = [:],
    fileSystem: (any ExpressionFileSystem)? = nil, status: ExecutionStatus? = nil,
    memoryLimit: Int = ExpressionLimits.maximumMemory
) throws(ExpressionError) -> ExpressionValue {
    let expression = try WorkflowExpression.parse(text, allowedContexts: Set(contexts.keys))
    return try expression.evaluate(
        in: EvaluationContext(
            contexts: contexts, fileSystem: fileSystem, statusProvider: status.map(FixedExecutionStatus.init),
            memoryLimit: memoryLimit))
}

/// The error parsing or evaluating `text` gives, or nil if it succeeds.
func expressionFailure(
    _ text: String, _ contexts: [String: ExpressionValue] = [:],
    fileSystem: (any ExpressionFileSystem)? = nil, memoryLimit: Int = ExpressionLimits.maximumMemory
) -> ExpressionError? {
    do {
        _ = try evaluateExpression(text, contexts, fileSystem: fileSystem, memoryLimit: memoryLimit)
        return nil
    } catch {
        return error
    }
}

/// A status provider with a fixed answer.
struct FixedExecutionStatus: StatusProvider {
    let status: ExecutionStatus
}

/// A workspace in memory: paths ("dir/file") mapped to contents; directories are implied by the paths.
struct InMemoryWorkspace: ExpressionFileSystem {
    let rootPath: String
    let files: [String: [UInt8]]

    init(rootPath: String = "/work/repo", files: [String: String]) {
        self.rootPath = rootPath
        self.files = files.mapValues { Array($0.utf8) }
    }

    func kind(of path: String) -> WorkspaceEntryKind? {
        if files[path] != nil { return .file }
        let prefix = path.isEmpty ? "" : path + "/"
        return files.keys.contains { $0.hasPrefix(prefix) } ? .directory : nil
    }

    func contents(ofDirectory path: String) throws -> [String] {
        let prefix = path.isEmpty ? "" : path + "/"
        let names = files.keys.filter { $0.hasPrefix(prefix) }.map {
            $0.dropFirst(prefix.count).split(separator: "/")[0]
        }
        return Set(names.map(String.init)).shuffled()  // a real directory lists in no particular order
    }

    func read(file path: String, _ consume: ([UInt8]) -> Void) throws {
        // Two chunks, to exercise hashing across chunk boundaries.
        let bytes = files[path]!
        consume(Array(bytes.prefix(3)))
        consume(Array(bytes.dropFirst(3)))
    }
}

/// The tree as an S-expression, e.g. `(|| a (&& b c))`, so tests can state the shape they expect.
func sExpression(_ node: ExpressionNode) -> String {
    switch node.kind {
    case .literal(let value): value.jsonText
    case .context(let name): name
    case .access(let base, .property(let name)): "(. \(sExpression(base)) \(name))"
    case .access(let base, .index(let key)): "([] \(sExpression(base)) \(sExpression(key)))"
    case .access(let base, .wildcard): "(* \(sExpression(base)))"
    case .not(let operand): "(! \(sExpression(operand)))"
    case .comparison(let op, let left, let right): "(\(op.rawValue) \(sExpression(left)) \(sExpression(right)))"
    case .and(let operands): "(&& \(operands.map(sExpression).joined(separator: " ")))"
    case .or(let operands): "(|| \(operands.map(sExpression).joined(separator: " ")))"
    case .call(let function, let arguments):
        "(\(([function.rawValue] + arguments.map(sExpression)).joined(separator: " ")))"
    }
}
