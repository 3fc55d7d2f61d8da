import Foundation
import STFlowDefinition
import STFlowRules

/// Reads field values as people type them (`budget=500.000.000`, `contractStart=01/03/2026`),
/// checked against the field's type. Text is normalised to Unicode NFC.
public enum FieldValueParser {
  public struct Failure: Error, Sendable, CustomStringConvertible {
    public let field: String
    public let message: String
    public var description: String { "field '\(field)': \(message)" }
  }

  /// Parses `FIELD=VALUE` assignments; an empty value clears the field.
  public static func parseAssignments(_ items: [String], definition: WorkflowDefinition) throws(Failure) -> [String: Value] {
    var out: [String: Value] = [:]
    for item in items {
      guard let eq = item.firstIndex(of: "=") else {
        throw Failure(field: item, message: "expected FIELD=VALUE")
      }
      let name = String(item[..<eq])
      guard let field = definition.field(name) else {
        throw Failure(
          field: name,
          message: "workflow '\(definition.id)' has no such field (fields: \(definition.fields.map(\.name).joined(separator: ", ")))")
      }
      out[name] = try parse(String(item[item.index(after: eq)...]), for: field)
    }
    return out
  }

  public static func parse(_ raw: String, for field: FieldDefinition) throws(Failure) -> Value {
    let text = raw.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespaces)
    if text.isEmpty { return .null }
    func fail(_ m: String) -> Failure { Failure(field: field.name, message: m) }
    switch field.type {
    case .string, .actor: return .string(text)
    case .document: throw fail("is a document: attach it with 'task attach KEY \(field.name) --name N --uri U --sha256 H'")
    case .enum:
      guard field.enumValues.contains(text) else { throw fail("must be one of \(field.enumValues.joined(separator: ", ")), not '\(text)'") }
      return .string(text)
    case .boolean:
      switch text.lowercased() {
      case "true", "yes", "có", "1": return .bool(true)
      case "false", "no", "không", "0": return .bool(false)
      default: throw fail("expected true or false, not '\(text)'")
      }
    case .integer:
      guard let i = Int64(text) else { throw fail("expected a whole number, not '\(text)'") }
      return .integer(i)
    case .money:
      guard let m = parseMoney(text) else {
        throw fail("expected an amount in VND such as 500000000 or 500.000.000, not '\(text)'")
      }
      return .money(m)
    case .date:
      guard let d = Timestamp.parseDate(text) else { throw fail("expected a date as yyyy-MM-dd or dd/MM/yyyy, not '\(text)'") }
      return .date(d)
    }
  }

  /// `500000000`, `500.000.000`, `500,000,000`, `500 000 000`, optionally followed by `VND`, `đ` or `₫`.
  public static func parseMoney(_ text: String) -> Int64? {
    var s = text
    for suffix in ["VND", "vnd", "đồng", "đ", "₫"] where s.hasSuffix(suffix) {
      s = String(s.dropLast(suffix.count))
      break
    }
    s = s.trimmingCharacters(in: .whitespaces)
    let negative = s.hasPrefix("-")
    if negative { s.removeFirst() }
    let groups = s.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "," || $0 == " " })
    guard !groups.isEmpty, groups.allSatisfy({ g in !g.isEmpty && g.allSatisfy { $0.isASCII && $0.isNumber } }) else {
      return nil
    }
    if groups.count > 1 {
      guard groups[0].count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
    }
    guard let v = Int64(groups.joined()) else { return nil }
    return negative ? -v : v
  }
}
