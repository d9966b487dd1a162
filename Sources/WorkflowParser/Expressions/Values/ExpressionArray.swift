/// An array value. A class so that the language can compare arrays by identity, as GitHub does.
public final class ExpressionArray: Sendable {
    public let elements: [ExpressionValue]

    /// True for the arrays a `*` filter makes (`x.*`, `x[*]`). Indexing such an array indexes each element
    /// instead and flattens the results, which is how `labels.*.name` collects every label's name.
    let isFilterResult: Bool

    public init(_ elements: [ExpressionValue]) {
        self.elements = elements
        self.isFilterResult = false
    }

    init(filterResult elements: [ExpressionValue]) {
        self.elements = elements
        self.isFilterResult = true
    }

    public var count: Int { elements.count }
}
