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

  /// The longest period a rule, a guard or a command may write in each unit: a century (36,600 days,
  /// 26,100 working days, 5,220 weeks, 1,200 months, 100 years). Longer ones are refused where they are
  /// read, so date arithmetic can neither overflow nor run for long.
  public static func maximum(_ unit: Unit) -> Int {
    switch unit {
    case .days: return 36_600
    case .workingDays: return 26_100
    case .weeks: return 5_220
    case .months: return 1_200
    case .years: return 100
    }
  }

  /// Whether the amount is within ``maximum(_:)`` for its unit.
  public var isWithinLimits: Bool { amount.magnitude <= UInt(Period.maximum(unit)) }

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
    guard !digits.isEmpty, digits.count <= 9, let n = Int(digits), let unit = Unit(rawValue: String(s.dropFirst(digits.count))),
      n <= Period.maximum(unit)
    else {
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
    case .workingDays: return calendar.adding(workingDays: amount, to: date)
    }
  }
}
