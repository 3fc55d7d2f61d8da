import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules

/// An event as stored: its place in the global log and its link in the hash chain.
public struct RecordedEvent: Sendable {
  public let seq: Int64
  public let event: Event
  public let hash: String
}

extension EventStore {
  static let genesisHash = String(repeating: "0", count: 64)

  /// The text a chain link hashes: every stored column of the event, as a compact JSON array.
  static func canonical(
    seq: Int64, key: String, version: Int64, kind: String, payload: String, actor: String, effectiveAt: String,
    recordedAt: String, definitionHash: String, requestId: String?, requestDigest: String? = nil
  ) -> String {
    var fields: [JSON] = [
      .integer(seq), .string(key), .integer(version), .string(kind), .string(payload), .string(actor), .string(effectiveAt),
      .string(recordedAt), .string(definitionHash), requestId.map { .string($0) } ?? .null,
    ]
    // The digest of the command a request id stands for is chained too (since migration 7), so a retry can
    // never be answered with the result of a different command by someone who edited the requests table.
    if let requestDigest { fields.append(.string(requestDigest)) }
    return JSON.array(fields).compactText
  }

  static func link(prev: String, canonical: String) -> String {
    var h = SHA256()
    h.update(prev)
    h.update(canonical)
    return SHA256.hexString(h.finalize())
  }

  /// Appends one event at the end of the hash chain (inside the caller's transaction).
  func append(_ e: Event, requestDigest: String? = nil) throws {
    try appendRaw(
      key: e.taskKey, version: Int64(e.sequence), kind: e.payload.kind, payload: EventCoding.json(e.payload).compactText, actor: e.actor,
      effectiveAt: e.effectiveAt, recordedAt: e.recordedAt, definitionHash: e.definitionHash, requestId: e.requestId,
      requestDigest: e.requestId == nil ? nil : requestDigest)
  }

  /// Appends one row at the end of the hash chain: a task's event, or a change to the registry of people.
  func appendRaw(
    key: String, version: Int64, kind: String, payload: String, actor: String, effectiveAt: Date, recordedAt: Date,
    definitionHash: String = "", requestId: String? = nil, requestDigest: String? = nil
  ) throws {
    let seq: Int64
    let prev: String
    if let known = batch?.head {
      (seq, prev) = (known.seq + 1, known.hash)
    } else {
      // Read under the writer's lock (in PostgreSQL the lock is the head's row, read as it was taken and moved on by
      // this transaction's appends): the chain has one head, whichever node appends.
      let head =
        try connection.writerLockRow.flatMap { $0.count == 2 ? (seq: $0[0].integer ?? 0, hash: $0[1].text ?? "") : nil }
        ?? chainHead()
      seq = head.seq + 1
      prev = head.hash
    }
    let effective = Timestamp.format(effectiveAt)
    let recorded = Timestamp.format(recordedAt)
    let hash = EventStore.link(
      prev: prev,
      canonical: EventStore.canonical(
        seq: seq, key: key, version: version, kind: kind, payload: payload, actor: actor, effectiveAt: effective, recordedAt: recorded,
        definitionHash: definitionHash, requestId: requestId, requestDigest: requestDigest))
    try connection.run(
      "INSERT INTO events(seq, task_key, task_version, kind, payload, actor, effective_at, recorded_at, definition_hash, request_id, prev_hash, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      [
        .integer(seq), .text(key), .integer(version), .text(kind), .text(payload), .text(actor), .text(effective), .text(recorded),
        .text(definitionHash), requestId.map { .text($0) } ?? .null, .text(prev), .text(hash),
      ])
    if let batch {
      // The batch writes the head once, at its end.
      batch.head = (seq, hash)
    } else {
      try connection.run("UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1", [.integer(seq), .text(hash)])
      connection.writerLockRow = [.integer(seq), .text(hash)]
    }
  }

  /// The head of the hash chain: the last event's number and hash.
  public func chainHead() throws -> (seq: Int64, hash: String) {
    guard let row = try connection.query("SELECT seq, hash FROM chain_head WHERE id = 1").first else {
      throw StoreError.corrupt("the chain head is missing")
    }
    return (row[0].integer ?? 0, row[1].text ?? "")
  }

  static let eventColumns =
    "seq, task_key, task_version, kind, payload, actor, effective_at, recorded_at, definition_hash, request_id, prev_hash, hash"

  func decodeEvent(_ row: [SQLValue]) throws -> RecordedEvent {
    try Self.decodeEvent(row, definition: try engine(hash: row[8].text ?? "").definition)
  }

  /// One event row with the definition it names (its column 8); pure, so any thread may call it.
  static func decodeEvent(_ row: [SQLValue], definition: WorkflowDefinition) throws -> RecordedEvent {
    let utc = TimeZone.gmt
    let hashOfDefinition = row[8].text ?? ""
    guard let payloadJSON = try? JSONParser.parse(row[4].text ?? ""),
      let effective = Timestamp.parse(row[6].text ?? "", in: utc), let recorded = Timestamp.parse(row[7].text ?? "", in: utc)
    else { throw StoreError.corrupt("event \(row[0].integer ?? 0) cannot be read") }
    let payload: EventPayload
    do {
      payload = try EventCoding.payload(kind: row[3].text ?? "", json: payloadJSON, definition: definition)
    } catch {
      throw StoreError.corrupt("event \(row[0].integer ?? 0): \(error.description)")
    }
    let event = Event(
      taskKey: row[1].text ?? "", sequence: Int(row[2].integer ?? 0), payload: payload, actor: row[5].text ?? "",
      effectiveAt: effective, recordedAt: recorded, definitionHash: hashOfDefinition, requestId: row[9].text)
    return RecordedEvent(seq: row[0].integer ?? 0, event: event, hash: row[11].text ?? "")
  }

  /// A task's events, oldest first.
  public func history(key: String) throws -> [RecordedEvent] {
    try connection.query(
      "SELECT \(EventStore.eventColumns) FROM events WHERE task_key = ? ORDER BY task_version",
      [.text(key.precomposed)]
    )
    .map { try decodeEvent($0) }
  }

  func events(fromSeq: Int64, toSeq: Int64) throws -> [Event] {
    try connection.query(
      "SELECT \(EventStore.eventColumns) FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq", [.integer(fromSeq), .integer(toSeq)]
    )
    .map { try decodeEvent($0).event }
  }

  /// The task, or a bad-input error naming it.
  public func requireTask(key: String) throws -> TaskState {
    guard let task = try task(key: key) else {
      throw StoreError.input(
        "unknown task '\(key)' (see 'stflow task list')", vi: "không có nhiệm vụ mã “\(key)” (xem 'stflow task list')")
    }
    return task
  }

  /// The current state of a task, from the projection.
  public func task(key: String) throws -> TaskState? {
    let key = key.precomposed
    if let cached = recentTasks[key] {
      guard let version = try connection.query(taskRead(key: key)).first?.first else { return nil }
      if version.integer == Int64(cached.version) { return cached }
    }
    guard let row = try connection.query(EventStore.taskRowSQL, [.text(key)]).first else { return nil }
    let task = try decodeTask(row)
    remember(task)
    return task
  }

  /// The columns of a task's projection row, as ``decodeTask(_:)`` reads them.
  static let taskColumns = "key, workflow, definition_hash, state, version, data"
  private static let taskRowSQL = "SELECT \(taskColumns) FROM tasks WHERE key = ?"

  /// The first query ``task(key:)`` makes: the version alone when the task is remembered, else the whole row.
  func taskRead(key: String) -> SQLRead {
    recentTasks[key] == nil
      ? SQLRead(EventStore.taskRowSQL, [.text(key)]) : taskVersionRead(key: key)
  }

  /// The query that tells whether a remembered task is still current.
  func taskVersionRead(key: String) -> SQLRead { SQLRead("SELECT version FROM tasks WHERE key = ?", [.text(key)]) }

  func remember(_ task: TaskState) {
    if recentTasks.count >= EventStore.recentTaskLimit { recentTasks.removeAll(keepingCapacity: true) }
    recentTasks[task.key] = task
  }

  /// Tasks, optionally only those of one workflow and/or in one state, ordered by key.
  public func tasks(workflow: String? = nil, state: String? = nil) throws -> [TaskState] {
    var sql = "SELECT \(EventStore.taskColumns) FROM tasks"
    var clauses: [String] = []
    var args: [SQLValue] = []
    if let workflow {
      clauses.append("workflow = ?")
      args.append(.text(workflow))
    }
    if let state {
      clauses.append("state = ?")
      args.append(.text(state))
    }
    if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
    return try readTasks(sql + " ORDER BY key", args)
  }

  public func eventCount() throws -> Int { Int(try connection.scalar("SELECT COUNT(*) FROM events")?.integer ?? 0) }
}
