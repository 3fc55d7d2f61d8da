import Foundation
import STFlowDefinition
import STFlowRules

/// Event payloads and task projections as JSON for the store.
public enum EventCoding {
  public static func json(_ payload: EventPayload) -> JSON {
    switch payload {
    case .created(let workflow, let state, let fields):
      return .object([("workflow", .string(workflow)), ("state", .string(state)), ("fields", ValueCoding.json(fields))])
    case .imported(let workflow, let state, let fields, let past):
      return .object([
        ("workflow", .string(workflow)), ("state", .string(state)), ("fields", ValueCoding.json(fields)), ("past", json(past)),
      ])
    case .fired(let transition, let from, let to, let fields, let comment, let automatic):
      var m: [(String, JSON)] = [
        ("transition", .string(transition)), ("from", .string(from)), ("to", .string(to)),
        ("fields", ValueCoding.json(fields)),
      ]
      if let comment { m.append(("comment", .string(comment))) }
      if automatic { m.append(("automatic", .bool(true))) }
      return .object(m)
    case .fieldsSet(let fields, let comment):
      var m: [(String, JSON)] = [("fields", ValueCoding.json(fields))]
      if let comment { m.append(("comment", .string(comment))) }
      return .object(m)
    case .documentAttached(let field, let d):
      return .object([
        ("field", .string(field)),
        ("document", json(d)),
      ])
    case .councilOpened(let session):
      return CouncilCoding.json(session)
    case .notice(let kind, let deadline, let occurrence, let dueDate, let step, let timer, let fields):
      var m: [(String, JSON)] = [
        ("kind", .string(kind.rawValue)), ("deadline", .string(deadline)), ("occurrence", .integer(Int64(occurrence))),
        ("dueDate", .string(dueDate.description)), ("step", .integer(Int64(step))), ("timer", .string(timer)),
      ]
      if !fields.isEmpty { m.append(("fields", ValueCoding.json(fields))) }
      return .object(m)
    case .migrated(let from, let fromState, let toState, let dropped):
      return .object([
        ("fromDefinition", .string(from)), ("fromState", .string(fromState)), ("toState", .string(toState)),
        ("droppedFields", .array(dropped.map { .string($0) })),
      ])
    case .councilAttended(let council, let members):
      return .object([("council", .string(council)), ("members", .array(members.map { .string($0) }))])
    case .councilBallot(let council, let ballot):
      return .object([("council", .string(council)), ("ballot", CouncilCoding.json(ballot))])
    case .councilClosed(let council, let outcome, let score, let reasoning):
      return .object([
        ("council", .string(council)), ("outcome", .string(outcome)), ("score", score.map { .integer(Int64($0)) } ?? .null),
        ("reasoning", .array(reasoning.map { .string($0) })),
      ])
    }
  }

  public static func payload(kind: String, json: JSON, definition: WorkflowDefinition) throws(ValueCoding.Failure) -> EventPayload {
    func str(_ k: String) throws(ValueCoding.Failure) -> String {
      guard let s = json[k]?.stringValue else { throw ValueCoding.Failure(description: "event payload lacks '\(k)'") }
      return s
    }
    switch kind {
    case "task.imported":
      // Imports recorded before tracking began to be stored were tracked from their own effective time.
      return .imported(
        workflow: try str("workflow"), state: try str("state"), fields: try ValueCoding.fields(json["fields"], definition: definition),
        past: try past(json["past"]))
    case "task.created":
      return .created(
        workflow: try str("workflow"), state: try str("state"), fields: try ValueCoding.fields(json["fields"], definition: definition))
    case "transition.fired":
      return .fired(
        transition: try str("transition"), from: try str("from"), to: try str("to"),
        fields: try ValueCoding.fields(json["fields"], definition: definition), comment: json["comment"]?.stringValue,
        automatic: json["automatic"]?.boolValue ?? false)
    case "fields.set":
      return .fieldsSet(fields: try ValueCoding.fields(json["fields"], definition: definition), comment: json["comment"]?.stringValue)
    case "document.attached":
      guard let d = json["document"] else { throw ValueCoding.Failure(description: "event payload lacks 'document'") }
      return .documentAttached(
        field: try str("field"),
        document: document(d))
    case "deadline.reminder", "deadline.missed", "deadline.overdue":
      guard let kind = PlannedTimer.Kind(rawValue: try str("kind")), let due = LocalDate(iso: try str("dueDate")) else {
        throw ValueCoding.Failure(description: "malformed deadline notice")
      }
      return .notice(
        kind: kind, deadline: try str("deadline"), occurrence: Int(json["occurrence"]?.intValue ?? 1), dueDate: due,
        step: Int(json["step"]?.intValue ?? 0), timer: try str("timer"),
        fields: try ValueCoding.fields(json["fields"], definition: definition))
    case "task.migrated":
      return .migrated(
        fromDefinition: try str("fromDefinition"), fromState: try str("fromState"), toState: try str("toState"),
        droppedFields: (json["droppedFields"]?.arrayValue ?? []).compactMap(\.stringValue))
    case "council.opened":
      return .councilOpened(session: CouncilCoding.session(json))
    case "council.attended":
      return .councilAttended(council: try str("council"), members: (json["members"]?.arrayValue ?? []).compactMap(\.stringValue))
    case "council.ballot":
      return .councilBallot(council: try str("council"), ballot: CouncilCoding.ballot(json["ballot"] ?? .null))
    case "council.closed":
      return .councilClosed(
        council: try str("council"), outcome: try str("outcome"), score: json["score"]?.intValue.map(Int.init),
        reasoning: (json["reasoning"]?.arrayValue ?? []).compactMap(\.stringValue))
    default:
      throw ValueCoding.Failure(description: "unknown event kind '\(kind)'")
    }
  }

  /// What an import says happened before tracking, as JSON.
  public static func json(_ past: ImportedPast) -> JSON {
    .object([
      ("trackedSince", .string(Timestamp.format(past.trackedSince))),
      (
        "firings",
        .object(
          past.firings.keys.sorted().map { t in
            let f = past.firings[t] ?? Firing(count: 0, last: past.trackedSince)
            return (t, .object([("count", .integer(Int64(f.count))), ("last", .string(Timestamp.format(f.last)))]))
          })
      ),
    ])
  }

  /// `nil` JSON (an import stored before this was recorded) reads as tracked from the start.
  static func past(_ json: JSON?) throws(ValueCoding.Failure) -> ImportedPast {
    guard let json, json != .null else { return ImportedPast(trackedSince: .distantPast) }
    guard let s = json["trackedSince"]?.stringValue, let since = Timestamp.parseStored(s) else {
      throw ValueCoding.Failure(description: "import lacks 'trackedSince'")
    }
    var firings: [String: Firing] = [:]
    for (t, f) in json["firings"]?.objectValue ?? [] {
      guard let n = f["count"]?.intValue, let last = f["last"]?.stringValue.flatMap(Timestamp.parseStored) else {
        throw ValueCoding.Failure(description: "import firing '\(t)' is malformed")
      }
      firings[t] = Firing(count: Int(n), last: last)
    }
    return ImportedPast(trackedSince: since, firings: firings)
  }

  /// A document reference as JSON.
  public static func json(_ d: DocumentRef) -> JSON {
    .object([("name", .string(d.name)), ("uri", .string(d.uri)), ("sha256", .string(d.sha256))])
  }

  /// A document reference read back.
  static func document(_ d: JSON) -> DocumentRef {
    DocumentRef(name: d["name"]?.stringValue ?? "", uri: d["uri"]?.stringValue ?? "", sha256: d["sha256"]?.stringValue ?? "")
  }

  /// Documents by field, in field order.
  public static func json(_ documents: [String: DocumentRef]) -> JSON {
    .object(documents.sorted(by: { $0.key < $1.key }).map { ($0.key, json($0.value)) })
  }

  /// The parts of a task's state that are not columns of their own.
  public static func json(_ task: TaskState) -> JSON {
    let firings = task.firings.sorted { $0.key < $1.key }
    return .object([
      ("fields", ValueCoding.json(task.fields)),
      ("documents", json(task.documents)),
      ("counts", .object(firings.map { ($0.key, .integer(Int64($0.value.count))) })),
      ("lastFired", .object(firings.map { ($0.key, .string(Timestamp.format($0.value.last))) })),
      ("entered", .object(task.entered.keys.sorted().map { ($0, .string(Timestamp.format(task.entered[$0] ?? .distantPast))) })),
      ("timeIn", .object(task.timeIn.keys.sorted().map { ($0, .number(task.timeIn[$0] ?? 0)) })),
      ("councils", .object(task.councils.sorted(by: { $0.key < $1.key }).map { ($0.key, CouncilCoding.json($0.value)) })),
      ("createdAt", .string(Timestamp.format(task.createdAt))),
      ("enteredAt", .string(Timestamp.format(task.enteredAt))),
      ("lastEffectiveAt", .string(Timestamp.format(task.lastEffectiveAt))),
      ("lastActedAt", .string(Timestamp.format(task.lastActedAt))),
      ("trackedSince", task.trackedSince.map { .string(Timestamp.format($0)) } ?? .null),
      ("importedCounts", .object(task.importedCounts.keys.sorted().map { ($0, .integer(Int64(task.importedCounts[$0] ?? 0))) })),
    ])
  }
}
