import Foundation
import Testing

@testable import WorkflowParser

/// GitHub's expression test vectors (actions/languageservices `expressions/testdata`, kept in
/// ../shared/corpora/languageservices-expressions). Every vector must pass, including those marked
/// `skip: ["typescript"]`: those are skipped by GitHub's TypeScript implementation, not by GitHub's runner.
@Suite("Expression corpus")
struct ExpressionCorpusTests {
    static let folderName = "languageservices-expressions"
    static let groups = ExpressionCorpusGroup.load(from: Corpus.folder(folderName))

    // The corpus is not part of the repository; without it these tests are skipped and say why.
    @Test(
        .enabled(
            if: Corpus.exists(folderName), "../shared/corpora/\(folderName) is absent, so the corpus is not checked"),
        arguments: groups)
    func vectorsPass(_ group: ExpressionCorpusGroup) {
        if let problem = group.loadProblem { Issue.record("\(group.file): \(problem)") }
        for vector in group.vectors {
            check(vector)
        }
    }

    /// Guards against vectors silently dropped by the loader: the pinned corpus has 1,020.
    @Test(.enabled(if: Corpus.exists(folderName), "../shared/corpora/\(folderName) is absent"))
    func everyVectorIsLoaded() {
        #expect(Self.groups.reduce(0) { $0 + $1.vectors.count } == 1020)
    }

    private func check(_ vector: ExpressionObject) {
        guard case .string(let text)? = vector["expr"] else {
            Issue.record("a vector without 'expr': \(ExpressionValue.object(vector))")
            return
        }
        let contexts = if case .object(let object)? = vector["contexts"] { object } else { ExpressionObject([]) }
        let outcome = Result { () throws(ExpressionError) -> ExpressionValue in
            try WorkflowExpression.parse(text, allowedContexts: Set(contexts.entries.map(\.key)))
                .evaluate(in: EvaluationContext(contexts: contexts))
        }
        switch (outcome, vector["result"], vector["err"]) {
        case (.success(let value), .object(let expected)?, nil):
            #expect(value.kindName == expected["kind"]?.coercedString, "kind of \(text)")
            #expect(value == expected["value"], "value of \(text)")
        case (.failure(let error), nil, .object(let expected)?):
            #expect(error.kind.rawValue == expected["kind"]?.coercedString, "error kind of \(text): \(error.message)")
            #expect(error.message.contains(expected["value"]?.coercedString ?? "?"), "error message of \(text)")
        case (.success(let value), nil, .object(let expected)?):
            Issue.record("\(text) gave \(value), expected the error \(ExpressionValue.object(expected))")
        case (.failure(let error), .object(let expected)?, nil):
            Issue.record("\(text) failed with '\(error.message)', expected \(ExpressionValue.object(expected))")
        default:
            Issue.record("a vector with neither 'result' nor 'err': \(ExpressionValue.object(vector))")
        }
    }
}

/// One named group of vectors from one corpus file.
struct ExpressionCorpusGroup: Sendable, CustomTestStringConvertible {
    let file: String
    let name: String
    let vectors: [ExpressionObject]
    /// Why the file could not be read, if it could not.
    var loadProblem: String? = nil

    var testDescription: String { "\(file): \(name)" }

    /// Every non-empty group of every `*.json` file in `folder`, files in name order; none if the folder is absent.
    static func load(from folder: URL) -> [ExpressionCorpusGroup] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") }.sorted().flatMap { file -> [ExpressionCorpusGroup] in
            guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8),
                case .object(let groups)? = try? ExpressionValue(parsingJSON: text)
            else {
                return [
                    ExpressionCorpusGroup(file: file, name: "whole file", vectors: [], loadProblem: "not a JSON object")
                ]
            }
            return groups.entries.compactMap { entry in
                guard case .array(let vectors) = entry.value, vectors.count > 0 else { return nil }
                return ExpressionCorpusGroup(
                    file: file, name: entry.key,
                    vectors: vectors.elements.compactMap {
                        if case .object(let vector) = $0 { vector } else { nil }
                    })
            }
        }
    }
}
