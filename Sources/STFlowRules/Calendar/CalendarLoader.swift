import Foundation

/// Reads a calendar file. Problems are reported with their JSON path, like definition problems.
public enum CalendarLoader {
  public struct Failure: Error, Sendable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { "calendar is invalid:\n" + problems.map { "  - \($0)" }.joined(separator: "\n") }
  }

  public static func load(json: JSON, file: String? = nil) throws(Failure) -> HolidayCalendar {
    var problems: [String] = []
    let prefix = file.map { "\($0): " } ?? ""
    func fail(_ path: String, _ message: String) { problems.append("\(prefix)\(path): \(message)") }
    guard case .object = json else { throw Failure(problems: ["\(prefix)$: expected an object"]) }
    let id = json["id"]?.stringValue ?? ""
    if id.isEmpty { fail("$.id", "is required (a string)") }
    var timeZone = TimeZone.vietnam
    if let tz = json["timeZone"]?.stringValue {
      if let z = TimeZone(identifier: tz) { timeZone = z } else { fail("$.timeZone", "unknown time zone '\(tz)'") }
    }
    var weekdays: Set<Int> = [1, 2, 3, 4, 5]
    if let list = json["workingWeekdays"]?.arrayValue {
      weekdays = Set(list.compactMap { $0.intValue.map(Int.init) })
      if weekdays.isEmpty || !weekdays.allSatisfy({ (1...7).contains($0) }) {
        fail("$.workingWeekdays", "expected ISO weekdays 1 (Monday) … 7 (Sunday)")
      }
    }
    func monthDay(_ text: String?, _ path: String) -> (Int, Int)? {
      let parts = (text ?? "").split(separator: "-")
      guard parts.count == 2, let m = Int(parts[0]), let d = Int(parts[1]), (1...12).contains(m), (1...31).contains(d) else {
        fail(path, "expected MM-dd, found \(text.map { "'\($0)'" } ?? "nothing")")
        return nil
      }
      return (m, d)
    }
    func date(_ text: String?, _ path: String) -> LocalDate? {
      guard let text, let d = LocalDate(iso: text) else {
        fail(path, "expected a date yyyy-MM-dd, found \(text.map { "'\($0)'" } ?? "nothing")")
        return nil
      }
      return d
    }
    var rules: [HolidayCalendar.Rule] = []
    for (i, r) in (json["holidays"]?.arrayValue ?? []).enumerated() {
      let p = "$.holidays[\(i)]"
      guard let name = r["name"]?.stringValue else {
        fail("\(p).name", "is required")
        continue
      }
      let anchor: HolidayCalendar.Rule.Anchor
      if let s = r["date"] {
        guard let (m, d) = monthDay(s.stringValue, "\(p).date") else { continue }
        anchor = .solar(month: m, day: d)
      } else if let l = r["lunar"] {
        guard let (m, d) = monthDay(l.stringValue, "\(p).lunar") else { continue }
        anchor = .lunar(month: m, day: d)
      } else {
        fail(p, "needs \"date\" (MM-dd) or \"lunar\" (MM-dd)")
        continue
      }
      let from = Int(r["fromYear"]?.intValue ?? 1900)
      let to = Int(r["toYear"]?.intValue ?? 2200)
      guard from <= to else {
        fail("\(p).toYear", "is before fromYear")
        continue
      }
      rules.append(
        HolidayCalendar.Rule(
          name: name, anchor: anchor, daysBefore: Int(r["daysBefore"]?.intValue ?? 0), daysAfter: Int(r["daysAfter"]?.intValue ?? 0),
          years: from...to))
    }
    var schedules: [HolidayCalendar.Schedule] = []
    for (i, s) in (json["schedules"]?.arrayValue ?? []).enumerated() {
      let p = "$.schedules[\(i)]"
      guard let rule = s["rule"]?.stringValue, rules.contains(where: { $0.name == rule }) else {
        fail("\(p).rule", "must name one of the holidays (\(rules.map(\.name).joined(separator: ", ")))")
        continue
      }
      guard let from = date(s["from"]?.stringValue, "\(p).from"), let to = date(s["to"]?.stringValue ?? s["from"]?.stringValue, "\(p).to")
      else { continue }
      guard from <= to else {
        fail("\(p).to", "is before from")
        continue
      }
      schedules.append(HolidayCalendar.Schedule(rule: rule, year: Int(s["year"]?.intValue ?? Int64(from.components.year)), days: from...to))
    }
    func dated(_ key: String) -> [(LocalDate, String)] {
      (json[key]?.arrayValue ?? []).enumerated().compactMap { i, e in
        guard let d = date(e["date"]?.stringValue, "$.\(key)[\(i)].date") else { return nil }
        return (d, e["name"]?.stringValue ?? key)
      }
    }
    let extra = dated("extraDaysOff")
    let worked = dated("workingDays")
    guard problems.isEmpty else { throw Failure(problems: problems) }
    return HolidayCalendar(
      id: id, timeZone: timeZone, workingWeekdays: weekdays, rules: rules, compensate: json["compensate"]?.boolValue ?? true,
      schedules: schedules, extraDaysOff: extra, workingDays: worked)
  }
}
