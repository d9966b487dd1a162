import Foundation
import RunnerCore
import SwiftProtobuf

extension Runner_V1_Task {
    /// A task the way Forgejo sends one: the single-job `payload`, a context with the repository and the default
    /// actions URL (and the job token when given), and `secrets`.
    public static func forTests(payload: String, secrets: [String: String] = [:], token: String? = nil) -> Runner_V1_Task {
        var task = Runner_V1_Task()
        task.workflowPayload = Data(payload.utf8)
        var context = Google_Protobuf_Struct()
        context.fields["repository"] = Google_Protobuf_Value(stringValue: "owner/repo")
        context.fields["forgejo_default_actions_url"] = Google_Protobuf_Value(stringValue: "https://data.forgejo.org")
        if let token { context.fields["token"] = Google_Protobuf_Value(stringValue: token) }
        task.context = context
        task.secrets = secrets
        return task
    }
}
