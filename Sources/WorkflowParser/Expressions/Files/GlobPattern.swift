/// One line of a `hashFiles` pattern, read the way GitHub's runner reads it (its `@actions/glob` search):
/// - blank lines and lines starting with `#` are ignored; each leading `!` flips the pattern into an exclusion;
/// - a relative pattern is rooted at the workspace; `.` segments are dropped and `..` removes the segment before;
/// - `**` as a whole segment matches any number of directories (none included), `*` any run of characters
///   within a name, `?` one character, `[abc]`, `[a-z]`, `[!a]` one character of (not of) a set, `\` escapes;
///   names starting with `.` are matched like any other;
/// - a trailing `/` matches directories only.
struct GlobPattern {
    let isExclusion: Bool
    /// Absolute path segments.
    let segments: [Segment]
    let matchesDirectoriesOnly: Bool

    enum Segment {
        case anyDirectories
        case name(NamePattern)
    }

    /// nil for lines that hold no pattern.
    init?(line: String, rootSegments: [String]) {
        var text = Substring(line).drop { $0.isWhitespace }
        while text.last?.isWhitespace == true { text.removeLast() }
        guard !text.isEmpty, !text.hasPrefix("#") else { return nil }
        var exclusion = false
        while text.hasPrefix("!") {
            exclusion.toggle()
            text.removeFirst()
        }
        guard !text.isEmpty else { return nil }
        var path = text.hasPrefix("/") ? [] : rootSegments
        for part in text.split(separator: "/") where part != "." {
            if part == "..", let last = path.last, !NamePattern.hasWildcards(last) {
                path.removeLast()
            } else if part != ".." {
                path.append(String(part))
            }
        }
        self.init(
            isExclusion: exclusion, segments: path.map { $0 == "**" ? .anyDirectories : .name(NamePattern($0)) },
            matchesDirectoriesOnly: text.hasSuffix("/"))
    }

    private init(isExclusion: Bool, segments: [Segment], matchesDirectoriesOnly: Bool) {
        self.isExclusion = isExclusion
        self.segments = segments
        self.matchesDirectoriesOnly = matchesDirectoriesOnly
    }

    /// GitHub's search also matches everything below what a pattern names (`src` covers `src/a.c`): the same
    /// pattern followed by `**`, for patterns that do not already end in `**`.
    var descendantsPattern: GlobPattern? {
        if case .anyDirectories = segments.last, !matchesDirectoriesOnly { return nil }
        return GlobPattern(
            isExclusion: isExclusion, segments: segments + [.anyDirectories], matchesDirectoriesOnly: false)
    }

    /// Where a search for this pattern can start: the segments before the first one with a wildcard.
    var literalPrefix: [String] {
        var prefix: [String] = []
        for segment in segments {
            guard case .name(let name) = segment, let literal = name.literal else { break }
            prefix.append(literal)
        }
        return prefix
    }

    func matches(_ path: [String]) -> Bool {
        match(path, orSomethingBelow: false)
    }

    /// Whether some path below `path` could match, so a search must look inside it.
    func couldMatchBelow(_ path: [String]) -> Bool {
        match(path, orSomethingBelow: true)
    }

    /// `reachable[i][j]`: segments from `i` match path from `j` on. Filled from the end; `**` either matches
    /// nothing or swallows one more name. When looking below, running out of path with pattern left succeeds.
    private func match(_ path: [String], orSomethingBelow: Bool) -> Bool {
        let patternCount = segments.count
        let pathCount = path.count
        var reachable = [[Bool]](repeating: [Bool](repeating: false, count: pathCount + 1), count: patternCount + 1)
        reachable[patternCount][pathCount] = !orSomethingBelow
        for index in stride(from: patternCount - 1, through: 0, by: -1) {
            if case .anyDirectories = segments[index] {
                reachable[index][pathCount] = orSomethingBelow || reachable[index + 1][pathCount]
            } else {
                reachable[index][pathCount] = orSomethingBelow
            }
            for position in stride(from: pathCount - 1, through: 0, by: -1) {
                switch segments[index] {
                case .anyDirectories:
                    reachable[index][position] = reachable[index + 1][position] || reachable[index][position + 1]
                case .name(let name):
                    reachable[index][position] = name.matches(path[position]) && reachable[index + 1][position + 1]
                }
            }
        }
        return reachable[0][0]
    }
}

/// A pattern for one name (one path segment).
struct NamePattern {
    private enum Element {
        case character(Unicode.Scalar)
        case anyCharacter
        case anyRun
        case set([ClosedRange<Unicode.Scalar>], excluded: Bool)
    }

    private let elements: [Element]
    /// The name itself, when the pattern has no wildcards or escapes.
    let literal: String?

    static func hasWildcards(_ text: String) -> Bool {
        text.contains { "*?[\\".contains($0) }
    }

    init(_ text: String) {
        literal = Self.hasWildcards(text) ? nil : text
        let scalars = Array(text.unicodeScalars)
        var elements: [Element] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "\\" where index < scalars.count:
                elements.append(.character(scalars[index]))
                index += 1
            case "*":
                if case .anyRun = elements.last {} else { elements.append(.anyRun) }
            case "?":
                elements.append(.anyCharacter)
            case "[":
                if let (set, end) = Self.readSet(scalars, from: index) {
                    elements.append(set)
                    index = end
                } else {
                    elements.append(.character("["))
                }
            default:
                elements.append(.character(scalar))
            }
        }
        self.elements = elements
    }

    /// Reads a set after its `[`; returns it and the index after its `]`, or nil if it never closes.
    private static func readSet(_ scalars: [Unicode.Scalar], from start: Int) -> (Element, Int)? {
        var index = start
        let excluded = index < scalars.count && (scalars[index] == "!" || scalars[index] == "^")
        if excluded { index += 1 }
        var ranges: [ClosedRange<Unicode.Scalar>] = []
        while index < scalars.count {
            let low = scalars[index]
            if low == "]", index > start + (excluded ? 1 : 0) { return (.set(ranges, excluded: excluded), index + 1) }
            if index + 2 < scalars.count, scalars[index + 1] == "-", scalars[index + 2] != "]",
                low <= scalars[index + 2]
            {
                ranges.append(low...scalars[index + 2])
                index += 3
            } else {
                ranges.append(low...low)
                index += 1
            }
        }
        return nil
    }

    /// Wildcard matching that remembers the last `*` and retries from one character further on a mismatch.
    func matches(_ name: String) -> Bool {
        let scalars = Array(name.unicodeScalars)
        var element = 0
        var position = 0
        var lastRun: (element: Int, position: Int)?
        while position < scalars.count {
            if element < elements.count, case .anyRun = elements[element] {
                lastRun = (element, position)
                element += 1
            } else if element < elements.count, accepts(elements[element], scalars[position]) {
                element += 1
                position += 1
            } else if let run = lastRun {
                lastRun = (run.element, run.position + 1)
                element = run.element + 1
                position = run.position + 1
            } else {
                return false
            }
        }
        while element < elements.count, case .anyRun = elements[element] { element += 1 }
        return element == elements.count
    }

    private func accepts(_ element: Element, _ scalar: Unicode.Scalar) -> Bool {
        switch element {
        case .character(let expected): scalar == expected
        case .anyCharacter: true
        case .anyRun: false
        case .set(let ranges, let excluded): ranges.contains { $0.contains(scalar) } != excluded
        }
    }
}
