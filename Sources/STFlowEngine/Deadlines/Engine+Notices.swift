import Foundation
import STFlowDefinition
import STFlowRules

extension Engine {
  /// A due timer becomes a notice event only if the task's current state still plans it; a missed
  /// deadline carries its consequence once the number of missed occurrences reaches the threshold.
  func decideNotice(_ timer: PlannedTimer, task: TaskState, check: Checker) throws(Rejection) -> EventPayload {
    guard let deadline = definition.deadlines.first(where: { $0.id == timer.deadlineId }) else {
      throw check.refuse(.unknownField, "workflow '\(definition.id)' has no deadline '\(timer.deadlineId)'")
    }
    let status = DeadlineCalculator(engine: self).status(of: deadline, for: task, now: timer.fireAt, explain: false)
    guard status.timers.contains(where: { $0.key == timer.key }) else {
      throw check.refuse(
        .wrongState,
        "notice \(timer.key) no longer follows from the task: deadline '\(deadline.id)' is \(status.phase.rawValue)"
          + (status.dueDate.map { ", due \($0)" } ?? ""))
    }
    var fields: [String: Value] = [:]
    if timer.kind == .missed, let c = deadline.consequence, status.missed >= c.afterMissed {
      for (field, value) in c.set where task.fields[field] != value { fields[field] = value }
    }
    return .notice(
      kind: timer.kind, deadline: deadline.id, occurrence: timer.occurrence, dueDate: timer.dueDate, step: timer.step, timer: timer.key,
      fields: fields)
  }
}
