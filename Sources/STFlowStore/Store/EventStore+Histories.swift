import Foundation
import STFlowEngine
import STFlowRules

/// What a reader of every task's history needs of the task itself, without decoding its projection.
public struct TaskHead: Sendable {
  public let key: String
  public let workflow: String
  public let definitionHash: String
  public let state: String
  public let version: Int
  /// The task's current title (its `title` field), or "".
  public let title: String
}

extension EventStore {
  /// Every task (of `workflow`, or all) in key order with its whole history, oldest event first, read in
  /// two queries for the whole store — what a report over a large portfolio needs — rather than one query
  /// per task. A task whose events cannot be read is given with the error, and the others still follow.
  public func eachTaskHistory(
    workflow: String? = nil, _ body: (TaskHead, Result<[RecordedEvent], any Error>) throws -> Void
  ) throws {
    try connection.readTransaction {
      let filter = workflow == nil ? "" : " WHERE workflow = ?"
      let args: [SQLValue] = workflow.map { [.text($0)] } ?? []
      let heads = try connection.query(
        "SELECT key, workflow, definition_hash, state, version, \(connection.dialect.jsonText("data", "fields.title")) FROM tasks\(filter) ORDER BY key",
        args
      ).map { row in
        TaskHead(
          key: row[0].text ?? "", workflow: row[1].text ?? "", definitionHash: row[2].text ?? "", state: row[3].text ?? "",
          version: Int(row[4].integer ?? 0), title: row[5].text ?? "")
      }
      // The tasks' events only (not the registries'), in the order of the (task, version) index.
      // Both lists are in key order (byte by byte, as both backends order keys): walk them side by side.
      var next = 0
      var history: [RecordedEvent] = []
      var failure: (any Error)?
      func finish() throws {
        try body(heads[next], failure.map { .failure($0) } ?? .success(history))
        next += 1
        history = []
        failure = nil
      }
      try connection.forEachRow(
        "SELECT \(EventStore.eventColumns) FROM events WHERE task_key IN (SELECT key FROM tasks\(filter)) ORDER BY task_key, task_version",
        args
      ) { row in
        guard let key = row[1].text else { return }
        while next < heads.count, heads[next].key.utf8.lexicographicallyPrecedes(key.utf8) { try finish() }
        if next < heads.count, key == heads[next].key, failure == nil {
          do { history.append(try decodeEvent(row)) } catch { failure = error }
        }
      }
      while next < heads.count { try finish() }
    }
  }
}
