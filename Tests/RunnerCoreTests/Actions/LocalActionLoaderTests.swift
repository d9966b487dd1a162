import Foundation
import TestSupport
import Testing
@testable import RunnerCore

/// `uses: ./path` actions read from a workspace folder.
@Suite struct LocalActionLoaderTests {
    let scratch: TemporaryDirectory
    let workspace: String

    init() throws {
        scratch = try TemporaryDirectory()
        workspace = try scratch.subdirectory("workspace")
    }

    func write(_ text: String, to relative: String) throws {
        let path = "\(workspace)/\(relative)"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func loadError(_ path: String) -> ActionError? {
        do {
            _ = try LocalActionLoader(workspace: workspace).load(path)
            return nil
        } catch {
            return error
        }
    }

    @Test func loadsActionYMLElseActionYAML() throws {
        try write(manifest(named: "greet"), to: ".forgejo/actions/greet/action.yml")
        try write(manifest(named: "other"), to: "tools/other/action.yaml")
        let greet = try LocalActionLoader(workspace: workspace).load(".forgejo/actions/greet")
        #expect(greet.manifest.name?.value == "greet")
        #expect(greet.manifest.file == ".forgejo/actions/greet/action.yml")
        #expect(greet.directory == "\(workspace)/.forgejo/actions/greet")
        let other = try LocalActionLoader(workspace: workspace).load("./tools/other")
        #expect(other.manifest.name?.value == "other")
        #expect(other.manifest.file == "tools/other/action.yaml")
    }

    @Test func aMissingFolderSaysToCheckOutTheRepository() {
        let error = loadError("nowhere")
        #expect(error?.code == .missingFolder)
        #expect(error?.message.contains("local action ./nowhere") == true)
        #expect(error?.message.contains("actions/checkout") == true)
    }

    @Test func aFolderWithoutManifestIsNamed() throws {
        try write("not an action\n", to: "empty/README.md")
        let error = loadError("empty")
        #expect(error?.code == .missingManifest)
        #expect(error?.message.contains("\(workspace)/empty") == true)
        #expect(error?.message.contains("action.yml") == true && error?.message.contains("action.yaml") == true)
    }

    @Test func aManifestThatIsNoRegularFileIsRefusedWithoutOpeningIt() throws {
        try FileManager.default.createDirectory(atPath: "\(workspace)/piped", withIntermediateDirectories: true)
        #expect(mkfifo("\(workspace)/piped/action.yml", 0o600) == 0)
        let error = loadError("piped")
        #expect(error?.code == .invalidManifest)
        #expect(error?.message.contains("is not a regular file") == true)
    }

    @Test func aPathLeavingTheWorkspaceIsRefused() throws {
        let outside = try scratch.subdirectory("outside")
        try manifest(named: "outside").write(toFile: "\(outside)/action.yml", atomically: true, encoding: .utf8)
        #expect(loadError("a/../../outside")?.code == .invalidReference)
        try FileManager.default.createSymbolicLink(atPath: "\(workspace)/linked", withDestinationPath: outside)
        let linked = loadError("linked")
        #expect(linked?.code == .invalidReference)
        #expect(linked?.message.contains("through the symlink 'linked'") == true)
        #expect(linked?.message.contains("must stay inside the workspace") == true)
        try FileManager.default.createDirectory(atPath: "\(workspace)/sneaky", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(workspace)/sneaky/action.yml", withDestinationPath: "\(outside)/action.yml")
        #expect(loadError("sneaky")?.code == .invalidReference, "the manifest itself may not lead out either")
    }

    @Test func aLinkInsideTheWorkspaceIsFollowed() throws {
        try write(manifest(named: "real"), to: "real/action.yml")
        try FileManager.default.createSymbolicLink(atPath: "\(workspace)/alias", withDestinationPath: "real")
        let loaded = try LocalActionLoader(workspace: workspace).load("alias")
        #expect(loaded.manifest.name?.value == "real")
        #expect(loaded.directory == "\(workspace)/real")
    }
}
