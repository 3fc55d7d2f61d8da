import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules

/// What a command did.
public struct CommandOutcome: Sendable {
  public let task: TaskState
  public let events: [Event]
  /// True when the request id had been seen before and nothing new was written.
  public let replayed: Bool
}

extension EventStore {
  /// Runs one command on one task in one transaction: load the task, decide, append the events to the
  /// hash chain, update the projection, remember the request id. A rejection writes nothing.
  ///
  /// - Parameters:
  ///   - workflow: for `create` only: the workflow whose newest definition the task is pinned to.
  ///   - actorName: a registered actor.
  ///   - effectiveAt: the business time (`--at`); the wall clock when `nil`.
  ///   - documents: uploaded files the command refers to (by `stflow:document/<sha256>`), kept in the same transaction.
  @discardableResult
  public func execute(
    _ command: Command, taskKey rawKey: String, workflow: String? = nil, actorName: String, effectiveAt: Date? = nil,
    requestId: String? = nil, expectedVersion: Int? = nil, documents: [[UInt8]] = []
  ) throws -> CommandOutcome {
    let body = { (store: EventStore) throws -> CommandOutcome in
      for d in documents { _ = try store.keepDocument(d) }
      return try store.executeInTransaction(
        command, taskKey: rawKey, workflow: workflow, actorName: actorName, effectiveAt: effectiveAt, requestId: requestId,
        expectedVersion: expectedVersion)
    }
    let outcome: CommandOutcome
    if let writeGate, !isReadOnly {
      // A served command: committed together with the commands other threads give meanwhile (see WriteGate).
      outcome = try writeGate.commit(on: self, body)
    } else {
      // The actor and the task are read with the transaction's lock.
      outcome = try transaction(prefetching: [actorRead(name: actorName), taskRead(key: rawKey.precomposed)]) { try body(self) }
      // The next command on this task may take the version it wrote as read (see SQLDatabase.assume).
      connection.assume(taskVersionRead(key: outcome.task.key), answers: [[.integer(Int64(outcome.task.version))]])
    }
    // Only a committed state may be reused by later reads.
    remember(outcome.task)
    return outcome
  }

  /// The body of ``execute``: the caller holds the write transaction.
  func executeInTransaction(
    _ command: Command, taskKey rawKey: String, workflow: String? = nil, actorName: String, effectiveAt: Date? = nil,
    requestId: String? = nil, expectedVersion: Int? = nil, system: Bool = false, recordedAt: Date? = nil
  ) throws -> CommandOutcome {
    let key = rawKey.precomposed
    guard !key.isEmpty, !key.contains(where: { $0.isNewline }) else {
      throw StoreError.input("a task key must be a non-empty single line", vi: "mã nhiệm vụ phải là một dòng, không để trống")
    }
    do {
      guard let actor = system ? Actor.system : try actor(named: actorName) else {
        throw StoreError.input(
          "unknown actor '\(actorName)': register it with 'stflow actor add \(actorName) --role ROLE' or act as a registered actor with --as",
          vi:
            "chưa có người dùng “\(actorName)”: đăng ký bằng 'stflow actor add \(actorName) --role VAI_TRÒ' hoặc dùng --as với người đã đăng ký"
        )
      }
      let recordedAt = recordedAt ?? now()
      var context = CommandContext(
        actor: actor, effectiveAt: effectiveAt.map(EventStore.truncated), recordedAt: recordedAt, requestId: requestId,
        expectedVersion: expectedVersion)
      switch command {
      case .openCouncil, .attend, .ballot, .closeCouncil:
        // Council refusals name members: by their names, read only for these commands.
        context.names = try peopleByLogin().compactMapValues(\.displayName)
      default: break
      }
      let digest =
        requestId == nil ? "" : SHA256.hex(key + "\u{1}" + (workflow ?? "") + "\u{1}" + actorName + "\u{1}" + EventStore.describe(command))
      if let requestId, let replay = try replay(requestId: requestId, key: key, digest: digest, actor: actorName) {
        return replay
      }
      let current = try batch?.tasks[key] ?? task(key: key)
      let engine: Engine
      if command.createsTask {
        if let current {
          throw Rejection(
            rule: .taskExists, taskKey: key, actor: actorName,
            message: "task '\(key)' already exists (workflow \(current.workflowId), state \(current.state))",
            messageVi: "nhiệm vụ '\(key)' đã có (quy trình \(current.workflowId), trạng thái \(current.state))")
        }
        guard let workflow else { throw StoreError.input("creating a task needs a workflow", vi: "tạo nhiệm vụ cần chỉ rõ quy trình") }
        guard let latest = try latestDefinitionHash(workflow: workflow) else {
          let known = try definitions().map(\.workflow)
          throw StoreError.input(
            "unknown workflow '\(workflow)' (loaded: \(known.isEmpty ? "none; run 'stflow workflow load FILE'" : Array(Set(known)).sorted().joined(separator: ", ")))",
            vi:
              "không có quy trình '\(workflow)' (đã nạp: \(known.isEmpty ? "chưa có; chạy 'stflow workflow load TỆP'" : Array(Set(known)).sorted().joined(separator: ", ")))"
          )
        }
        engine = try self.engine(hash: latest)
      } else {
        guard let current else {
          throw StoreError.input(
            "unknown task '\(key)' (see 'stflow task list')", vi: "không có nhiệm vụ '\(key)' (xem 'stflow task list')")
        }
        engine = try self.engine(hash: current.definitionHash)
      }
      try checkActorFields(command, engine: engine, key: key, actor: actorName)
      let events = try engine.decide(try withOrganisations(command, key: key, actor: actorName), on: current, context: context)
      var state = current
      for e in events {
        try append(e, requestDigest: digest)
        state = try Engine.evolve(state, e)
      }
      guard let state else { throw StoreError.corrupt("command produced no task") }
      if let batch {
        // A batch writes each task's projection and deadlines once, when its last command has run.
        batch.changed(state, at: recordedAt, created: command.createsTask)
      } else {
        if current == nil { try saveProjection(state) } else { try updateProjection(state) }
        // A command keeps its task's definition (only a migration changes it), so a definition without deadlines
        // means the task has no rows to replace.
        if !engine.definition.deadlines.isEmpty { try recordDeadlines(of: state, engine: engine, now: recordedAt) }
      }
      if let requestId, let first = events.first, let last = events.last {
        try connection.query(
          "INSERT INTO requests(request_id, task_key, digest, first_seq, last_seq) VALUES(?, ?, ?, (SELECT seq FROM events WHERE task_key = ? AND task_version = ?), (SELECT seq FROM events WHERE task_key = ? AND task_version = ?))",
          [
            .text(requestId), .text(key), .text(digest), .text(key), .integer(Int64(first.sequence)), .text(key),
            .integer(Int64(last.sequence)),
          ])
      }
      return CommandOutcome(task: state, events: events, replayed: false)
    }
  }

  /// Council members must be registered actors; their organisations come from the registry (for
  /// the conflict-of-interest rule).
  private func withOrganisations(_ command: Command, key: String, actor: String) throws -> Command {
    guard case .openCouncil(let council, let members, let related, let decision, let place) = command else { return command }
    var resolved: [CouncilMember] = []
    for m in members {
      guard let a = try self.actor(named: m.name) else {
        throw Rejection(
          rule: .invalidValue, taskKey: key, actor: actor, message: "council member '\(m.name)' is not a registered actor",
          messageVi: "thành viên hội đồng '\(m.name)' chưa có trong danh sách người dùng (thêm bằng 'stflow actor add')")
      }
      resolved.append(CouncilMember(name: m.name, role: m.role, organisation: a.organisation))
    }
    return .openCouncil(council: council, members: resolved, related: related, decision: decision, place: place)
  }

  /// Values of actor fields must name registered actors.
  private func checkActorFields(_ command: Command, engine: Engine, key: String, actor: String) throws {
    let fields: [String: Value]
    switch command {
    case .create(_, let f), .fire(_, let f, _), .set(let f, _), .importTask(_, _, let f, _): fields = f
    case .attach, .attend, .ballot, .closeCouncil, .openCouncil, .recordNotice: return
    }
    for (name, value) in fields.sorted(by: { $0.key < $1.key }) where engine.definition.field(name)?.type == .actor {
      if case .string(let who) = value, try self.actor(named: who) == nil {
        throw Rejection(
          rule: .invalidValue, taskKey: key, actor: actor, message: "field '\(name)' names '\(who)', who is not a registered actor",
          messageVi:
            "\(engine.definition.field(name)?.label?.text("vi") ?? name) ghi '\(who)', người này chưa có trong danh sách người dùng")
      }
    }
  }

  private func replay(requestId: String, key: String, digest: String, actor: String) throws -> CommandOutcome? {
    guard
      let row = try connection.query("SELECT task_key, digest, first_seq, last_seq FROM requests WHERE request_id = ?", [.text(requestId)])
        .first
    else {
      return nil
    }
    guard row[0].text == key, row[1].text == digest else {
      throw Rejection(
        rule: .requestReused, taskKey: key, actor: actor,
        message: "request id '\(requestId)' was already used for a different command (on task \(row[0].text ?? "?"))",
        messageVi: "mã yêu cầu '\(requestId)' đã dùng cho một lệnh khác (trên nhiệm vụ \(row[0].text ?? "?"))")
    }
    guard let task = try task(key: key) else { throw StoreError.corrupt("request \(requestId) refers to a missing task") }
    let events = try events(fromSeq: row[2].integer ?? 0, toSeq: row[3].integer ?? 0)
    return CommandOutcome(task: task, events: events, replayed: true)
  }

  static func describe(_ command: Command) -> String {
    switch command {
    case .create(_, let f): return "create " + ValueCoding.json(f).compactText
    case .importTask(_, let s, let f, let past):
      return "import \(s) " + ValueCoding.json(f).compactText + " " + EventCoding.json(past).compactText
    case .fire(let t, let f, let c): return "fire \(t) " + ValueCoding.json(f).compactText + " " + (c ?? "")
    case .set(let f, let c): return "set " + ValueCoding.json(f).compactText + " " + (c ?? "")
    case .attach(let field, let d): return "attach \(field) \(d.name) \(d.uri) \(d.sha256)"
    case .openCouncil(let c, let members, let related, let decision, let place):
      return "council open \(c) " + members.map { "\($0.name):\($0.role)" }.joined(separator: ",") + " "
        + related.keys.sorted().map { "\($0)=\(related[$0] ?? "")" }.joined(separator: ",") + " \(decision ?? "") \(place ?? "")"
    case .attend(let c, let members): return "council attend \(c) " + members.joined(separator: ",")
    case .ballot(let c, let b): return "council ballot \(c) " + CouncilCoding.describe(b)
    case .closeCouncil(let c): return "council close \(c)"
    case .recordNotice(let t): return "notice \(t.key)"
    }
  }

  /// Inserts or replaces a task's projection.
  func saveProjection(_ state: TaskState) throws {
    try connection.run(
      "INSERT INTO tasks(key, workflow, definition_hash, state, version, data, updated_at) VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET workflow = excluded.workflow, definition_hash = excluded.definition_hash, state = excluded.state, version = excluded.version, data = excluded.data, updated_at = excluded.updated_at",
      [
        .text(state.key), .text(state.workflowId), .text(state.definitionHash), .text(state.state), .integer(Int64(state.version)),
        .text(EventCoding.json(state).compactText), .text(Timestamp.format(state.lastEffectiveAt)),
      ])
  }

  /// Writes the projection of a task a command moved on: its row exists, and only a migration changes its workflow
  /// or definition (an update is cheaper for the server than an insert that turns into one).
  func updateProjection(_ state: TaskState) throws {
    try connection.run(
      "UPDATE tasks SET state = ?, version = ?, data = ?, updated_at = ? WHERE key = ?",
      [
        .text(state.state), .integer(Int64(state.version)), .text(EventCoding.json(state).compactText),
        .text(Timestamp.format(state.lastEffectiveAt)), .text(state.key),
      ])
  }
}
