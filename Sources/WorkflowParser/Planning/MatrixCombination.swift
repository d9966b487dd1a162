/// One matrix combination while `MatrixExpansion` builds it: its entries in order, the matrix's own keys first.
struct MatrixCombination {
    private(set) var entries: [(key: String, value: ExpressionValue)]

    /// The combination at `index` of the product, counting with the last dimension fastest.
    init(_ index: Int, of dimensions: [EvaluatedMatrix.Dimension]) {
        var rest = index
        var values: [ExpressionValue] = []
        for dimension in dimensions.reversed() {
            values.append(dimension.values[rest % dimension.values.count])
            rest /= dimension.values.count
        }
        entries = zip(dimensions, values.reversed()).map { (key: $0.name, value: $1) }
    }

    /// An include row that matched no combination, as a combination of its own.
    init(_ row: [EvaluatedMatrix.Entry]) {
        entries = []
        add(row)
    }

    func value(_ key: String) -> ExpressionValue? {
        entries.first { CaseInsensitive.equal($0.key, key) }?.value
    }

    /// Sets each entry of `row`, replacing a value of the same key in its place.
    mutating func add(_ row: [EvaluatedMatrix.Entry]) {
        for entry in row {
            if let index = entries.firstIndex(where: { CaseInsensitive.equal($0.key, entry.key) }) {
                entries[index].value = entry.value
            } else {
                entries.append((entry.key, entry.value))
            }
        }
    }

    var object: ExpressionObject { ExpressionObject(entries) }
}
