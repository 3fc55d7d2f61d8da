import Foundation
import STFlowRules

/// Gives a guard expression the values of one task: its fields, `at`, `state`, `createdOn`,
/// `enteredOn` and `count.ID`.
public struct TaskResolver: ReferenceResolver {
  public let task: TaskState
  public let at: LocalDate
  public let timeZone: TimeZone
  public let calendar: any BusinessCalendar

  public func value(of name: String) -> Value {
    if let v = task.fields[name] { return v }
    switch name {
    case "at": return .date(at)
    case "state": return .string(task.state)
    case "createdOn": return .date(LocalDate(task.createdAt, in: timeZone))
    case "enteredOn": return .date(LocalDate(task.enteredAt, in: timeZone))
    default:
      if name.hasPrefix("count.") { return .integer(Int64(task.counts[String(name.dropFirst(6))] ?? 0)) }
      return .null
    }
  }
}
