/// `strategy.matrix` → the combinations a job runs with, one `matrix` context each, by GitHub's rules:
///
/// 1. the cartesian product of the dimensions in the order the matrix lists them (the first key varies slowest);
/// 2. `exclude` drops each combination that matches a row (`MatrixRowFilter`: a row may name only some keys, and
///    nested values match leaf by leaf); a row may only name keys of the matrix;
/// 3. each `include` row is tried on every combination of step 2: where its values for the matrix's own keys
///    match, its other keys are added (overwriting what an earlier row added, never an original value); a row
///    that matches none becomes a combination of its own, and later rows are never added to such a combination.
///
/// No strategy, no matrix, or an empty one give one combination with no keys: the job runs once. Matrix keys,
/// like the `matrix` context, ignore case.
public enum MatrixExpansion {
    /// GitHub's limit of jobs one matrix may create.
    public static let maximumCombinations = 256
    /// The most combinations looked at before `exclude` thins them out; a larger product is refused before it is
    /// built, so a few lines of YAML cannot make the planner enumerate billions of combinations.
    public static let maximumProduct = maximumCombinations * maximumCombinations

    /// - Parameters:
    ///   - strategy: the job's `strategy`, nil when it has none.
    ///   - jobID: the job's id, for messages.
    ///   - context: what `${{ }}` in the matrix may read: `github`, `needs`, `vars`, `inputs`.
    public static func expand(_ strategy: Strategy?, jobID: String = "",
                              context: EvaluationContext) throws(PlanningError) -> [ExpressionObject] {
        guard let definition = strategy?.matrix else { return [ExpressionObject([])] }
        let matrix = try EvaluatedMatrix(definition, jobID: jobID, context: context)
        let subject = jobID.isEmpty ? "the matrix" : "the matrix of job \"\(jobID)\""
        let exclude = try excludeFilters(of: matrix, subject: subject)
        let include = try includeRows(of: matrix, subject: subject)
        if matrix.dimensions.isEmpty && include.isEmpty { return [ExpressionObject([])] }

        var combinations = try product(of: matrix, excluding: exclude, subject: subject)
        let originals = combinations.count
        for row in include {
            let matching = (0..<originals).filter { row.filter.matches(combinations[$0]) }
            for index in matching { combinations[index].add(row.added) }
            if matching.isEmpty { combinations.append(MatrixCombination(row.filter.entries + row.added)) }
        }
        guard !combinations.isEmpty else {
            throw PlanningError("exclude removes every combination of \(subject) and include adds none, so the job "
                                + "would never run; remove an exclude row or add values",
                                at: matrix.excludeLocation ?? matrix.location)
        }
        guard combinations.count <= maximumCombinations else {
            throw tooMany(combinations.count, subject: subject, at: matrix.location)
        }
        return combinations.map(\.object)
    }

    /// One filter per exclude row. GitHub refuses an empty row (it would exclude everything) and a key the matrix
    /// does not have (it could never match).
    private static func excludeFilters(of matrix: EvaluatedMatrix, subject: String) throws(PlanningError)
        -> [MatrixRowFilter]
    {
        var filters: [MatrixRowFilter] = []
        for row in matrix.exclude {
            guard !row.isEmpty else {
                throw PlanningError("an exclude row of \(subject) is empty, which would exclude every combination; "
                                    + "give the matrix values to exclude or remove the row",
                                    at: matrix.excludeLocation ?? matrix.location)
            }
            for entry in row where !matrix.hasDimension(entry.key) {
                let keys = matrix.dimensions.map { "\"\($0.name)\"" }.joined(separator: ", ")
                throw PlanningError("exclude names \"\(entry.key)\", which is not a key of \(subject) ("
                                    + (keys.isEmpty ? "it has none" : "its keys: \(keys)")
                                    + "); exclude rows can only name matrix keys, so fix or remove this one",
                                    at: entry.location)
            }
            filters.append(MatrixRowFilter(row))
        }
        return filters
    }

    /// An include row split in two: its values for matrix keys select combinations, the rest is added to them.
    private struct IncludeRow {
        var filter: MatrixRowFilter
        var added: [EvaluatedMatrix.Entry]
    }

    private static func includeRows(of matrix: EvaluatedMatrix, subject: String) throws(PlanningError)
        -> [IncludeRow]
    {
        var rows: [IncludeRow] = []
        for row in matrix.include {
            guard !row.isEmpty else {
                throw PlanningError("an include row of \(subject) is empty; give it values or remove it",
                                    at: matrix.includeLocation ?? matrix.location)
            }
            rows.append(IncludeRow(filter: MatrixRowFilter(row.filter { matrix.hasDimension($0.key) }),
                                   added: row.filter { !matrix.hasDimension($0.key) }))
        }
        return rows
    }

    /// The cartesian product without the excluded combinations, or an error when it is too large.
    private static func product(of matrix: EvaluatedMatrix, excluding exclude: [MatrixRowFilter],
                                subject: String) throws(PlanningError) -> [MatrixCombination] {
        guard !matrix.dimensions.isEmpty else { return [] }
        var size = 1
        for dimension in matrix.dimensions {
            let (product, overflow) = size.multipliedReportingOverflow(by: dimension.values.count)
            guard !overflow else { throw tooLarge(nil, subject: subject, at: matrix.location) }
            size = product
        }
        if exclude.isEmpty, size > maximumCombinations {
            throw tooMany(size, subject: subject, at: matrix.location)
        }
        guard size <= maximumProduct else { throw tooLarge(size, subject: subject, at: matrix.location) }
        var kept: [MatrixCombination] = []
        var keptCount = 0
        for index in 0..<size {
            let combination = MatrixCombination(index, of: matrix.dimensions)
            if exclude.contains(where: { $0.matches(combination) }) { continue }
            keptCount += 1
            if keptCount <= maximumCombinations { kept.append(combination) }
        }
        guard keptCount <= maximumCombinations else {
            throw tooMany(keptCount, subject: subject, at: matrix.location)
        }
        return kept
    }

    private static func tooMany(_ count: Int, subject: String, at location: SourceLocation) -> PlanningError {
        PlanningError("\(subject) gives \(count) combinations, more than the \(maximumCombinations) jobs a matrix "
                      + "may create; remove values, exclude combinations, or split the job", at: location)
    }

    /// A product too large to enumerate; nil: too large to count.
    private static func tooLarge(_ count: Int?, subject: String, at location: SourceLocation) -> PlanningError {
        let counted = count.map { "\($0) combinations" } ?? "more combinations than can be counted"
        return PlanningError("\(subject) multiplies out to \(counted) before exclude, more than the "
                             + "\(maximumProduct) the planner enumerates (a matrix may create at most "
                             + "\(maximumCombinations) jobs); remove values or split the job", at: location)
    }
}
