/// A length of time as written in a rule: `30d`, `15wd`, `2w`, `6mo`, `1y`, possibly negative (`-10d`).
public struct Period: Sendable, Hashable, CustomStringConvertible {
  public enum Unit: String, Sendable, Hashable, CaseIterable {
    case days = "d"
    case workingDays = "wd"
    case weeks = "w"
    case months = "mo"
    case years = "y"
  }

  public var amount: Int
  public var unit: Unit

  public init(_ amount: Int, _ unit: Unit) {
    self.amount = amount
    self.unit = unit
  }

  /// Parses `30d`, `-10d`, `15wd`, `2w`, `6mo`, `1y`.
  public init?(_ text: some StringProtocol) {
    var s = Substring(text)
    var sign = 1
    if s.first == "-" {
      sign = -1
      s = s.dropFirst()
    } else if s.first == "+" {
      s = s.dropFirst()
    }
    let digits = s.prefix(while: { $0.isASCII && $0.isNumber })
    guard !digits.isEmpty, let n = Int(digits), let unit = Unit(rawValue: String(s.dropFirst(digits.count))) else {
      return nil
    }
    self.init(sign * n, unit)
  }

  public var negated: Period { Period(-amount, unit) }

  public var description: String { "\(amount)\(unit.rawValue)" }

  /// `date` moved by this period. Months and years keep a month end at the month end (30/6 + 6mo =
  /// 31/12), so a contract's inclusive length and its extension agree. Working days step over the days `calendar` does not work: `+15wd`
  /// is the 15th working day after `date`; `-3wd` the 3rd working day before it.
  public func added(to date: LocalDate, calendar: any BusinessCalendar) -> LocalDate {
    switch unit {
    case .days: return date.adding(days: amount)
    case .weeks: return date.adding(days: amount * 7)
    case .months: return date.adding(months: amount, keepingMonthEnd: true)
    case .years: return date.adding(months: amount * 12, keepingMonthEnd: true)
    case .workingDays:
      var d = date
      var left = abs(amount)
      let step = amount >= 0 ? 1 : -1
      while left > 0 {
        d = d.adding(days: step)
        if calendar.isWorkingDay(d) { left -= 1 }
      }
      return d
    }
  }
}
