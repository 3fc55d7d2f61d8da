import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules

/// How values are written for people: Vietnamese first (dd/MM/yyyy, 1.200.000.000 đ, codes by their labels),
/// English when `language` is `en`.
public struct Formats: Sendable {
  public let language: String
  public let timeZone: TimeZone

  public init(language: String = "vi", timeZone: TimeZone = .vietnam) {
    self.language = language
    self.timeZone = timeZone
  }

  public var vi: Bool { language != "en" }

  /// Vietnamese or English.
  public func t(_ vi: String, _ en: String) -> String { self.vi ? vi : en }

  /// 05/03/2026.
  public func date(_ d: LocalDate) -> String { d.dayMonthYear }

  /// 05/03/2026 14:30, in the workflow's time zone.
  public func dateTime(_ d: Date) -> String { "\(date(day(d))) \(time(d))" }

  /// 14:30 (or "14 giờ 30" with `separator: " giờ "`), in the workflow's time zone.
  public func time(_ d: Date, separator: String = ":") -> String {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = timeZone
    let c = cal.dateComponents([.hour, .minute], from: d)
    return "\(two(c.hour ?? 0))\(separator)\(two(c.minute ?? 0))"
  }

  /// The calendar day of an instant, in the workflow's time zone.
  public func day(_ d: Date) -> LocalDate { LocalDate(d, in: timeZone) }

  /// 1.200.000.000 đ.
  public func money(_ m: Int64) -> String { Value.groupThousands(m) + (vi ? " đ" : " VND") }

  /// A field's value as people read it: enum values and booleans by label, dates and money written out,
  /// people by their names.
  public func value(_ v: Value, field: FieldDefinition?, people: [String: Actor] = [:]) -> String {
    switch v {
    case .null: return "—"
    case .bool(let b): return b ? t("Có", "Yes") : t("Không", "No")
    // A year or a small count is written as it is (2025, not 2.025).
    case .integer(let i): return abs(i) < 10_000 ? String(i) : Value.groupThousands(i)
    case .money(let m): return money(m)
    case .date(let d): return date(d)
    case .string(let s):
      if let field, field.type == .enum { return field.valueLabel(s, language) }
      if let field, field.type == .actor { return people[s]?.shownName ?? s }
      return s
    default: return v.plainText
    }
  }

  func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
