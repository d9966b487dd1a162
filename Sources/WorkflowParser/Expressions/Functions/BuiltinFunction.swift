/// The functions an expression can call. Names match ignoring case (`tojson` is `toJSON`), as on GitHub, and the
/// number of arguments is checked when parsing.
public enum BuiltinFunction: String, Sendable, CaseIterable {
    case contains, startsWith, endsWith, format, join, toJSON, fromJSON
    case `case`
    case hashFiles
    case success, always, failure, cancelled

    /// The functions every expression may call. `hashFiles` and the status functions work only where the runner
    /// provides files or a job status; a parser told to leave them out reports them as unrecognized, as GitHub
    /// does (e.g. `success()` outside `if:`).
    public static let general: Set<BuiltinFunction> = [
        .contains, .startsWith, .endsWith, .format, .join, .toJSON, .fromJSON, .case,
    ]

    /// `success()`, `always()`, `failure()`, `cancelled()`.
    public static let statusFunctions: Set<BuiltinFunction> = [.success, .always, .failure, .cancelled]

    private static let byFoldedName = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue.lowercased(), $0) })

    /// The function called `name`, ignoring case.
    public init?(named name: String) {
        guard let function = Self.byFoldedName[name.lowercased()] else { return nil }
        self = function
    }

    /// How many arguments a call may pass (GitHub's limits; `format` and `hashFiles` take up to 255 values).
    public var argumentCount: ClosedRange<Int> {
        switch self {
        case .contains, .startsWith, .endsWith: 2...2
        case .format: 1...255
        case .join: 1...2
        case .toJSON, .fromJSON: 1...1
        case .case: 3...Int.max
        case .hashFiles: 1...255
        case .success, .always, .failure, .cancelled: 0...0
        }
    }

    /// What is wrong with passing `count` arguments, if anything. Beyond the range, `case` needs an odd count:
    /// predicate–value pairs and a default.
    func argumentProblem(count: Int) -> SyntaxProblem? {
        if count < argumentCount.lowerBound { return .tooFewParameters }
        if count > argumentCount.upperBound { return .tooManyParameters }
        if self == .case, count.isMultiple(of: 2) { return .evenParameters }
        return nil
    }

    func call(_ call: FunctionCall) throws(ExpressionError) -> ExpressionValue {
        switch self {
        case .contains: try Contains.evaluate(call)
        case .startsWith: try AffixTest.evaluate(call, test: CaseInsensitive.hasPrefix)
        case .endsWith: try AffixTest.evaluate(call, test: CaseInsensitive.hasSuffix)
        case .format: try Format.evaluate(call)
        case .join: try Join.evaluate(call)
        case .toJSON: try ToJSON.evaluate(call)
        case .fromJSON: try FromJSON.evaluate(call)
        case .case: try Case.evaluate(call)
        case .hashFiles: try HashFiles.evaluate(call)
        case .success: try StatusCheck.evaluate(call, function: self) { $0 == .success }
        case .failure: try StatusCheck.evaluate(call, function: self) { $0 == .failure }
        case .cancelled: try StatusCheck.evaluate(call, function: self) { $0 == .cancelled }
        case .always: try StatusCheck.evaluate(call, function: self) { _ in true }
        }
    }
}
