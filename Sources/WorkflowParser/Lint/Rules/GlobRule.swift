import Foundation

/// Branch, tag and path filters follow GitHub's filter pattern syntax: `*`, `**`, `?` and `+` after a plain
/// character, `[...]` sets and ranges, a leading `!` to exclude, `\` before a special character. Branch and tag
/// patterns must also make git ref names (`git check-ref-format`), and path patterns repository paths.
struct GlobRule: LintRule {
    static let id = RuleID.glob
    static let summary = "branch, tag and path filters are valid filter patterns"

    enum PatternKind {
        case refName, path
    }

    /// What is wrong with a pattern, and the index (in Unicode scalars) of the character it is about; nil when it
    /// is about the whole pattern.
    struct Problem: Equatable {
        var message: String
        var offset: Int?
    }

    func check(_ workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        for trigger in workflow.triggers {
            // The model keeps each pattern's text; whether it was quoted, which moves the columns inside it, is in
            // the YAML.
            let eventNode = workflow.root["on"]?[trigger.event.value]
            for filter in trigger.filters {
                guard let kind = Self.kind(of: filter.name.value, event: trigger.event.value),
                      let node = eventNode?[filter.name.value] else { continue }
                for item in node.sequence ?? [node] { check(item, as: kind, into: &sink) }
            }
        }
    }

    /// `snapshot.version` of a job that builds a custom runner image is a version pattern too.
    func check(_ job: Job, of workflow: Workflow, in context: LintContext, into sink: inout DiagnosticSink) {
        if let version = job.node["snapshot"]?["version"] { check(version, as: .refName, into: &sink) }
    }

    static func kind(of filter: String, event: String) -> PatternKind? {
        switch filter {
        case "branches", "branches-ignore", "tags", "tags-ignore": return .refName
        case "paths", "paths-ignore": return .path
        case "versions" where event == "image_version": return .refName
        default: return nil
        }
    }

    private func check(_ node: YAMLNode, as kind: PatternKind, into sink: inout DiagnosticSink) {
        // An empty pattern is the syntax check's to report.
        guard let scalar = node.scalar, !scalar.text.isEmpty, scalar.value != .null else { return }
        for problem in Self.problems(in: scalar.text, kind: kind) {
            sink.error("pattern \(scalar.text.debugDescription): \(problem.message)",
                       at: Self.location(of: problem.offset, in: scalar, at: node.location))
        }
    }

    /// Where a character of a scalar's text stands: one column past an opening quote; at the scalar itself for
    /// block scalars and after a line break, where columns inside the text no longer add up.
    static func location(of offset: Int?, in scalar: YAMLScalar, at location: SourceLocation) -> SourceLocation {
        let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
        let start = location.advanced(byColumns: quoted ? 1 : 0)
        guard let offset, scalar.style != .literal, scalar.style != .folded,
              !scalar.text.unicodeScalars.prefix(offset + 1).contains(where: { $0 == "\n" || $0 == "\r" }) else {
            return start
        }
        return start.advanced(byColumns: offset)
    }

    // MARK: patterns

    static func problems(in pattern: String, kind: PatternKind) -> [Problem] {
        if kind == .path {
            let pathProblems = pathProblems(in: pattern)
            if !pathProblems.isEmpty { return pathProblems }
        }
        var scanner = PatternScanner(characters: Array(pattern.unicodeScalars), isRefName: kind == .refName)
        scanner.scan()
        if kind == .refName { scanner.problems += refNameProblems(in: Array(pattern.unicodeScalars)) }
        return scanner.problems.sorted { ($0.offset ?? -1) < ($1.offset ?? -1) }
    }

    /// GitHub compares path patterns with paths as git lists them: no surrounding spaces, no `.` or `..`.
    private static func pathProblems(in pattern: String) -> [Problem] {
        var problems: [Problem] = []
        let trimmed = pattern.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed != pattern {
            problems.append(Problem(message: "spaces or line breaks around a path pattern are taken literally and "
                                    + "match no file; remove them", offset: nil))
        }
        let path = trimmed.hasPrefix("!") ? trimmed.dropFirst() : Substring(trimmed)
        if path.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == "." || $0 == ".." }) {
            problems.append(Problem(message: "paths are matched from the repository root without . or .. parts; "
                                    + "write foo/bar instead of ./foo/bar", offset: nil))
        }
        return problems
    }

    /// What `git check-ref-format` refuses beyond the characters the scanner reports (spaces, tabs, line breaks).
    private static func refNameProblems(in characters: [Unicode.Scalar]) -> [Problem] {
        var problems: [Problem] = []
        for (index, character) in characters.enumerated() {
            let previous = index > 0 ? characters[index - 1] : nil
            let pair = previous.map { "\($0)\(character)" }
            if pair == ".." || pair == "@{" || pair == "//" {
                problems.append(Problem(message: "a branch or tag name cannot contain \(pair!)", offset: index))
            } else if character.value < 0x20 && !["\t", "\n", "\r"].contains(character) || character.value == 0x7F {
                problems.append(Problem(message: "a branch or tag name cannot contain control characters",
                                        offset: index))
            }
        }
        return problems
    }
}

/// Reads a filter pattern once, left to right, collecting every problem of its glob syntax (and, for branch and
/// tag patterns, characters a git ref name cannot have).
private struct PatternScanner {
    let characters: [Unicode.Scalar]
    let isRefName: Bool
    var problems: [GlobRule.Problem] = []

    private static let regexHint = "; filter patterns are globs, not regular expressions"

    private mutating func report(_ message: String, at offset: Int) {
        problems.append(GlobRule.Problem(message: message, offset: offset))
    }

    private mutating func refuseInRefName(_ character: Unicode.Scalar, at offset: Int) {
        let name = character == " " ? "a space" : character == "\t" ? "a tab" : "\"\(character)\""
        // `^` is what someone who expects a regular expression writes.
        report("\(name) cannot be part of a branch or tag name (git check-ref-format)"
               + (character == "^" ? Self.regexHint : ""), at: offset)
    }

    mutating func scan() {
        var index = 0
        // `+` and `?` repeat the character before them, which must be a plain one.
        var previousIsPlain = false
        if characters.first == "!" {
            guard characters.count > 1 else {
                report("a lone ! excludes nothing; write the pattern to exclude after it", at: 0)
                return
            }
            index = 1
        } else if isRefName, characters.first == "/" {
            report("a branch or tag name cannot start with /", at: 0)
            index = 1
            previousIsPlain = true
        }
        while index < characters.count {
            let character = characters[index]
            var last = index  // the last character this step reads
            var isPlain = true
            switch character {
            case "\\":
                last = escape(at: index)
            case "?", "+":
                if !previousIsPlain {
                    report("\(character) repeats the character before it, so it must follow a plain character, not "
                           + "the start, *, ? or +; write \\\(character) for a literal \(character)", at: index)
                }
                isPlain = false
            case "*":
                isPlain = false
            case "[":
                guard let end = set(openingAt: index) else { return }
                last = end
            case "\r", "\n":
                if character == "\r", index + 1 < characters.count, characters[index + 1] == "\n" { last += 1 }
                report("a pattern cannot contain a line break", at: index)
            case " ", "\t", "~", "^", ":":
                if isRefName { refuseInRefName(character, at: index) }
            default:
                break
            }
            previousIsPlain = isPlain
            if isRefName, last == characters.count - 1, characters[last] == "/" || characters[last] == "." {
                report("a branch or tag name cannot end with \(characters[last])", at: last)
            }
            index = last + 1
        }
    }

    /// `\` before a special character makes it literal; elsewhere a path keeps the `\` itself, while a git ref
    /// name cannot hold one. Returns the index of the last character read.
    private mutating func escape(at index: Int) -> Int {
        guard index + 1 < characters.count else {
            if isRefName { refuseInRefName("\\", at: index) }
            return index
        }
        let next = characters[index + 1]
        switch next {
        case "[", "?", "*":
            if isRefName { refuseInRefName(next, at: index + 1) }
            return index + 1
        case "+", "\\", "!":
            return index + 1
        default:
            guard isRefName else { return index }
            report("\\ only escapes [ ? * + \\ ! in a pattern, and a branch or tag name cannot contain it"
                   + Self.regexHint, at: index)
            return index + 1
        }
    }

    /// A `[...]` set of characters and ranges such as `[0-9a-f]`. Returns the index of the closing `]`, or nil
    /// when there is none (the rest of the pattern cannot be read then).
    private mutating func set(openingAt open: Int) -> Int? {
        var index = open + 1
        if index < characters.count, characters[index] == "]" {
            report("[] matches nothing; put the characters to match between the brackets", at: index)
            return index
        }
        var memberCount = 0
        while index < characters.count {
            let start = characters[index]
            if start == "]" {
                if memberCount == 1 {
                    report("[\(characters[index - 1])] matches one character; write it without []", at: index)
                }
                return index
            }
            guard index + 1 < characters.count, characters[index + 1] == "-" else {
                memberCount += 1
                index += 1
                continue
            }
            memberCount += 2
            guard index + 2 < characters.count else { break }
            let end = characters[index + 2]
            if end == "]" {
                report("the range \(start)- has no end; write \(start)-x, or put - first to match it", at: index + 2)
                return index + 2
            }
            if start.value > end.value {
                report("the range \(start)-\(end) runs backwards; write \(end)-\(start)", at: index + 2)
            }
            index += 3
        }
        report("the [ at column \(open + 1) of the pattern has no closing ]", at: characters.count - 1)
        return nil
    }
}
