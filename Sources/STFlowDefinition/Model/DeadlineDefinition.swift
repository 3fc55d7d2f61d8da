import STFlowRules

/// A deadline a task must meet while it is in some states, declared in the definition with its legal basis.
///
/// One-off: `"due": "contractEnd + 30d"`. Recurring: `"every": "6mo", "from": "contractStart"`, whose
/// n-th occurrence falls n periods after `from` and is met by the n-th firing of `metBy`.
public final class DeadlineDefinition: Sendable {
  public enum Schedule: Sendable {
    case once(due: GuardExpression)
    case recurring(from: GuardExpression, every: Period)
  }

  /// What happens after a number of missed occurrences, e.g. funding suspended after two missed reports.
  public struct Consequence: Sendable {
    public let afterMissed: Int
    /// Field values to set, e.g. `fundingSuspended = true`.
    public let set: [(field: String, value: Value)]
  }

  /// What to do with reminders that fell due while nothing was running (the scheduler's catch-up).
  public enum CatchUp: Sendable, Equatable {
    case all
    case latest
    case skipOlderThan(Period)
  }

  public let id: String
  public let label: LocalizedText
  public let schedule: Schedule
  /// The states in which the deadline runs.
  public let activeIn: [String]
  /// The transition that meets it.
  public let metBy: String?
  /// States in which the clock stops; time spent there moves the due date (resume keeps the remaining time).
  public let pausedIn: [String]
  /// Reminder offsets from the due date, e.g. -14d, -7d, -1d.
  public let reminders: [Period]
  /// After the due date: remind again every this often, escalating to a role, at most `overdueLimit` times.
  public let overdueEvery: Period?
  public let escalateTo: String?
  public let overdueLimit: Int
  public let consequence: Consequence?
  public let catchUp: CatchUp
  /// Roles to notify (besides `escalateTo` once overdue).
  public let notify: [String]
  public let basis: String?
  /// Bộ luật Dân sự 2015, Điều 148 khoản 5: when the last day of the period is a weekly rest day or a
  /// public holiday, the period ends at the end of the next working day.
  public let rollToWorkingDay: Bool

  public init(
    id: String, label: LocalizedText, schedule: Schedule, activeIn: [String], metBy: String?, pausedIn: [String] = [],
    reminders: [Period] = [], overdueEvery: Period? = nil, escalateTo: String? = nil, overdueLimit: Int = 12,
    consequence: Consequence? = nil, catchUp: CatchUp = .latest, notify: [String] = [], basis: String? = nil,
    rollToWorkingDay: Bool = false
  ) {
    self.rollToWorkingDay = rollToWorkingDay
    self.id = id
    self.label = label
    self.schedule = schedule
    self.activeIn = activeIn
    self.metBy = metBy
    self.pausedIn = pausedIn
    self.reminders = reminders
    self.overdueEvery = overdueEvery
    self.escalateTo = escalateTo
    self.overdueLimit = overdueLimit
    self.consequence = consequence
    self.catchUp = catchUp
    self.notify = notify
    self.basis = basis
  }

  /// The legal basis of rolling a due date that falls on a day off.
  public static let rollBasis = "Bộ luật Dân sự 2015, Điều 148 khoản 5"

  /// `due` as the deadline counts it: moved to the next working day when it falls on a day off and the
  /// deadline rolls (bounded: a calendar never has a year without a working day).
  public func effectiveDue(_ due: LocalDate, calendar: any BusinessCalendar) -> LocalDate {
    guard rollToWorkingDay else { return due }
    var d = due
    var steps = 0
    while steps < 366, !calendar.isWorkingDay(d) {
      d = d.adding(days: 1)
      steps += 1
    }
    return d
  }

  /// The expressions the deadline reads.
  public var expressions: [GuardExpression] {
    switch schedule {
    case .once(let due): return [due]
    case .recurring(let from, _): return [from]
    }
  }
}
