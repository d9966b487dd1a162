import Foundation

/// The fence protocol's version and the JSON payloads of its frames.
///
/// Which kind carries what:
/// - `hello` (runner) and `welcome` (fence host): `FenceHello`, request id 0, before anything else;
/// - `create`: `SandboxSpec` → `created`: `SandboxID`;
/// - `exec`: `FenceExecCall`, then `body` frames with its standard input → `standardOutput`/`standardError`
///   (raw bytes, any number) and one `exited`: `ExitStatus`;
/// - `copyIn`: `FenceCopyInCall`, then `body` frames with the tar archive → `done`;
/// - `copyOut`: `FencePathCall` → `data` frames (raw tar bytes), then `done`;
/// - `abandon` (empty, the id of an exec in flight; from minor version 1): the runner stopped listening; the
///   command is killed and the exec ends with `done` (or with its `exited`, when that came first);
/// - `signal`: `FenceSignalCall` → `done`; `destroy`: `FenceSandboxCall` → `done`; `info` (empty) → `hostInfo`;
/// - any call may instead end with `failure`: `FenceFailure`; on request id 0 it ends the connection.
///
/// Why JSON with raw data frames: control messages are few and small, so JSON costs nothing measurable, keeps
/// the payloads the same `Codable` types the Sandbox protocol already has, and lets a later minor version add
/// optional fields old peers ignore. Output and archives, the bulk, never pass through JSON (no base64, no
/// arrays of numbers): they travel as raw frame payloads.
public enum FenceProtocol {
    public static let name = "swift-runner-fence"
    /// Peers of another major version refuse each other; a minor version only adds what old peers may ignore.
    public static let major = 1
    public static let minor = 1
    /// The most a call's body (standard input, a tar archive to copy in) or a copied-out archive may hold.
    public static let maximumBodyBytes = 1 << 30
}

public struct FenceHello: Codable, Sendable, Equatable {
    public var protocolName: String
    public var major: Int
    public var minor: Int
    /// The sender's software and version, for messages (`swift-runner 0.1.0`).
    public var software: String

    public init(software: String, major: Int = FenceProtocol.major, minor: Int = FenceProtocol.minor) {
        self.protocolName = FenceProtocol.name
        self.major = major
        self.minor = minor
        self.software = software
    }

    /// Whether the sender speaks this protocol's major version; minor versions only add optional fields.
    public var isCompatible: Bool { protocolName == FenceProtocol.name && major == FenceProtocol.major }
}

struct FenceExecCall: Codable, Sendable {
    var sandbox: SandboxID
    /// The request without its standard input, which follows as `inputLength` bytes of `body` frames.
    var request: ExecRequest
    var inputLength: Int?
}

struct FenceCopyInCall: Codable, Sendable {
    var sandbox: SandboxID
    var path: String
    var archiveLength: Int
}

struct FencePathCall: Codable, Sendable {
    var sandbox: SandboxID
    var path: String
}

struct FenceSignalCall: Codable, Sendable {
    var sandbox: SandboxID
    var signal: Int32
}

struct FenceSandboxCall: Codable, Sendable {
    var sandbox: SandboxID
}

struct FenceFailure: Codable, Sendable {
    var code: SandboxError.Code
    var message: String

    /// Messages longer than this are cut, so a failure always fits in one frame.
    static let maximumMessageLength = 64 << 10

    init(_ error: SandboxError) {
        self.code = error.code
        self.message = error.message.count > Self.maximumMessageLength
            ? String(error.message.prefix(Self.maximumMessageLength)) + "… (cut)" : error.message
    }

    var error: SandboxError { SandboxError(code, message) }
}

/// JSON in and out of frame payloads; a payload that does not decode is the peer's protocol violation.
enum FenceJSON {
    static func encode(_ value: some Encodable) -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(value))
        } catch {
            preconditionFailure("fence protocol: \(type(of: value)) did not encode as JSON: \(error)")
        }
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from frame: FenceFrame) throws(SandboxError) -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(frame.payload))
        } catch {
            throw SandboxError(.protocolViolation, "fence protocol: the \(frame.kind) frame of request "
                + "\(frame.requestID) does not hold a valid \(type): \(error)")
        }
    }

    /// Splits bulk data into `body` or `data` frames no larger than the chunk size.
    static func chunks(_ bytes: [UInt8], kind: FenceFrame.Kind, requestID: UInt32) -> [FenceFrame] {
        stride(from: 0, to: bytes.count, by: FenceFrame.chunkSize).map {
            FenceFrame(kind, requestID, Array(bytes[$0..<min($0 + FenceFrame.chunkSize, bytes.count)]))
        }
    }
}
