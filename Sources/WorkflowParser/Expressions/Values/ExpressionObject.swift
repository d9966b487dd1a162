/// An object value: keys looked up ignoring case (as GitHub does: `github.EVENT_NAME` works), entries kept in
/// the order they were given so `toJSON` prints them back in that order. A class so that the language can compare
/// objects by identity, as GitHub does.
public final class ExpressionObject: Sendable {
    /// The entries in insertion order, each key spelled as first given.
    public let entries: [(key: String, value: ExpressionValue)]
    private let positions: [CaseInsensitiveKey: Int]

    /// Keys equal ignoring case are one key: a later entry replaces the earlier one's value in its place.
    public init(_ entries: [(key: String, value: ExpressionValue)]) {
        var ordered: [(key: String, value: ExpressionValue)] = []
        var positions: [CaseInsensitiveKey: Int] = [:]
        ordered.reserveCapacity(entries.count)
        for entry in entries {
            let key = CaseInsensitiveKey(entry.key)
            if let existing = positions[key] {
                ordered[existing].value = entry.value
            } else {
                positions[key] = ordered.count
                ordered.append(entry)
            }
        }
        self.entries = ordered
        self.positions = positions
    }

    public var count: Int { entries.count }

    public var values: [ExpressionValue] { entries.map(\.value) }

    /// The value for `key`, ignoring case.
    public subscript(key: String) -> ExpressionValue? {
        positions[CaseInsensitiveKey(key)].map { entries[$0].value }
    }
}
