import ArgumentParser
import Foundation
import RunnerCore
import WorkflowParser

extension ExecOptions {
    /// The typed options of an `exec` command line; malformed values are usage errors (exit 2).
    init(command: Exec) throws {
        let directory = FileManager.default.currentDirectoryPath
        var secrets = try Self.dotEnvFiles(command.secretFile, option: "--secret-file")
        for secret in command.secrets {
            if secret.contains("=") {
                let (key, value) = try Self.pair(secret, option: "--secret")
                secrets[key] = value
            } else if let value = ProcessInfo.processInfo.environment[secret] {
                secrets[secret] = value
            } else {
                throw ValidationError("--secret \(secret): give K=V, or set \(secret) in the environment")
            }
        }
        var event = ExpressionObject([])
        if let file = command.eventFile {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("--event-file \(file): cannot read it")
            }
            do {
                guard case .object(let object) = try ExpressionValue(parsingJSON: text) else {
                    throw ValidationError("--event-file \(file): the payload must be a JSON object")
                }
                event = object
            } catch let error as JSONSyntaxError {
                throw ValidationError("--event-file \(file): not valid JSON: \(error)")
            }
        }
        var labels: [RunnerLabel] = []
        for label in command.labels {
            let (name, spec) = try Self.pair(label, option: "--label")
            do {
                labels.append(try RunnerLabel(parsing: "\(name):\(spec == "native" ? "docker://native" : spec)"))
            } catch {
                throw ValidationError("--label \(label): \(error)")
            }
        }
        self.init(repositoryRoot: directory, workflowsPath: command.workflows, eventName: command.event, event: event,
                  jobs: Set(command.job), secrets: secrets, vars: try Self.pairs(command.vars, "--var"),
                  environment: try Self.dotEnvFiles(command.environmentFiles, option: "--env-file")
                    .merging(try Self.pairs(command.environment, "--env")) { $1 }, inputs: try Self.pairs(command.inputs, "--input"),
                  labels: labels, runOnHost: command.host, profile: ForgejoProfile.named(command.forgejoVersion) ?? .default,
                  capacity: command.capacity, configFile: command.config, stateDirectory: command.stateDirectory,
                  defaultActionsURL: command.defaultActionsURL, serverURL: command.forgejoInstance,
                  skipsCheckout: !command.noSkipCheckout, repositories: try Self.pairs(command.repositories, "--repo"),
                  matrixFilter: try Self.matrixFilter(command.matrixFilter), color: isatty(1) != 0, live: isatty(1) != 0)
    }

    /// `--matrix KEY:VALUE` (act's spelling), values of one key gathered.
    private static func matrixFilter(_ values: [String]) throws -> [String: Set<String>] {
        var filter: [String: Set<String>] = [:]
        for text in values {
            guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
                throw ValidationError("--matrix \(text): write KEY:VALUE, e.g. --matrix os:ubuntu-latest")
            }
            filter[String(text[..<colon]), default: []].insert(String(text[text.index(after: colon)...]))
        }
        return filter
    }

    /// The variables of `.env` files, later files over earlier ones.
    private static func dotEnvFiles(_ files: [String], option: String) throws -> [String: String] {
        var variables: [String: String] = [:]
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("\(option) \(file): cannot read it")
            }
            do {
                for pair in try DotEnvFile.parse(text, file: file) { variables[pair.key] = pair.value }
            } catch {
                throw ValidationError("\(option) \(error)")
            }
        }
        return variables
    }

    private static func pairs(_ values: [String], _ option: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for value in values {
            let (key, text) = try pair(value, option: option)
            result[key] = text
        }
        return result
    }

    private static func pair(_ text: String, option: String) throws -> (String, String) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ValidationError("\(option) \(text): write NAME=VALUE")
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }
}
