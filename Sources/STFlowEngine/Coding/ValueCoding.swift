import STFlowDefinition
import STFlowRules

/// Field values as plain JSON (dates as `yyyy-MM-dd` strings, money as integers), read back with
/// the type the definition gives the field.
public enum ValueCoding {
  public struct Failure: Error, Sendable, CustomStringConvertible {
    public let description: String
  }

  public static func json(_ value: Value) -> JSON {
    switch value {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .integer(let i), .money(let i): return .integer(i)
    case .string(let s): return .string(s)
    case .date(let d): return .string(d.description)
    case .period(let p): return .string(p.description)
    case .list(let items): return .array(items.map(json))
    case .ratio(let n, let d): return d == 0 ? .null : .number(Double(n) / Double(d))
    }
  }

  public static func json(_ fields: [String: Value]) -> JSON {
    .object(fields.keys.sorted().map { ($0, json(fields[$0] ?? .null)) })
  }

  public static func value(_ json: JSON, as type: FieldType) throws(Failure) -> Value {
    switch (type, json) {
    case (_, .null): return .null
    case (.string, .string(let s)), (.enum, .string(let s)), (.actor, .string(let s)), (.document, .string(let s)):
      return .string(s)
    case (.integer, _) where json.intValue != nil: return .integer(json.intValue ?? 0)
    case (.money, _) where json.intValue != nil: return .money(json.intValue ?? 0)
    case (.boolean, .bool(let b)): return .bool(b)
    case (.date, .string(let s)):
      guard let d = LocalDate(iso: s) else { throw Failure(description: "'\(s)' is not a date (yyyy-MM-dd)") }
      return .date(d)
    default: throw Failure(description: "\(json.kindDescription) is not a \(type.rawValue)")
    }
  }

  /// Reads an object of field values; fields the definition does not know are an error.
  public static func fields(_ json: JSON?, definition: WorkflowDefinition) throws(Failure) -> [String: Value] {
    guard let members = json?.objectValue else { return [:] }
    var out: [String: Value] = [:]
    out.reserveCapacity(members.count)
    for (name, j) in members {
      guard let i = definition.fieldIndex[name] else { throw Failure(description: "unknown field '\(name)'") }
      out[name] = try value(j, as: definition.fields[i].type)
    }
    return out
  }
}
