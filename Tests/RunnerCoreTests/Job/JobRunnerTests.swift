import Foundation
import Testing
import WorkflowParser
@testable import RunnerCore

/// The engine on the host: steps, contexts, env layering, conditions, file and workflow commands, outputs.
@Suite struct JobRunnerTests {
    @Test func stepOutputsFlowToLaterStepsAndJobOutputs() async throws {
        let (result, reporter) = try await HostJob().run("""
            on: push
            jobs:
              test:
                runs-on: host
                outputs:
                  greeting: ${{ steps.first.outputs.greeting }}
                  multi: ${{ steps.first.outputs.multi }}
                steps:
                  - id: first
                    run: |
                      echo "greeting=hello world" >> "$GITHUB_OUTPUT"
                      { echo "multi<<EOF"; echo "line 1"; echo "line 2"; echo "EOF"; } >> "$GITHUB_OUTPUT"
                  - run: echo "got ${{ steps.first.outputs.greeting }} / ${{ steps.first.outcome }}"
            """)
        #expect(result.outcome == .success)
        #expect(result.outputs == ["greeting": "hello world", "multi": "line 1\nline 2"])
        #expect(reporter.lines.contains("got hello world / success"))
    }

    @Test func environmentLayersWorkflowJobStepAndGitHubEnv() async throws {
        let (result, reporter) = try await HostJob().run("""
            on: push
            env:
              LEVEL: workflow
              WORKFLOW_ONLY: w
            jobs:
              test:
                runs-on: host
                env:
                  LEVEL: job
                steps:
                  - run: echo "ADDED=from-file" >> "$GITHUB_ENV"
                  - env:
                      LEVEL: step
                    run: echo "$LEVEL $WORKFLOW_ONLY $ADDED ${{ env.ADDED }} $CI $GITHUB_REPOSITORY $FORGEJO_REPOSITORY $GITHUB_JOB"
                  - run: echo "after $LEVEL"
            """)
        #expect(result.outcome == .success)
        #expect(reporter.lines.contains("step w from-file from-file true owner/repo owner/repo test"))
        #expect(reporter.lines.contains("after job"))
    }

    @Test func conditionsStatusFunctionsAndContinueOnError() async throws {
        let (result, reporter) = try await HostJob().run("""
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - id: soft
                    continue-on-error: true
                    run: exit 3
                  - run: echo "still running after ${{ steps.soft.outcome }}/${{ steps.soft.conclusion }}"
                  - run: exit 1
                  - run: echo never
                  - if: failure()
                    run: echo "on failure"
                  - if: always()
                    run: echo "always"
                  - if: ${{ success() }}
                    run: echo "not on success"
            """)
        #expect(result.outcome == .failure)
        #expect(result.stepConclusions == [.success, .success, .failure, .skipped, .success, .success, .skipped])
        #expect(reporter.lines.contains("still running after failure/success"))
        #expect(!reporter.lines.contains("never"))
        #expect(reporter.lines.contains("on failure") && reporter.lines.contains("always"))
        #expect(reporter.lines.contains { $0.contains("exited with code 3") })
    }

    @Test func shellsAndWorkingDirectories() async throws {
        let (result, reporter) = try await HostJob().run("""
            on: push
            defaults:
              run:
                shell: sh
            jobs:
              test:
                runs-on: host
                steps:
                  - run: mkdir -p sub && echo "sh default $0"
                  - shell: bash
                    run: echo "bash ${BASH_VERSION:+yes}"
                  - shell: bash
                    continue-on-error: true
                    run: false | true
                  - shell: python3 {0}
                    run: print("python", 1 + 1)
                  - working-directory: sub
                    run: echo "in $(basename "$PWD")"
            """)
        #expect(result.stepConclusions == [.success, .success, .success, .success, .success])
        #expect(reporter.lines.contains { $0.hasPrefix("sh default") && $0.hasSuffix(".sh") })
        #expect(reporter.lines.contains("bash yes"))
        #expect(reporter.steps[2].outcome == .failure, "bash runs with -o pipefail")
        #expect(reporter.lines.contains("python 2"))
        #expect(reporter.lines.contains("in sub"))
        _ = result
    }

    /// act's if-env-act: `env.ACT` is set, as the reference runner sets it, and a workflow's env may still say
    /// otherwise.
    @Test func actIsInTheEnvironmentAsTheReferenceRunnerSetsIt() async throws {
        let (result, reporter) = try await HostJob().run("""
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - if: ${{ env.ACT }}
                    run: echo "ACT=$ACT"
                  - if: ${{ !env.ACT }}
                    run: echo "not act"
                  - env:
                      ACT: ''
                    run: echo "step ACT=[$ACT]"
            """)
        #expect(result.stepConclusions == [.success, .skipped, .success], "\(reporter.log)")
        #expect(reporter.lines.contains("ACT=true") && reporter.lines.contains("step ACT=[]"))
    }

    /// act's mask-values: a step named after its script shows a value an earlier step masked as `***`.
    @Test func stepNamesAreMasked() async throws {
        let (result, reporter) = try await HostJob().run("""
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - run: echo "::add-mask::hidden word"
                  - run: echo "hidden word"
            """)
        #expect(result.outcome == .success, "\(reporter.log)")
        #expect(reporter.steps.map(\.name) == [#"Run echo "::add-mask::***""#, #"Run echo "***""#])
        #expect(!reporter.log.contains("hidden word"))
    }

    /// act's services-empty-image: a service whose image evaluates to "" is not started (so a host label, which
    /// has no services, still runs the job).
    @Test func aServiceWithAnEmptyImageIsLeftOut() async throws {
        let (result, reporter) = try await HostJob().run("""
            on: push
            jobs:
              test:
                runs-on: host
                services:
                  postgres:
                    image: ${{ false || '' }}
                steps:
                  - run: echo "services [${{ join(job.services.*.id, ',') }}]"
            """)
        #expect(result.outcome == .success, "\(reporter.log)")
        #expect(reporter.lines.contains("Service postgres is not started: its image evaluates to an empty name"))
        #expect(reporter.lines.contains("services []"))
    }

    /// act's job-container-invalid-credentials: an empty password (an unset secret, say) fails the job, naming it.
    @Test func containerCredentialsMustBothBeGiven() async throws {
        let (result, reporter) = try await HostJob().run("""
            on: push
            jobs:
              test:
                runs-on: host
                container:
                  image: debian
                  credentials:
                    username: user
                    password: ${{ secrets.MISSING }}
                steps:
                  - run: exit 0
            """)
        #expect(result.outcome == .failure)
        #expect(reporter.annotations.contains { $0.message.contains("container.credentials.password is empty") }, "\(reporter.log)")
    }

    /// `shell: python` where only python3 is installed (Debian's images, this test's host jobs).
    @Test func thePythonShellTakesPython3WhenThereIsNoPython() async throws {
        let (result, reporter) = try await HostJob().run("""
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - shell: python
                    run: |
                      import sys
                      print("python", sys.version_info.major, sys.argv[0].endswith(".py"))
            """)
        #expect(result.outcome == .success, "\(reporter.log)")
        #expect(reporter.lines.contains("python 3 True"))
    }

    @Test func aShellThatCannotWorkIsAClearError() async throws {
        let (result, reporter) = try await HostJob().run("""
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - shell: perl
                    run: print 1
            """)
        #expect(result.outcome == .failure)
        #expect(reporter.annotations.contains { $0.message.contains("test.yml:6:") && $0.message.contains("must contain {0}") })
    }

    @Test func secretsAreMaskedEverywhereTheyCouldLeak() async throws {
        var job = HostJob()
        job.secrets = ["TOKEN": "s3cr3t-value", "MULTI": "first-line-secret\nsecond-line-secret"]
        let (result, reporter) = try await job.run("""
            on: push
            jobs:
              test:
                runs-on: host
                outputs:
                  leaked: ${{ steps.leak.outputs.value }}
                steps:
                  - id: leak
                    run: |
                      echo "out ${{ secrets.TOKEN }}"
                      echo "err ${{ secrets.TOKEN }}" >&2
                      echo "${{ secrets.MULTI }}"
                      printf 's3cr3t'; sleep 0.2; printf -- '-value split\\n'
                      echo "value=${{ secrets.TOKEN }}" >> "$GITHUB_OUTPUT"
                      echo "summary ${{ secrets.TOKEN }}" >> "$GITHUB_STEP_SUMMARY"
                      echo "::error title=t ${{ secrets.TOKEN }}::annotated ${{ secrets.TOKEN }}"
                      echo "::add-mask::dynamic-mask-me"
                      echo "now dynamic-mask-me"
            """)
        #expect(result.outcome == .success)
        let everything = reporter.log + reporter.annotations.map { "\($0.message) \($0.title ?? "")" }.joined() + result.summary
            + result.outputs.values.joined()
        for secret in ["s3cr3t-value", "first-line-secret", "second-line-secret", "dynamic-mask-me"] {
            #expect(!everything.contains(secret), "\(secret) leaked")
        }
        #expect(reporter.lines.contains("out ***") && reporter.lines.contains("err ***") && reporter.lines.contains("*** split"))
        #expect(result.outputs["leaked"] == "***" && result.summary.contains("summary ***"))
        #expect(reporter.lines.contains("now ***"))
    }

    @Test func workflowCommandsAnnotateAndWarn() async throws {
        let (result, reporter) = try await HostJob().run("""
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - id: old
                    run: |
                      echo "::warning file=src/a.c,line=3,col=7::look here"
                      echo "::set-output name=legacy::works"
                      echo "::set-env name=NOPE::x"
                  - run: echo "legacy=${{ steps.old.outputs.legacy }} nope=${NOPE:-unset}"
            """)
        #expect(result.outcome == .success)
        #expect(reporter.annotations.contains { $0.level == .warning && $0.place == "src/a.c:3:7" && $0.message == "look here" })
        #expect(reporter.annotations.contains { $0.level == .warning && $0.message.lowercased().contains("deprecated") })
        #expect(reporter.annotations.contains { $0.level == .error && $0.message.contains("ACTIONS_ALLOW_UNSECURE_COMMANDS") })
        #expect(reporter.lines.contains("legacy=works nope=unset"))
    }

    @Test func pathDebugAndTheUnsecureCommandsSwitch() async throws {
        var job = HostJob()
        job.secrets = ["ACTIONS_STEP_DEBUG": "true"]
        let (result, reporter) = try await job.run("""
            on: push
            env:
              ACTIONS_ALLOW_UNSECURE_COMMANDS: true
            jobs:
              test:
                runs-on: host
                steps:
                  - run: |
                      mkdir -p "$RUNNER_TEMP/tools" && printf '#!/bin/sh\\necho tool ran\\n' > "$RUNNER_TEMP/tools/mytool"
                      chmod +x "$RUNNER_TEMP/tools/mytool"
                      echo "$RUNNER_TEMP/tools" >> "$GITHUB_PATH"
                      echo "::debug::visible with step debug"
                      echo "::set-env name=OLD_STYLE::allowed"
                  - run: mytool; echo "old style $OLD_STYLE"
            """)
        #expect(result.outcome == .success, "\(reporter.log)")
        #expect(reporter.lines.contains("tool ran") && reporter.lines.contains("old style allowed"))
        #expect(reporter.lines.contains("##[debug]visible with step debug"))
    }

    @Test func aBadFileCommandLineFailsTheStepSayingWhy() async throws {
        let (result, reporter) = try await HostJob().run("""
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - run: echo "broken<<END" >> "$GITHUB_OUTPUT"
            """)
        #expect(result.outcome == .failure)
        #expect(reporter.annotations.contains { $0.message.contains("GITHUB_OUTPUT") && $0.message.contains("END") })
    }

    @Test func aStepTimeoutStopsItsCommand() async throws {
        let (result, reporter) = try await HostJob().run("""
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - timeout-minutes: 0.01
                    run: sleep 30
                  - if: always()
                    run: echo after
            """)
        #expect(result.outcome == .failure)
        #expect(reporter.annotations.contains { $0.message.contains("timeout") })
        #expect(reporter.lines.contains("after"))
    }

    @Test func cancellingAJobRunsOnlyAlwaysSteps() async throws {
        let (result, reporter) = try await HostJob().run("""
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - run: echo started; sleep 30
                  - run: echo not-after-cancel
                  - if: cancelled()
                    run: echo "cleanup after cancel"
            """) { runner in
                try? await Task.sleep(for: .milliseconds(700))
                runner.cancel(reason: "Cancelled by the test")
            }
        #expect(result.outcome == .cancelled)
        #expect(result.stepConclusions == [.cancelled, .skipped, .success])
        #expect(reporter.lines.contains("cleanup after cancel") && !reporter.lines.contains("not-after-cancel"))
        #expect(reporter.lines.contains("Cancelled by the test"))
    }

    @Test func aJobTimeoutCancelsTheJob() async throws {
        let (result, reporter) = try await HostJob().run("""
            on: push
            jobs:
              test:
                runs-on: host
                timeout-minutes: 0.01
                steps:
                  - run: sleep 30
            """)
        #expect(result.outcome == .cancelled)
        #expect(reporter.lines.contains { $0.contains("exceeded its maximum run time") })
    }

    @Test func matrixStrategyNeedsAndContextsAreVisible() async throws {
        let (_, reporter) = try await HostJob().run("""
            on: push
            jobs:
              test:
                runs-on: host
                steps:
                  - run: echo "${{ github.repository }} ${{ forgejo.event_name }} ${{ forge.sha }} ${{ runner.os }} ${{ job.status }}"
            """)
        #expect(reporter.lines.contains("owner/repo push \(String(repeating: "a", count: 40)) Linux success"))
    }
}
