/// An `include` or `exclude` row as a test on a combination, the way GitHub builds it: one comparison per leaf
/// of the row, `matrix[key][sub]... == value` with the expression language's `==`. So a row selects by the keys
/// it gives (partial rows match many combinations), a nested mapping by the leaves it gives (`os: {name: linux}`
/// selects `{name: linux, arch: arm}`), a list item by its position, and values compare loosely as in `${{ }}`:
/// `14` equals `'14'`, and strings ignore case. A row without leaves matches every combination.
struct MatrixRowFilter {
    private enum Step {
        case key(String)
        case index(Int)
    }

    private struct Leaf {
        var path: [Step]
        var value: ExpressionValue
    }

    /// The row as given, for a row that becomes a combination of its own.
    let entries: [EvaluatedMatrix.Entry]
    private let leaves: [Leaf]

    init(_ entries: [EvaluatedMatrix.Entry]) {
        self.entries = entries
        var leaves: [Leaf] = []
        func collect(_ value: ExpressionValue, at path: [Step]) {
            switch value {
            case .object(let object):
                for entry in object.entries { collect(entry.value, at: path + [.key(entry.key)]) }
            case .array(let array):
                for (index, item) in array.elements.enumerated() { collect(item, at: path + [.index(index)]) }
            default:
                leaves.append(Leaf(path: path, value: value))
            }
        }
        for entry in entries { collect(entry.value, at: [.key(entry.key)]) }
        self.leaves = leaves
    }

    func matches(_ combination: MatrixCombination) -> Bool {
        leaves.allSatisfy { leaf in
            LooseComparison.equal(Self.value(at: leaf.path, in: combination) ?? .null, leaf.value)
        }
    }

    /// What `matrix[...]` gives for `path`: nil (null) where a key or index is missing.
    private static func value(at path: [Step], in combination: MatrixCombination) -> ExpressionValue? {
        guard case .key(let first)? = path.first, var current = combination.value(first) else { return nil }
        for step in path.dropFirst() {
            switch (step, current) {
            case (.key(let key), .object(let object)):
                guard let next = object[key] else { return nil }
                current = next
            case (.index(let index), .array(let array)) where index < array.count:
                current = array.elements[index]
            default:
                return nil
            }
        }
        return current
    }
}
