/// GitHub's limits on expressions. They keep parsing and evaluation bounded on hostile input, and using GitHub's
/// values means a workflow that works there works here and the other way round.
public enum ExpressionLimits {
    /// Longest expression text, in Unicode scalars (GitHub counts UTF-16 units; they differ only for characters
    /// outside the Basic Multilingual Plane).
    public static let maximumLength = 21_000

    /// Deepest expression tree: `!!x` is 3 deep, `a.b.c` is 3, `f(g(1))` is 3, `a && b && c` is 2.
    public static let maximumDepth = 50

    /// Bytes an evaluation may hold in intermediate results, counted as GitHub counts them (a string costs 26 bytes
    /// plus 2 per UTF-16 unit, any other value 24). Stops `format('{0}{0}…', toJSON(github))` from eating memory.
    public static let maximumMemory = 1_048_576

    /// How deeply `fromJSON` input may nest, the limit of GitHub's JSON reader.
    public static let maximumJSONDepth = 64
}
