/// A message a step attached to its run (`::error`, `::warning`, `::notice`) or the runner attached for it, shown
/// on the run's summary and, with a file and line, beside the code.
public struct Annotation: Sendable, Equatable {
    public enum Level: String, Sendable, CaseIterable {
        case notice, warning, error
    }

    public var level: Level
    public var message: String
    public var file: String?
    public var line: Int?
    public var endLine: Int?
    /// The command's `col` property.
    public var column: Int?
    public var endColumn: Int?
    public var title: String?

    public init(level: Level, message: String, file: String? = nil, line: Int? = nil, endLine: Int? = nil,
                column: Int? = nil, endColumn: Int? = nil, title: String? = nil) {
        self.level = level
        self.message = message
        self.file = file
        self.line = line
        self.endLine = endLine
        self.column = column
        self.endColumn = endColumn
        self.title = title
    }

    /// The annotation an `::error`/`::warning`/`::notice` command asks for. Positions are repaired as actions/runner
    /// does, so an annotation means the same on both: a lone end stands for the start too; columns need a line and
    /// a single-line span; an end before its start drops the pair. Numbers that do not parse count as absent.
    init(level: Level, command: WorkflowCommand) {
        let number = { (key: String) in command.properties[key].flatMap { Int($0) } }
        var line = number("line"), endLine = number("endline")
        var column = number("col"), endColumn = number("endcolumn")
        if line == nil, let endLine { line = endLine }
        if column == nil, let endColumn { column = endColumn }
        if line == nil || (endLine != nil && endLine != line) { (column, endColumn) = (nil, nil) }
        if let start = line, let end = endLine, end < start { (line, endLine) = (nil, nil) }
        if let start = column, let end = endColumn, end < start { (column, endColumn) = (nil, nil) }
        self.init(level: level, message: command.message, file: command.properties["file"], line: line,
                  endLine: endLine, column: column, endColumn: endColumn, title: command.properties["title"])
    }
}
