/// Why a workflow cannot be planned (expanded, ordered, scheduled or cut into single-job payloads): where in
/// the file, and a message that says what is wrong and what to do about it. One value, not a list: planning
/// stops at the first problem, since a later stage would only build on the broken one; `lint` finds the rest.
public struct PlanningError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    /// `file:line:column: message`, the form editors turn into links.
    public var description: String { "\(location): \(message)" }
}
