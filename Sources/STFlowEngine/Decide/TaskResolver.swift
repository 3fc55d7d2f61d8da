import Foundation
import STFlowRules

/// Gives a guard expression the values of one task: its fields, `at`, `state`, `createdOn`,
/// `enteredOn` and `count.ID`.
public struct TaskResolver: ReferenceResolver {
  public let task: TaskState
  /// The business time of the command; its date (in `timeZone`) is `at`.
  public let instant: Date
  /// The engine's definition and calendar, held by one reference (a resolver is made for every command).
  let parts: Engine.Parts
  public var timeZone: TimeZone { parts.definition.timeZone }
  public var calendar: any BusinessCalendar { parts.calendar }
  /// Values given with the command, read before the task's own (`.null` clears a field). Guards see
  /// the task as it would be after the command without copying its fields.
  public var overlay: [String: Value] = [:]

  init(task: TaskState, instant: Date, parts: Engine.Parts, overlay: [String: Value] = [:]) {
    self.task = task
    self.instant = instant
    self.parts = parts
    self.overlay = overlay
  }

  /// The value given with the command under `name`: the few a command gives are compared one by one, cheaper than
  /// hashing the name.
  func given(_ name: String) -> Value? {
    if overlay.isEmpty { return nil }
    if overlay.count > 4 { return overlay[name] }
    for (k, v) in overlay where k == name { return v }
    return nil
  }

  /// The value of a field after the overlay.
  public func field(_ name: String) -> Value {
    if let v = given(name) { return v }
    return task.fields[name] ?? .null
  }

  public func value(of name: String) -> Value {
    if let v = given(name) { return v }
    if let v = task.fields[name] { return v }
    switch name {
    case "at": return .date(LocalDate(instant, in: timeZone))
    case "state": return .string(task.state)
    case "createdOn": return .date(LocalDate(task.createdAt, in: timeZone))
    case "enteredOn": return .date(LocalDate(task.enteredAt, in: timeZone))
    default:
      if name.hasPrefix("count.") { return .integer(Int64(task.firings[String(name.dropFirst(6))]?.count ?? 0)) }
      if name.hasPrefix("fired.") {
        return task.firings[String(name.dropFirst(6))].map { .date(LocalDate($0.last, in: timeZone)) } ?? .null
      }
      if name.hasPrefix("council.") { return councilValue(name) }
      if name.hasPrefix("entered.") {
        return task.entered[String(name.dropFirst(8))].map { .date(LocalDate($0, in: timeZone)) } ?? .null
      }
      return .null
    }
  }

  /// `council.NAME.outcome`, `.score`, `.present` (of the latest closed session) and `.sessions`.
  func councilValue(_ name: String) -> Value {
    let parts = name.split(separator: ".")
    guard parts.count == 3, let session = task.councils[String(parts[1])] else {
      return parts.last == "sessions" ? .integer(0) : .null
    }
    switch parts[2] {
    case "sessions": return .integer(Int64(session.session))
    case "outcome": return session.isOpen ? .null : session.outcome.map { .string($0) } ?? .null
    case "score": return session.isOpen ? .null : session.score.map { .integer(Int64($0)) } ?? .null
    case "present": return session.isOpen ? .null : .integer(Int64(session.present.count))
    default: return .null
    }
  }
}
