import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules

/// A row of `stflow due`: one running deadline of one task.
public struct DueItem: Sendable {
  public let taskKey: String
  public let workflow: String
  public let deadlineId: String
  public let occurrence: Int
  public let phase: String
  public let dueDate: LocalDate
  public let missed: Int
}

extension EventStore {
  /// Replaces a task's deadlines and timers with those computed from its new state (inside the
  /// command's transaction, so they always agree with the events).
  func recordDeadlines(of task: TaskState, engine: Engine, now: Date, isNew: Bool = false) throws {
    // A task just brought into being has no rows to replace and no notice recorded yet.
    if !isNew {
      // SQLite looks before it deletes (a delete writes pages); PostgreSQL deletes blind, the statement travelling
      // with the command's other writes instead of waiting for an answer.
      let hadAny =
        try connection.dialect == .postgresql
        || connection.scalar("SELECT 1 FROM deadlines WHERE task_key = ? LIMIT 1", [.text(task.key)]) != nil
      guard hadAny || !engine.definition.deadlines.isEmpty else { return }
      try connection.run("DELETE FROM deadlines WHERE task_key = ?", [.text(task.key)])
      try connection.run("DELETE FROM timers WHERE task_key = ?", [.text(task.key)])
    } else if engine.definition.deadlines.isEmpty {
      return
    }
    let asOf = Timestamp.format(now)
    for status in DeadlineCalculator(engine: engine).statuses(for: task, now: now, explain: false) {
      try connection.run(
        "INSERT INTO deadlines(task_key, deadline_id, occurrence, phase, due_date, missed, as_of, workflow) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
        [
          .text(task.key), .text(status.deadline.id), .integer(Int64(status.occurrence)), .text(status.phase.rawValue),
          status.dueDate.map { .text($0.description) } ?? .null, .integer(Int64(status.missed)), .text(asOf), .text(task.workflowId),
        ])
      for t in status.timers {
        // A timer whose notice is already recorded is not planned again (a new task has none); the look is part of
        // the statement, so the insert travels with the command's other writes (PostgreSQL) instead of waiting.
        try connection.run(
          """
          INSERT INTO timers(key, task_key, deadline_id, occurrence, kind, step, fire_at, due_date, recipients)
          \(isNew ? "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)" : "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM notices WHERE timer_key = ?)")
          ON CONFLICT(key) DO UPDATE SET task_key = excluded.task_key, deadline_id = excluded.deadline_id, occurrence = excluded.occurrence,
            kind = excluded.kind, step = excluded.step, fire_at = excluded.fire_at, due_date = excluded.due_date, recipients = excluded.recipients
          """,
          [
            .text(t.key), .text(t.taskKey), .text(t.deadlineId), .integer(Int64(t.occurrence)), .text(t.kind.rawValue),
            .integer(Int64(t.step)), .text(Timestamp.format(t.fireAt)), .text(t.dueDate.description),
            .text(t.recipients.joined(separator: ",")),
          ] + (isNew ? [] : [.text(t.key)]))
      }
    }
  }

  /// Running deadlines (pending, overdue or paused) due on or before `until` (all when `nil`), earliest first.
  public func dueItems(until: LocalDate?, workflow: String? = nil) throws -> [DueItem] {
    var sql = """
      SELECT task_key, workflow, deadline_id, occurrence, phase, due_date, missed FROM deadlines
      WHERE phase IN ('pending', 'overdue', 'paused') AND due_date IS NOT NULL
      """
    var args: [SQLValue] = []
    if let until {
      sql += " AND due_date <= ?"
      args.append(.text(until.description))
    }
    if let workflow {
      sql += " AND workflow = ?"
      args.append(.text(workflow))
    }
    sql += " ORDER BY due_date, task_key"
    var items: [DueItem] = []
    try connection.forEachRow(sql, args) { row in
      guard let due = row[5].text.flatMap({ LocalDate(iso: $0) }) else { return }
      items.append(
        DueItem(
          taskKey: row[0].text ?? "", workflow: row[1].text ?? "", deadlineId: row[2].text ?? "", occurrence: Int(row[3].integer ?? 1),
          phase: row[4].text ?? "", dueDate: due, missed: Int(row[6].integer ?? 0)))
    }
    return items
  }

  /// Every change to a field in a task's history, oldest first (for explaining moved due dates).
  public func fieldChanges(key: String) throws -> [FieldChange] {
    var current: [String: Value] = [:]
    var out: [FieldChange] = []
    for r in try history(key: key) {
      let e = r.event
      let (fields, transition): ([String: Value], String?)
      switch e.payload {
      case .created(_, _, let f), .imported(_, _, let f, _): (fields, transition) = (f, nil)
      case .fired(let t, _, _, let f, _, _): (fields, transition) = (f, t)
      case .fieldsSet(let f, _): (fields, transition) = (f, nil)
      case .notice(_, _, _, _, _, _, let f): (fields, transition) = (f, nil)
      case .documentAttached, .councilOpened, .councilAttended, .councilBallot, .councilClosed, .migrated: continue
      }
      for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
        let old = current[name] ?? .null
        if old != value, old != .null {
          out.append(FieldChange(field: name, old: old, new: value, transition: transition, actor: e.actor, at: e.effectiveAt))
        }
        current[name] = value
      }
    }
    return out
  }
}
