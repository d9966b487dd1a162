/// `strategy:`: the matrix and how its combinations run.
public struct Strategy: Sendable {
    public var matrix: Expressible<Matrix>?
    public var failFast: Expressible<Bool>?
    public var maxParallel: Expressible<Double>?
}

/// `strategy.matrix`: named dimensions, plus `include` and `exclude` rows. Values keep their YAML shape,
/// since a matrix value may be a mapping (`matrix.os.name`).
public struct Matrix: Sendable {
    public struct Dimension: Sendable {
        public var name: Located<String>
        public var values: Expressible<[YAMLNode]>
    }

    public var dimensions: [Dimension] = []
    public var include: Expressible<[[KeyNode]]>?
    public var exclude: Expressible<[[KeyNode]]>?
}
