import Foundation
import SwiftProtobuf
import WorkflowParser

/// The daemon's tasks and reports over Forgejo's runner protocol: protobuf in, the engine's own types out.
public struct ForgejoTaskService: TaskSource, TaskReportingService {
    public let client: ConnectClient
    /// `fetch_timeout`: FetchTask may be held open this long by the server.
    public let fetchTimeout: Duration

    public init(client: ConnectClient, fetchTimeout: Duration = .seconds(5)) {
        self.client = client
        self.fetchTimeout = fetchTimeout
    }

    public func fetchTask(tasksVersion: Int64, requestKey: UUID) async throws -> (task: TaskInput?, tasksVersion: Int64) {
        var request = Runner_V1_FetchTaskRequest()
        request.tasksVersion = tasksVersion
        var fetching = client
        fetching.timeout = fetchTimeout + .seconds(5)
        let response = try await fetching.fetchTask(request, requestKey: requestKey)
        return (response.hasTask ? Self.input(response.task) : nil, response.tasksVersion)
    }

    public func updateLog(task: Int64, index: Int, rows: [TaskLogRow], noMore: Bool) async throws -> Int {
        var request = Runner_V1_UpdateLogRequest()
        request.taskID = task
        request.index = Int64(index)
        request.rows = rows.map { row in
            var logRow = Runner_V1_LogRow()
            logRow.time = Google_Protobuf_Timestamp(date: row.time)
            logRow.content = row.content
            return logRow
        }
        request.noMore = noMore
        let answer: Result<Runner_V1_UpdateLogResponse, ForgejoError>
        do {
            answer = .success(try await client.updateLog(request))
        } catch {
            answer = .failure(error)
        }
        switch answer {
        case .success(let response): return Int(response.ackIndex)
        // The log was archived: an earlier final call arrived and only its answer was lost.
        case .failure(let error) where error.code == .alreadyExists: return index + rows.count
        case .failure(let error): throw error
        }
    }

    public func updateTask(_ report: TaskStateReport, outputs: [String: String]) async throws -> TaskStateAnswer {
        var state = Runner_V1_TaskState()
        state.id = report.id
        state.result = Self.result(report.result)
        if let started = report.startedAt { state.startedAt = Google_Protobuf_Timestamp(date: started) }
        if let stopped = report.stoppedAt { state.stoppedAt = Google_Protobuf_Timestamp(date: stopped) }
        state.steps = report.steps.map { step in
            var stepState = Runner_V1_StepState()
            stepState.id = Int64(step.id)
            stepState.result = Self.result(step.result)
            if let started = step.startedAt { stepState.startedAt = Google_Protobuf_Timestamp(date: started) }
            if let stopped = step.stoppedAt { stepState.stoppedAt = Google_Protobuf_Timestamp(date: stopped) }
            stepState.logIndex = Int64(step.logIndex)
            stepState.logLength = Int64(step.logLength)
            return stepState
        }
        var request = Runner_V1_UpdateTaskRequest()
        request.state = state
        request.outputs = outputs
        let response = try await client.updateTask(request)
        return TaskStateAnswer(result: response.hasState ? Self.outcome(response.state.result) : nil, sentOutputs: response.sentOutputs)
    }

    // MARK: Conversions

    static func input(_ task: Runner_V1_Task) -> TaskInput {
        TaskInput(id: task.id, payload: String(decoding: task.workflowPayload, as: UTF8.self),
                  context: task.hasContext ? object(task.context) : ExpressionObject([]), secrets: task.secrets, vars: task.vars,
                  needs: task.needs.mapValues { NeededJob(result: outcome($0.result) ?? .failure, outputs: $0.outputs) })
    }

    static func result(_ outcome: JobOutcome?) -> Runner_V1_Result {
        switch outcome {
        case nil: .unspecified
        case .success?: .success
        case .failure?: .failure
        case .cancelled?: .cancelled
        case .skipped?: .skipped
        }
    }

    static func outcome(_ result: Runner_V1_Result) -> JobOutcome? {
        switch result {
        case .success: .success
        case .failure: .failure
        case .cancelled: .cancelled
        case .skipped: .skipped
        case .unspecified, .UNRECOGNIZED: nil
        }
    }

    /// A protobuf Struct as an expression object, keys sorted (a Struct's map has no order of its own).
    static func object(_ value: Google_Protobuf_Struct) -> ExpressionObject {
        ExpressionObject(value.fields.sorted { $0.key < $1.key }.map { (key: $0.key, value: expression($0.value)) })
    }

    static func expression(_ value: Google_Protobuf_Value) -> ExpressionValue {
        switch value.kind {
        case .nullValue, nil: .null
        case .numberValue(let number): .number(number)
        case .stringValue(let text): .string(text)
        case .boolValue(let flag): .bool(flag)
        case .structValue(let nested): .object(object(nested))
        case .listValue(let list): .array(ExpressionArray(list.values.map(expression)))
        }
    }
}
