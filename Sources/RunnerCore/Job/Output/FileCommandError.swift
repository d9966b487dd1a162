/// A line of a file command (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE) the runner cannot read: which file, which
/// line, and what to write instead.
public struct FileCommandError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's name as the step knows it, such as `GITHUB_OUTPUT`.
    public var file: String
    /// 1-based.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file) line \(line): \(message)" }
}
