import Foundation
import STFlowDefinition
import STFlowRules

/// Reads field values as people type them (`budget=500.000.000`, `contractStart=01/03/2026`),
/// checked against the field's type. Text is normalised to Unicode NFC.
public enum FieldValueParser {
  public struct Failure: Error, Sendable, CustomStringConvertible {
    public let field: String
    public let message: String
    /// The same in Vietnamese, naming the field by its label.
    public let messageVi: String
    public var description: String { "field '\(field)': \(message)" }

    public init(field: String, message: String, vi: String) {
      self.field = field
      self.message = message
      self.messageVi = vi
    }

    /// The message in `language` (Vietnamese unless "en").
    public func description(_ language: String) -> String { language == "en" ? description : messageVi }
  }

  /// Parses `FIELD=VALUE` assignments; an empty value clears the field.
  public static func parseAssignments(_ items: [String], definition: WorkflowDefinition) throws(Failure) -> [String: Value] {
    var out: [String: Value] = [:]
    for item in items {
      guard let eq = item.firstIndex(of: "=") else {
        throw Failure(field: item, message: "expected FIELD=VALUE", vi: "'\(item)': cần dạng TRƯỜNG=GIÁ_TRỊ")
      }
      let name = String(item[..<eq])
      guard let field = definition.field(name) else {
        throw Failure(
          field: name,
          message: "workflow '\(definition.id)' has no such field (fields: \(definition.fields.map(\.name).joined(separator: ", ")))",
          vi:
            "quy trình '\(definition.id)' không có trường '\(name)' (các trường: \(definition.fields.map { "\($0.label?.text("vi", fallback: $0.name) ?? $0.name) [\($0.name)]" }.joined(separator: ", ")))"
        )
      }
      out[name] = try parse(String(item[item.index(after: eq)...]), for: field)
    }
    return out
  }

  public static func parse(_ raw: String, for field: FieldDefinition) throws(Failure) -> Value {
    let text = raw.precomposed.trimmingSpaces()
    if text.isEmpty { return .null }
    func fail(_ m: String, _ vi: String) -> Failure {
      Failure(field: field.name, message: m, vi: "\(field.label?.text("vi", fallback: field.name) ?? field.name) [\(field.name)]: \(vi)")
    }
    switch field.type {
    case .string, .actor: return .string(text)
    case .document:
      throw fail(
        "is a document: attach it with 'task attach KEY \(field.name) --name N --uri U --sha256 H'",
        "là tài liệu: đính kèm bằng 'task attach KEY \(field.name) --file TỆP'")
    case .enum:
      if let value = enumValue(text, of: field) { return .string(value) }
      let choices = field.enumValues.map { v in field.valueLabels[v].map { "\(v) (\($0.text("vi", fallback: v)))" } ?? v }
      let labels = field.enumValues.map { field.valueLabels[$0]?.text("vi", fallback: $0) ?? $0 }
      throw fail(
        "must be one of \(choices.joined(separator: ", ")), not '\(text)'",
        "chọn một trong: \(labels.joined(separator: ", ")); không nhận '\(text)'")
    case .boolean:
      switch text.lowercased() {
      case "true", "yes", "có", "1": return .bool(true)
      case "false", "no", "không", "0": return .bool(false)
      default: throw fail("expected true or false, not '\(text)'", "cần có hoặc không, không nhận '\(text)'")
      }
    case .integer:
      guard let i = Int64(text) else { throw fail("expected a whole number, not '\(text)'", "cần một số nguyên, không nhận '\(text)'") }
      return .integer(i)
    case .money:
      guard let m = parseMoney(text) else {
        throw fail(
          "expected an amount in VND such as 500000000, 500.000.000, 650 triệu or 1,2 tỷ, not '\(text)'",
          "cần số tiền (đồng) như 500.000.000, 650 triệu hoặc 1,2 tỷ; không nhận '\(text)'")
      }
      return .money(m)
    case .date:
      guard let d = Timestamp.parseDate(text) else {
        throw fail(
          "expected a date as dd/MM/yyyy or yyyy-MM-dd between 1900 and 2200, not '\(text)'",
          "cần ngày dạng dd/MM/yyyy (từ năm 1900 đến 2200), không nhận '\(text)'")
      }
      return .date(d)
    }
  }

  /// The code of an enum value given by its code or by its Vietnamese or English label, ignoring case.
  public static func enumValue(_ text: String, of field: FieldDefinition) -> String? {
    if field.enumValues.contains(text) { return text }
    let n = text.precomposed.lowercased()
    return field.enumValues.first { v in
      v.lowercased() == n
        || field.valueLabels[v].map { l in [l.vi, l.en].contains { $0?.precomposed.lowercased() == n } } == true
    }
  }

  /// `650 triệu`, `1,2 tỷ`, `500 nghìn`: a number (decimal comma or point) times a unit, exactly.
  static func parseScaledMoney(_ text: String) -> Int64? {
    let units: [(String, Int64)] = [
      ("tỷ đồng", 1_000_000_000), ("tỷ", 1_000_000_000), ("triệu đồng", 1_000_000), ("triệu", 1_000_000), ("tr", 1_000_000),
      ("nghìn đồng", 1000), ("nghìn", 1000), ("ngàn", 1000),
    ]
    let lower = text.lowercased()
    guard let (unit, factor) = units.first(where: { lower.hasSuffix($0.0) }) else { return nil }
    let number = lower.dropLast(unit.count).trimmingCharacters(in: .whitespaces)
    let parts =
      number.split(separator: ",", omittingEmptySubsequences: false).count == 2
      ? number.split(separator: ",", omittingEmptySubsequences: false)
      : number.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      parts[0].count <= 12, let whole = Int64(parts[0])
    else { return nil }
    // Checked: "999999999999 tỷ" is not an amount, not a trap.
    var (value, overflow) = whole.multipliedReportingOverflow(by: factor)
    if overflow { return nil }
    if parts.count == 2 {
      let digits = parts[1]
      guard digits.count <= 9, let fraction = Int64(digits) else { return nil }
      var scale: Int64 = 1
      for _ in digits { scale *= 10 }
      guard (fraction * factor) % scale == 0 else { return nil }
      (value, overflow) = value.addingReportingOverflow(fraction * factor / scale)
      if overflow { return nil }
    }
    return value
  }

  /// `500000000`, `500.000.000`, `500,000,000`, `500 000 000`, optionally followed by `VND`, `đ` or `₫`.
  public static func parseMoney(_ text: String) -> Int64? {
    if let scaled = parseScaledMoney(text.trimmingSpaces()) { return scaled }
    var s = text
    for suffix in ["VND", "vnd", "đồng", "đ", "₫"] where s.hasSuffix(suffix) {
      s = String(s.dropLast(suffix.count))
      break
    }
    s = s.trimmingSpaces()
    // Money is never negative, and one amount uses one thousands separator (500.000.000, not 500.000,000).
    if s.hasPrefix("-") { return nil }
    if Set(s.filter { $0 == "." || $0 == "," || $0 == " " }).count > 1 { return nil }
    let groups = s.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "," || $0 == " " })
    guard !groups.isEmpty, groups.allSatisfy({ g in !g.isEmpty && g.allSatisfy { $0.isASCII && $0.isNumber } }) else {
      return nil
    }
    if groups.count > 1 {
      guard groups[0].count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
    }
    guard let v = Int64(groups.joined()) else { return nil }
    return v
  }
}
