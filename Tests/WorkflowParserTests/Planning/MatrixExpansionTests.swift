import Testing
import WorkflowParser

@Suite struct MatrixExpansionTests {
    @Test func withoutMatrixTheJobRunsOnce() throws {
        #expect(try MatrixExpansion.expand(nil, context: EvaluationContext()).map(\.count) == [0])
        let workflow = try PlanningFixture.workflow("""
            on: push
            jobs:
              test:
                runs-on: docker
                strategy:
                  fail-fast: false
                steps: [{run: make}]
            """)
        let strategy = try #require(workflow.job("test")?.strategy)
        #expect(try MatrixExpansion.expand(strategy, context: EvaluationContext()).map(\.count) == [0])
        #expect(try PlanningFixture.combinations("{}") == [[:]])
    }

    @Test func theFirstKeyVariesSlowest() throws {
        let combinations = try PlanningFixture.combinations("""
            os: [linux, mac]
            node: [18, 20, 22]
            """)
        #expect(combinations == [
            ["os": "linux", "node": 18], ["os": "linux", "node": 20], ["os": "linux", "node": 22],
            ["os": "mac", "node": 18], ["os": "mac", "node": 20], ["os": "mac", "node": 22],
        ])
        guard case .object(let first)? = combinations.first else { Issue.record("no combination"); return }
        #expect(first.entries.map(\.key) == ["os", "node"])
    }

    @Test func valuesKeepTheirYAMLTypes() throws {
        let combinations = try PlanningFixture.combinations("""
            value: [14, '14', 3.10, true, null, {name: linux, tags: [a, b]}, [x, 1]]
            """)
        #expect(combinations == [
            ["value": 14], ["value": "14"], ["value": 3.1], ["value": true], ["value": nil],
            ["value": ["name": "linux", "tags": ["a", "b"]]], ["value": ["x", 1]],
        ])
    }

    /// GitHub's documentation: twelve configurations, minus one full and one partial exclude match (two jobs).
    @Test func gitHubExcludeExample() throws {
        let combinations = try PlanningFixture.combinations("""
            os: [macos-latest, windows-latest]
            version: [12, 14, 16]
            environment: [staging, production]
            exclude:
              - os: macos-latest
                version: 12
                environment: production
              - os: windows-latest
                version: 16
            """)
        #expect(combinations == [
            ["os": "macos-latest", "version": 12, "environment": "staging"],
            ["os": "macos-latest", "version": 14, "environment": "staging"],
            ["os": "macos-latest", "version": 14, "environment": "production"],
            ["os": "macos-latest", "version": 16, "environment": "staging"],
            ["os": "macos-latest", "version": 16, "environment": "production"],
            ["os": "windows-latest", "version": 12, "environment": "staging"],
            ["os": "windows-latest", "version": 12, "environment": "production"],
            ["os": "windows-latest", "version": 14, "environment": "staging"],
            ["os": "windows-latest", "version": 14, "environment": "production"],
        ])
    }

    /// GitHub's documentation: `color: green` joins every combination, `color: pink` overwrites it where
    /// `animal: cat`, `shape` joins only `fruit: apple`, and both banana rows become combinations of their own.
    @Test func gitHubIncludeExample() throws {
        let combinations = try PlanningFixture.combinations("""
            fruit: [apple, pear]
            animal: [cat, dog]
            include:
              - color: green
              - color: pink
                animal: cat
              - fruit: apple
                shape: circle
              - fruit: banana
              - fruit: banana
                animal: cat
            """)
        #expect(combinations == [
            ["fruit": "apple", "animal": "cat", "color": "pink", "shape": "circle"],
            ["fruit": "apple", "animal": "dog", "color": "green", "shape": "circle"],
            ["fruit": "pear", "animal": "cat", "color": "pink"],
            ["fruit": "pear", "animal": "dog", "color": "green"],
            ["fruit": "banana"],
            ["fruit": "banana", "animal": "cat"],
        ])
        guard case .object(let first)? = combinations.first else { Issue.record("no combination"); return }
        #expect(first.entries.map(\.key) == ["fruit", "animal", "color", "shape"])
    }

    /// GitHub's documentation: an include row that matches one combination extends only that one.
    @Test func includeExtendsTheCombinationItMatches() throws {
        let combinations = try PlanningFixture.combinations("""
            os: [windows-latest, ubuntu-latest]
            node: [14, 16]
            include:
              - os: windows-latest
                node: 16
                npm: 6
            """)
        #expect(combinations == [
            ["os": "windows-latest", "node": 14], ["os": "windows-latest", "node": 16, "npm": 6],
            ["os": "ubuntu-latest", "node": 14], ["os": "ubuntu-latest", "node": 16],
        ])
    }

    /// GitHub's documentation: without matrix keys, every include row is a job.
    @Test func includeAloneGivesOneCombinationPerRow() throws {
        let combinations = try PlanningFixture.combinations("""
            include:
              - site: "production"
                datacenter: "site-a"
              - site: "staging"
                datacenter: "site-b"
            """)
        #expect(combinations == [
            ["site": "production", "datacenter": "site-a"], ["site": "staging", "datacenter": "site-b"],
        ])
    }

    /// Include runs after exclude, so it can add an excluded combination back (at the end, as a new one).
    @Test func includeAddsBackWhatExcludeRemoved() throws {
        let combinations = try PlanningFixture.combinations("""
            os: [linux, mac]
            node: [4, 6]
            exclude:
              - os: mac
                node: 4
            include:
              - os: mac
                node: 4
                experimental: true
            """)
        #expect(combinations == [
            ["os": "linux", "node": 4], ["os": "linux", "node": 6], ["os": "mac", "node": 6],
            ["os": "mac", "node": 4, "experimental": true],
        ])
    }

    @Test func excludeMatchesNestedValuesLeafByLeaf() throws {
        let combinations = try PlanningFixture.combinations("""
            os:
              - {name: linux, arch: x64}
              - {name: linux, arch: arm}
              - {name: windows, arch: x64}
            exclude:
              - os: {arch: x64}
            """)
        #expect(combinations == [["os": ["name": "linux", "arch": "arm"]]])
    }

    /// Rows compare as `==` does in expressions: a number equals its text, strings ignore case.
    @Test func excludeComparesAsTheExpressionLanguage() throws {
        let combinations = try PlanningFixture.combinations("""
            os: [Linux, Windows]
            node: [14, 16]
            exclude:
              - os: linux
                node: '14'
            """)
        #expect(combinations == [
            ["os": "Linux", "node": 16], ["os": "Windows", "node": 14], ["os": "Windows", "node": 16],
        ])
    }

    /// A row's values for matrix keys only select: the combination keeps its own (full) value.
    @Test func includeKeepsTheOriginalValuesItMatched() throws {
        let combinations = try PlanningFixture.combinations("""
            os: [{name: linux, arch: x64}, {name: mac, arch: arm}]
            include:
              - os: {name: linux}
                extra: 1
            """)
        #expect(combinations == [
            ["os": ["name": "linux", "arch": "x64"], "extra": 1], ["os": ["name": "mac", "arch": "arm"]],
        ])
    }

    @Test func matrixKeysIgnoreCase() throws {
        let combinations = try PlanningFixture.combinations("""
            OS: [linux, mac]
            exclude:
              - os: mac
            include:
              - Os: linux
                label: docker
            """)
        #expect(combinations == [["OS": "linux", "label": "docker"]])
    }

    @Test func aWholeMatrixFromAnExpression() throws {
        let context = EvaluationContext(contexts: [
            "needs": ["setup": ["outputs": ["matrix": #"{"os": ["a", "b"], "include": [{"os": "a", "x": 1}]}"#]]],
        ])
        let combinations = try PlanningFixture.combinations("${{ fromJSON(needs.setup.outputs.matrix) }}",
                                                            context: context)
        #expect(combinations == [["os": "a", "x": 1], ["os": "b"]])
    }

    @Test func partsFromExpressions() throws {
        let context = EvaluationContext(contexts: [
            "needs": ["setup": ["outputs": ["oses": #"["linux", "mac"]"#]]],
            "inputs": ["node": 22],
            "vars": ["EXTRA": #"[{"os": "bsd", "node": 20}]"#, "SKIP": #"[{"os": "mac"}]"#],
        ])
        let combinations = try PlanningFixture.combinations("""
            os: ${{ fromJSON(needs.setup.outputs.oses) }}
            node: [18, '${{ inputs.node }}', 'v${{ inputs.node }}']
            include: ${{ fromJSON(vars.EXTRA) }}
            exclude: ${{ fromJSON(vars.SKIP) }}
            """, context: context)
        #expect(combinations == [
            ["os": "linux", "node": 18], ["os": "linux", "node": 22], ["os": "linux", "node": "v22"],
            ["os": "bsd", "node": 20],
        ])
    }

    /// act's evalmatrixneeds2: the key itself comes from a needed job's output.
    @Test func keysFromExpressions() throws {
        let context = EvaluationContext(contexts: [
            "needs": ["prepare": ["outputs": ["axis": "steady", "values": #"["a", "b"]"#]]],
        ])
        let combinations = try PlanningFixture.combinations("""
            ${{ needs.prepare.outputs.axis }}: ${{ fromJSON(needs.prepare.outputs.values) }}
            os: [linux]
            """, context: context)
        #expect(combinations == [["steady": "a", "os": "linux"], ["steady": "b", "os": "linux"]])
    }

    /// act's evalmatrix-merge-array: a lone expression that gives a list adds its elements; a list written in
    /// YAML, or an expression inside other text, stays one value.
    @Test func aLoneExpressionGivingAListIsSplicedIntoItsDimension() throws {
        let combinations = try PlanningFixture.combinations("""
            a:
              - env: {key1: val1}
              - ${{ fromJSON('[{"env":{"key2":"val2"}},{"env":{"key3":"val3"}}]') }}
              - [x, 1]
              - "n${{ fromJSON('[1]')[0] }}"
            """)
        #expect(combinations == [
            ["a": ["env": ["key1": "val1"]]], ["a": ["env": ["key2": "val2"]]], ["a": ["env": ["key3": "val3"]]],
            ["a": ["x", 1]], ["a": "n1"],
        ])
    }

    @Test func twoHundredFiftySixCombinationsAreAllowed() throws {
        let combinations = try PlanningFixture.combinations("""
            a: [\((1...16).map(String.init).joined(separator: ", "))]
            b: [\((1...17).map(String.init).joined(separator: ", "))]
            exclude:
              - b: 17
            """)
        #expect(combinations.count == 256)
    }
}

@Suite struct MatrixExpansionErrorTests {
    @Test func moreThan256CombinationsNameTheCount() throws {
        let values = "[\((1...17).map(String.init).joined(separator: ", "))]"
        let plain = try PlanningFixture.matrixError("a: \(values)\nb: \(values)")
        #expect(plain?.message.contains("gives 289 combinations, more than the 256") == true)
        #expect(plain?.position == "7:9")
        let afterExclude = try PlanningFixture.matrixError("a: \(values)\nb: \(values)\nexclude:\n  - a: 1\n    b: 1")
        #expect(afterExclude?.message.contains("gives 288 combinations") == true)
        let afterInclude = try PlanningFixture.matrixError("""
            a: [\((1...16).map(String.init).joined(separator: ", "))]
            b: [\((1...16).map(String.init).joined(separator: ", "))]
            include:
              - a: 99
            """)
        #expect(afterInclude?.message.contains("gives 257 combinations") == true)
    }

    @Test func aHugeProductIsRefusedBeforeItIsBuilt() throws {
        let dimensions = (1...20).map { "k\($0): [a, b, c]" }.joined(separator: "\n")
        let error = try PlanningFixture.matrixError(dimensions + "\nexclude:\n  - k1: a")
        #expect(error?.message.contains("multiplies out to 3486784401 combinations before exclude") == true)
        let overflow = try PlanningFixture.matrixError((1...70).map { "k\($0): [a, b, c, d]" }.joined(separator: "\n"))
        #expect(overflow?.message.contains("more combinations than can be counted") == true)
    }

    @Test func excludeMustNameMatrixKeys() throws {
        let error = try PlanningFixture.matrixError("""
            os: [linux]
            exclude:
              - os: linux
                platform: arm
            """)
        #expect(error?.message.hasPrefix("exclude names \"platform\", which is not a key of the matrix of job \"test\" "
                                         + "(its keys: \"os\")") == true)
        #expect(error?.position == "10:13")
    }

    @Test func emptyRowsAreRefused() throws {
        let exclude = try PlanningFixture.matrixError("os: [linux]\nexclude: [{}]")
        #expect(exclude?.message.contains("an exclude row of the matrix of job \"test\" is empty") == true)
        #expect(exclude?.position == "8:18")
        let include = try PlanningFixture.matrixError("os: [linux]\ninclude: [{}]")
        #expect(include?.message.contains("an include row of the matrix of job \"test\" is empty") == true)
    }

    @Test func excludingEverythingIsAnError() throws {
        let error = try PlanningFixture.matrixError("os: [linux, mac]\nexclude:\n  - os: linux\n  - os: mac")
        #expect(error?.message.contains("exclude removes every combination") == true)
        #expect(error?.position == "9:11")
    }

    @Test func aKeyWithoutValuesIsRefused() throws {
        let error = try PlanningFixture.matrixError("os: []\nnode: [18]")
        #expect(error?.message == "strategy.matrix of job \"test\": matrix key \"os\" has no values; give it at "
                + "least one or remove it")
        #expect(error?.position == "7:13")
    }

    @Test func expressionsOfTheWrongShapeSayWhatTheyGave() throws {
        let context = EvaluationContext(contexts: ["vars": ["TEXT": "linux", "LIST": "[1]", "OBJECT": "{}"]])
        let whole = try PlanningFixture.matrixError("${{ vars.TEXT }}", context: context)
        #expect(whole?.message.contains("${{ vars.TEXT }} gives String \"linux\", not an object") == true)
        #expect(whole?.position == "7:9")
        let dimension = try PlanningFixture.matrixError("os: ${{ fromJSON(vars.OBJECT) }}", context: context)
        #expect(dimension?.message.contains("the values of matrix key \"os\" must be a list") == true)
        let rows = try PlanningFixture.matrixError("os: [a]\ninclude: ${{ vars.TEXT }}", context: context)
        #expect(rows?.message.contains("include must be a list of mappings") == true)
        let row = try PlanningFixture.matrixError("os: [a]\ninclude: ${{ fromJSON(vars.LIST) }}", context: context)
        #expect(row?.message.contains("each row of include must be a mapping") == true)
    }

    @Test func aKeyThatEvaluatesToNothingIsRefused() throws {
        let error = try PlanningFixture.matrixError("${{ vars.MISSING }}: [a]",
                                                    context: EvaluationContext(contexts: ["vars": [:]]))
        #expect(error?.message.contains("the matrix key ${{ vars.MISSING }} evaluates to an empty name") == true)
        #expect(error?.position == "7:9")
    }

    @Test func expressionErrorsArePlacedAndExplained() throws {
        let invalid = try PlanningFixture.matrixError("os: ${{ fromJSON('{') }}")
        #expect(invalid?.message.hasPrefix("strategy.matrix of job \"test\": cannot evaluate ${{ fromJSON('{') }}:")
                == true)
        #expect(invalid?.position == "7:13")
        // A strategy cannot read secrets or the matrix it is building.
        let secrets = try PlanningFixture.matrixError("os: ['${{ secrets.OS }}']")
        #expect(secrets?.message.contains("Unrecognized named-value: 'secrets'") == true)
        #expect(secrets?.message.contains("github, inputs, needs, vars") == true)
    }
}
