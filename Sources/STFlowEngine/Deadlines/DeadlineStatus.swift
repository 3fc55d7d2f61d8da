import Foundation
import STFlowDefinition
import STFlowRules

/// A moment the scheduler must act on: a reminder before a due date, the due date passing, or a step of
/// the overdue ladder. The key is stable, so a delivery is never repeated for the same moment.
public struct PlannedTimer: Sendable, Equatable {
  public enum Kind: String, Sendable {
    case reminder
    /// The due date passed without the deadline being met.
    case missed
    case overdue
  }

  public let key: String
  public let taskKey: String
  public let deadlineId: String
  public let occurrence: Int
  public let kind: Kind
  /// 0 for the due date; the reminder offset (e.g. -7) or the overdue step (1, 2, …).
  public let step: Int
  public let fireAt: Date
  public let dueDate: LocalDate
  /// Roles to notify.
  public let recipients: [String]

  public init(
    key: String, taskKey: String, deadlineId: String, occurrence: Int, kind: Kind, step: Int, fireAt: Date, dueDate: LocalDate,
    recipients: [String]
  ) {
    self.key = key
    self.taskKey = taskKey
    self.deadlineId = deadlineId
    self.occurrence = occurrence
    self.kind = kind
    self.step = step
    self.fireAt = fireAt
    self.dueDate = dueDate
    self.recipients = recipients
  }
}

/// Where a task stands on one deadline, and how its due date was derived.
public struct DeadlineStatus: Sendable {
  public enum Phase: String, Sendable {
    /// The task is not in a state where the deadline runs.
    case inactive
    case pending
    case overdue
    case met
    /// The clock is stopped (the task is in a `pauseWhile` state).
    case paused
    /// Due before an imported task was tracked, and the import does not say it was met: never missed.
    case beforeTracking
  }

  public let deadline: DeadlineDefinition
  public let phase: Phase
  /// Which occurrence (1 for a one-off deadline).
  public let occurrence: Int
  public let dueDate: LocalDate?
  /// Calendar days from today to the due date; negative when overdue.
  public let daysLeft: Int?
  /// Occurrences whose due date has passed unmet.
  public let missed: Int
  public let metAt: Date?
  /// The derivation, step by step (written for people by the presentation layer).
  public let explanation: [DeadlineNote]
  public let timers: [PlannedTimer]
}
