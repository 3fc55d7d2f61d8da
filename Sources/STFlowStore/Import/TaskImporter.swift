import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules

/// Reads an existing task list (CSV, UTF-8) into import commands, or lists every bad row.
///
/// Header map (case and surrounding spaces ignored; Vietnamese or English):
/// - `Mã nhiệm vụ` / `Mã` / `key` — the task key (required);
/// - `Trạng thái` / `state` — the state reached, by name or label (default: the initial state);
/// - `Ngày vào trạng thái` / `Ngày chuyển trạng thái` / `entered` — when it was reached (dd/MM/yyyy),
///   the effective time of the import, so deadlines count from the right day;
/// - `Quy trình` / `workflow` — optional, must be the workflow imported into;
/// - any other column: a field, by its name or its Vietnamese or English label.
/// Dates are dd/MM/yyyy (or yyyy-MM-dd); money may use dots as thousand separators.
public enum TaskImporter {
  public struct Problem: Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
  }

  public struct Plan: Sendable {
    public let commands: [EventStore.BatchCommand]
    public let problems: [Problem]
    /// Column → what it fills.
    public let columns: [(header: String, target: String)]
  }

  static func normalized(_ s: String) -> String {
    s.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
  }

  static let keyHeaders = ["mã nhiệm vụ", "mã", "key"]
  static let stateHeaders = ["trạng thái", "state", "giai đoạn"]
  static let enteredHeaders = ["ngày vào trạng thái", "ngày chuyển trạng thái", "entered", "enteredon"]
  static let workflowHeaders = ["quy trình", "workflow"]

  enum Column {
    case key, state, entered, workflow
    case field(FieldDefinition)
  }

  /// Plans the import of `text` into `engine`'s workflow as `actor`. `exists` says whether a key is already taken.
  public static func plan(
    csv text: String, engine: Engine, actor: Actor, now: Date, exists: (String) throws -> Bool,
    knownActor: (String) throws -> Bool = { _ in true }
  ) throws -> Plan {
    let definition = engine.definition
    let rows: [CSV.Row]
    do {
      rows = try CSV.parse(text)
    } catch {
      return Plan(commands: [], problems: [Problem(line: error.line, message: error.message)], columns: [])
    }
    guard let header = rows.first else {
      return Plan(commands: [], problems: [Problem(line: 1, message: "the file is empty")], columns: [])
    }
    var problems: [Problem] = []
    var columns: [Column?] = []
    var described: [(String, String)] = []
    for h in header.fields {
      let n = normalized(h)
      let column: Column?
      if keyHeaders.contains(n) {
        column = .key
      } else if stateHeaders.contains(n) {
        column = .state
      } else if enteredHeaders.contains(n) {
        column = .entered
      } else if workflowHeaders.contains(n) {
        column = .workflow
      } else if let f = definition.fields.first(where: {
        normalized($0.name) == n || $0.label.map { normalized($0.text("vi")) == n || normalized($0.text("en")) == n } == true
      }) {
        column = .field(f)
      } else {
        column = nil
        problems.append(
          Problem(line: header.line, message: "unknown column '\(h)': not a field of workflow '\(definition.id)' (by name or label)"))
      }
      columns.append(column)
      switch column {
      case .key?: described.append((h, "task key"))
      case .state?: described.append((h, "state"))
      case .entered?: described.append((h, "date the state was reached"))
      case .workflow?: described.append((h, "workflow"))
      case .field(let f)?: described.append((h, "field \(f.name)"))
      case nil: break
      }
    }
    guard columns.contains(where: { if case .key? = $0 { return true } else { return false } }) else {
      problems.append(Problem(line: header.line, message: "no task key column (Mã nhiệm vụ)"))
      return Plan(commands: [], problems: problems, columns: described)
    }
    var commands: [EventStore.BatchCommand] = []
    var seen: [String: Int] = [:]
    for row in rows.dropFirst() {
      var key = ""
      var state = definition.initial
      var entered: Date?
      var fields: [String: Value] = [:]
      var rowProblems: [String] = []
      if row.fields.count != header.fields.count {
        rowProblems.append("has \(row.fields.count) columns, the header has \(header.fields.count)")
      }
      for (i, cell) in row.fields.enumerated() where i < columns.count {
        let value = cell.trimmingCharacters(in: .whitespaces)
        switch columns[i] {
        case .key?: key = value.precomposedStringWithCanonicalMapping
        case .state?:
          if value.isEmpty { continue }
          let n = normalized(value)
          if let s = definition.states.first(where: {
            normalized($0.name) == n || normalized($0.label.text("vi")) == n || normalized($0.label.text("en")) == n
          }) {
            state = s.name
          } else {
            rowProblems.append("unknown state '\(value)'")
          }
        case .entered?:
          if value.isEmpty { continue }
          if let d = Timestamp.parseDate(value) {
            entered = d.start(in: definition.timeZone).addingTimeInterval(9 * 3600)
          } else {
            rowProblems.append("'\(value)' is not a date (dd/MM/yyyy)")
          }
        case .workflow?:
          if !value.isEmpty && value != definition.id { rowProblems.append("belongs to workflow '\(value)', not '\(definition.id)'") }
        case .field(let f)?:
          do {
            let v = try FieldValueParser.parse(value, for: f)
            if v != .null { fields[f.name] = v }
          } catch {
            rowProblems.append(error.description)
          }
        case nil: break
        }
      }
      if key.isEmpty { rowProblems.append("no task key") }
      for f in definition.fields where f.required && fields[f.name] == nil { rowProblems.append("required field \(f.name) is empty") }
      for f in definition.fields where f.type == .actor {
        if case .string(let who) = fields[f.name], try !knownActor(who) {
          rowProblems.append("field '\(f.name)' names '\(who)', who is not a registered actor")
        }
      }
      if let first = seen[key], !key.isEmpty { rowProblems.append("task key \(key) is also on line \(first)") }
      seen[key] = seen[key] ?? row.line
      if !key.isEmpty, try exists(key) { rowProblems.append("task \(key) already exists") }
      if let e = entered, e > now {
        rowProblems.append("the state was reached in the future (\(Timestamp.formatLocal(e, in: definition.timeZone)))")
      }
      if rowProblems.isEmpty {
        let command = Command.importTask(key: key, state: state, fields: fields)
        do {
          _ = try engine.decide(command, on: nil, context: CommandContext(actor: actor, effectiveAt: entered ?? now, recordedAt: now))
          commands.append(
            EventStore.BatchCommand(command, taskKey: key, workflow: definition.id, actorName: actor.name, effectiveAt: entered))
        } catch {
          rowProblems.append(error.message)
        }
      }
      problems += rowProblems.map { Problem(line: row.line, message: "\(key.isEmpty ? "" : key + ": ")\($0)") }
    }
    return Plan(commands: problems.isEmpty ? commands : [], problems: problems, columns: described)
  }
}
