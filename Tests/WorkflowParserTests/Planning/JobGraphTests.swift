import Testing
import WorkflowParser

@Suite struct JobGraphTests {
    static let pipeline = """
        on: push
        jobs:
          build:
            runs-on: docker
            steps: [{run: make}]
          lint:
            runs-on: docker
            steps: [{run: make lint}]
          test:
            needs: BUILD
            runs-on: docker
            steps: [{run: make test}]
          deploy:
            needs: [test, lint]
            runs-on: docker
            steps: [{run: make deploy}]
          notify:
            needs: build
            runs-on: docker
            steps: [{run: echo done}]
        """

    @Test func stagesFollowNeedsAndFileOrder() throws {
        let graph = try JobGraph(try PlanningFixture.workflow(Self.pipeline))
        #expect(graph.stages == [["build", "lint"], ["test", "notify"], ["deploy"]])
    }

    @Test func needsAncestorsAndDependents() throws {
        let graph = try JobGraph(try PlanningFixture.workflow(Self.pipeline))
        #expect(graph.needs(of: "test") == ["build"])
        #expect(graph.needs(of: "DEPLOY") == ["test", "lint"])
        #expect(graph.needs(of: "build").isEmpty)
        #expect(graph.ancestors(of: "deploy") == ["build", "lint", "test"])
        #expect(graph.dependents(of: "build") == ["test", "deploy", "notify"])
        #expect(graph.dependents(of: "deploy").isEmpty)
    }

    @Test func unknownNeedsArePlacedAtTheEntry() throws {
        let workflow = try PlanningFixture.workflow("""
            on: push
            jobs:
              build:
                runs-on: docker
                steps: [{run: make}]
              test:
                needs: [build, biuld]
                runs-on: docker
                steps: [{run: make}]
            """)
        let error = #expect(throws: PlanningError.self) { try JobGraph(workflow) }
        #expect(error?.message == "job \"test\" needs job \"biuld\", which is not in this workflow (its jobs: build, "
                + "test); correct the job ID or remove it from needs")
        #expect(error?.position == "7:20")
    }

    @Test func aJobNeedingItselfIsRefused() throws {
        let workflow = try PlanningFixture.workflow("""
            on: push
            jobs:
              build:
                needs: build
                runs-on: docker
                steps: [{run: make}]
            """)
        let error = #expect(throws: PlanningError.self) { try JobGraph(workflow) }
        #expect(error?.message == "job \"build\" needs itself; remove it from its needs")
        #expect(error?.position == "4:12")
    }

    @Test func cyclesArePlacedAtTheEntryOfTheirFirstJob() throws {
        let workflow = try PlanningFixture.workflow("""
            on: push
            jobs:
              start:
                runs-on: docker
                steps: [{run: make}]
              a:
                needs: [start, b]
                runs-on: docker
                steps: [{run: make}]
              b:
                needs: a
                runs-on: docker
                steps: [{run: make}]
            """)
        let error = #expect(throws: PlanningError.self) { try JobGraph(workflow) }
        #expect(error?.message == "the needs of these jobs form a cycle, so none of them can start: \"a\" -> \"b\" -> "
                + "\"a\"; remove one of these needs")
        #expect(error?.position == "7:20")
        let problems = JobGraph.problems(in: workflow)
        #expect(problems.map(\.kind) == [.cycle(["a", "b"])])
        #expect(problems.first?.job.value == "a")
    }

    @Test func everyProblemIsListedInFileOrder() throws {
        let workflow = try PlanningFixture.workflow("""
            on: push
            jobs:
              a:
                needs: [a, missing, b]
                runs-on: docker
                steps: [{run: make}]
              b:
                needs: [a]
                runs-on: docker
                steps: [{run: make}]
            """)
        let problems = JobGraph.problems(in: workflow)
        #expect(problems.map(\.kind) == [.needsItself, .unknownJob(known: ["a", "b"]), .cycle(["a", "b"])])
        #expect(problems.map(\.error.position) == ["4:13", "4:16", "4:25"])
    }

    /// A chain of thousands of needs is walked without recursion.
    @Test func longCyclesAreFoundWithoutExhaustingTheStack() throws {
        let count = 3000
        let jobs = (0..<count).map { index in
            "  j\(index):\n    needs: j\((index + 1) % count)\n    runs-on: docker\n    steps: [{run: make}]"
        }
        let workflow = try PlanningFixture.workflow("on: push\njobs:\n" + jobs.joined(separator: "\n"))
        let problems = JobGraph.problems(in: workflow)
        guard case .cycle(let cycle)? = problems.first?.kind else { Issue.record("no cycle: \(problems)"); return }
        #expect(cycle.count == count)
        #expect(cycle.first == "j0")
    }

    @Test func aWorkflowWithoutJobsHasNoStages() throws {
        let graph = try JobGraph(try PlanningFixture.workflow("on: push\njobs: {}"))
        #expect(graph.stages.isEmpty)
    }
}
