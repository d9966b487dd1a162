import Foundation

/// One line of a task's log as the server stores it.
public struct TaskLogRow: Sendable, Equatable {
    public var time: Date
    public var content: String

    public init(time: Date, content: String) {
        self.time = time
        self.content = content
    }
}

/// A task's log rows from the first the server has not acknowledged on: rows wait here, in order, until an
/// `UpdateLog` answer acknowledges them, however long the server is away. Past `memoryLimit` bytes the newest
/// rows go to a file on disk and come back from it in order, so a long outage costs disk, not memory, and no row
/// is lost or sent twice past the acknowledgement.
public final class LogBuffer {
    /// Rows acknowledged by the server: the index of the first row still held.
    public private(set) var acknowledged = 0
    /// Rows appended so far: the index the next row gets.
    public private(set) var count = 0
    private var memory: [TaskLogRow] = []
    private var memoryBytes = 0
    private let memoryLimit: Int
    private let spill: SpillFile

    /// `spillPath` is created when first needed and removed when the buffer goes.
    public init(memoryLimit: Int = 8 << 20, spillPath: String) {
        self.memoryLimit = memoryLimit
        self.spill = SpillFile(path: spillPath)
    }

    deinit { spill.remove() }

    /// Rows waiting for the server's acknowledgement.
    public var pending: Int { count - acknowledged }

    /// A row that cannot be kept (the spill file's disk is full) is not counted: the indexes stay those of the
    /// rows held.
    public func append(_ row: TaskLogRow) throws {
        if spill.rows == 0, memoryBytes < memoryLimit {
            memory.append(row)
            memoryBytes += Self.size(row)
        } else {
            try spill.append(row)
        }
        count += 1
    }

    /// Up to `limit` rows from the first unacknowledged one, with that row's index (the `index` of `UpdateLog`).
    public func unacknowledged(limit: Int = 1000) throws -> (index: Int, rows: [TaskLogRow]) {
        try refill()
        return (acknowledged, Array(memory.prefix(limit)))
    }

    /// The server stored every row before `ack`. An acknowledgement behind the one before is the server's error:
    /// the rows it forgot are gone from here already.
    public func acknowledge(_ ack: Int) throws(LogBufferError) {
        guard ack >= acknowledged else { throw .wentBackwards(from: acknowledged, to: ack) }
        guard ack <= count else { throw .beyondTheEnd(ack: ack, count: count) }
        var dropping = ack - acknowledged
        while dropping > 0 {
            let fromMemory = min(dropping, memory.count)
            memoryBytes -= memory.prefix(fromMemory).reduce(0) { $0 + Self.size($1) }
            memory.removeFirst(fromMemory)
            dropping -= fromMemory
            acknowledged += fromMemory
            if dropping > 0 {
                do { try refill() } catch { throw .spill(String(describing: error)) }
            }
        }
    }

    /// Moves rows from the spill file into memory while there is room (or memory is empty).
    private func refill() throws {
        while spill.rows > 0, memory.isEmpty || memoryBytes < memoryLimit {
            for row in try spill.take(max(1, memory.isEmpty ? 1000 : 100)) {
                memory.append(row)
                memoryBytes += Self.size(row)
            }
        }
    }

    private static func size(_ row: TaskLogRow) -> Int { row.content.utf8.count + 16 }
}

public enum LogBufferError: Error, Equatable, CustomStringConvertible {
    case wentBackwards(from: Int, to: Int)
    case beyondTheEnd(ack: Int, count: Int)
    case refused(index: Int)
    case spill(String)

    public var description: String {
        switch self {
        case .wentBackwards(let from, let to):
            "the server acknowledged log rows up to \(to) after it had acknowledged \(from); its log lost rows"
        case .beyondTheEnd(let ack, let count):
            "the server acknowledged \(ack) log rows, but only \(count) were sent"
        case .refused(let index):
            "the server took none of the log rows sent from row \(index), its own count; it refuses this task's log"
        case .spill(let reason):
            "cannot read back log rows kept on disk: \(reason)"
        }
    }
}

/// Rows past the memory limit, appended to a file and read back from its front in order.
private final class SpillFile {
    let path: String
    private(set) var rows = 0
    private var readOffset: UInt64 = 0
    private var writer: FileHandle?

    init(path: String) {
        self.path = path
    }

    func append(_ row: TaskLogRow) throws {
        if writer == nil {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            writer = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try writer?.seekToEnd()
        }
        let content = Array(row.content.utf8)
        var record = Data()
        withUnsafeBytes(of: row.time.timeIntervalSince1970.bitPattern.bigEndian) { record.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(content.count).bigEndian) { record.append(contentsOf: $0) }
        record.append(contentsOf: content)
        let end = try writer?.offset() ?? 0
        do {
            try writer?.write(contentsOf: record)
        } catch {
            // A half-written record would garble every row after it: cut it off again.
            try? writer?.truncate(atOffset: end)
            throw error
        }
        rows += 1
    }

    /// The oldest `limit` rows, removed from the file's unread part.
    func take(_ limit: Int) throws -> [TaskLogRow] {
        guard rows > 0 else { return [] }
        let reader = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? reader.close() }
        try reader.seek(toOffset: readOffset)
        var taken: [TaskLogRow] = []
        while taken.count < min(limit, rows) {
            guard let header = try reader.read(upToCount: 12), header.count == 12 else { throw SpillError.truncated(path) }
            let time = header.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let length = header.suffix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let content = length == 0 ? Data() : (try reader.read(upToCount: Int(length)) ?? Data())
            guard content.count == Int(length) else { throw SpillError.truncated(path) }
            taken.append(TaskLogRow(time: Date(timeIntervalSince1970: Double(bitPattern: time)),
                                    content: String(decoding: content, as: UTF8.self)))
            readOffset += 12 + UInt64(length)
        }
        rows -= taken.count
        if rows == 0 {
            try? writer?.close()
            writer = nil
            readOffset = 0
            try? FileManager.default.removeItem(atPath: path)
        }
        return taken
    }

    func remove() {
        try? writer?.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}

private enum SpillError: Error, CustomStringConvertible {
    case truncated(String)

    var description: String {
        switch self {
        case .truncated(let path): "\(path) ends inside a row (the disk filled up, or something else wrote it)"
        }
    }
}
