/// What an expression is evaluated against: the contexts by name, and the services some functions need.
public struct EvaluationContext: Sendable {
    /// The contexts (`github`, `env`, `matrix`, …) by name, looked up ignoring case.
    public let contexts: ExpressionObject
    /// The files `hashFiles` reads; nil where the runner has no workspace (hashFiles then fails).
    public let fileSystem: (any ExpressionFileSystem)?
    /// The job status behind `success()`, `failure()`, `cancelled()`, `always()`; nil outside `if:` conditions
    /// (the status functions then fail).
    public let statusProvider: (any StatusProvider)?
    /// Bytes the evaluation may hold in intermediate results; see `ExpressionLimits.maximumMemory`.
    public let memoryLimit: Int

    public init(
        contexts: ExpressionObject,
        fileSystem: (any ExpressionFileSystem)? = nil,
        statusProvider: (any StatusProvider)? = nil,
        memoryLimit: Int = ExpressionLimits.maximumMemory
    ) {
        self.contexts = contexts
        self.fileSystem = fileSystem
        self.statusProvider = statusProvider
        self.memoryLimit = memoryLimit
    }

    /// Contexts from a dictionary (kept in key order, so that printing all contexts is stable).
    public init(
        contexts: [String: ExpressionValue] = [:],
        fileSystem: (any ExpressionFileSystem)? = nil,
        statusProvider: (any StatusProvider)? = nil,
        memoryLimit: Int = ExpressionLimits.maximumMemory
    ) {
        self.init(
            contexts: ExpressionObject(contexts.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }),
            fileSystem: fileSystem, statusProvider: statusProvider, memoryLimit: memoryLimit)
    }
}
