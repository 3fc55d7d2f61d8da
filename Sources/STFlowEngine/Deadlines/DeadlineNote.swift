import Foundation
import STFlowRules

/// One step of how a due date was derived, as data: the presentation layer writes it in the reader's
/// language with the definition's labels ("Hạn 30/09/2027 (thứ Năm) = Ngày kết thúc hợp đồng + 30 ngày").
public enum DeadlineNote: Sendable, Equatable {
  /// A run of days off skipped while counting working days: one day, or consecutive days with one name.
  public struct DaysOff: Sendable, Equatable {
    public let first: LocalDate
    public let last: LocalDate
    /// The holiday's name from the calendar; `nil` for a weekly rest day.
    public let holiday: String?

    public init(first: LocalDate, last: LocalDate, holiday: String?) {
      self.first = first
      self.last = last
      self.holiday = holiday
    }
  }

  /// The legal basis the definition names.
  case basis(String)
  /// Met at this time by this transition.
  case met(at: Date, by: String)
  /// The deadline runs only in `activeIn`; the task is in `state`.
  case notRunning(activeIn: [String], state: String)
  /// Due before an imported task was tracked and not reported met: never a breach.
  case beforeTracking(due: LocalDate, tracked: LocalDate)
  /// Occurrences 1…`through` fell before tracking began; the import reported `reported` of them done.
  case untracked(through: Int, tracked: LocalDate?, reported: Int)
  /// A recurring deadline's occurrence: due on `due`, every `every` from the date `from` computes.
  case recurring(due: LocalDate, occurrence: Int, every: Period, from: String, fromDate: LocalDate, done: Int, metBy: String?)
  /// Time spent in pause states moved the due date.
  case clockStopped(days: Int, pausedIn: [String], from: LocalDate, to: LocalDate)
  /// The due date fell on a day off and moves to the next working day (civil code art. 148(5)).
  case rolled(from: LocalDate, to: LocalDate)
  /// The clock is stopped in `state` with `remaining` days left.
  case paused(state: String, remaining: Int)
  /// Overdue by `days`; `missed` occurrences passed unmet.
  case overdue(days: Int, missed: Int)
  /// The deadline's consequence: applied once `missed` reaches its threshold, announced before.
  case consequence(missed: Int, applied: Bool)
  case daysLeft(Int)
  /// The expression has no value yet (a date field is empty).
  case noValue(expression: String, references: [String])
  /// The expression cannot be computed; `reason` is the evaluator's message.
  case cannotCompute(expression: String, reason: String)
  /// Due on `due` by `expression`; `base` names the single field it adds `offset` to, when it has that form.
  case formula(due: LocalDate, expression: String, base: String?, offset: Period?)
  /// The value a reference of the formula has.
  case reference(String, Value)
  /// The base date of an offset formula.
  case base(String, LocalDate)
  /// Counting `amount` working days on the named calendar (`nil`: Monday to Friday).
  case workingDays(amount: Int, calendar: String?)
  /// The days off skipped while counting working days (empty: none).
  case skipped([DaysOff])
  /// Counting a period on the civil calendar (months clamp to the month's end).
  case calendarOffset(Period)
  /// A field the formula reads changed, moving the due date.
  case changed(FieldChange)
}
