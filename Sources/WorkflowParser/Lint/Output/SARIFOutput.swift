/// SARIF 2.1.0: one run of the tool `swift-runner lint`, its rules, and a result per finding.
enum SARIFOutput {
    struct Log: Encodable {
        var version = "2.1.0"
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case version, runs
            case schema = "$schema"
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var results: [Result]
    }

    struct Tool: Encodable {
        var driver: Driver
    }

    struct Driver: Encodable {
        var name = "swift-runner lint"
        var informationUri = "https://forgejo.org/docs/latest/user/actions/"
        var rules: [Rule]
    }

    struct Rule: Encodable {
        var id: String
        var shortDescription: Text
    }

    struct Text: Encodable {
        var text: String
    }

    struct Result: Encodable {
        var ruleId: String
        var level: String
        var message: Text
        var locations: [Location]
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable {
        var uri: String
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
    }

    static func render(_ diagnostics: [Diagnostic]) -> String {
        let summaries = Dictionary(Linter.allRules.map { (type(of: $0).id, type(of: $0).summary) },
                                   uniquingKeysWith: { first, _ in first })
        let rules = Set(diagnostics.map(\.rule)).sorted().map {
            Rule(id: $0.rawValue, shortDescription: Text(text: summaries[$0] ?? $0.rawValue))
        }
        let results = diagnostics.map { diagnostic in
            Result(ruleId: diagnostic.rule.rawValue, level: level(diagnostic.severity),
                   message: Text(text: diagnostic.message),
                   locations: [Location(physicalLocation: PhysicalLocation(
                       artifactLocation: ArtifactLocation(uri: diagnostic.location.file),
                       region: Region(startLine: diagnostic.location.line, startColumn: diagnostic.location.column)))])
        }
        return JSONOutput.encode(Log(runs: [Run(tool: Tool(driver: Driver(rules: rules)), results: results)])) + "\n"
    }

    private static func level(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "note"
        }
    }
}
