import Foundation

/// A business calendar read from a calendar file (`Workflows/calendars/*.json`): working weekdays,
/// public holidays by rule (fixed dates and lunar dates such as Tết), compensatory days off when a
/// holiday falls on a rest day, official schedules that replace a rule's computed days for a year,
/// extra days off, and working days that replace a day off (làm bù).
public struct HolidayCalendar: BusinessCalendar, Sendable {
  /// A public holiday rule.
  public struct Rule: Sendable, Equatable {
    public enum Anchor: Sendable, Equatable {
      /// A fixed Gregorian month and day.
      case solar(month: Int, day: Int)
      /// A lunar month and day (Tết is lunar 1/1).
      case lunar(month: Int, day: Int)
    }

    public var name: String
    public var anchor: Anchor
    public var daysBefore: Int
    public var daysAfter: Int
    /// The years the rule applies to (inclusive).
    public var years: ClosedRange<Int>

    public init(name: String, anchor: Anchor, daysBefore: Int = 0, daysAfter: Int = 0, years: ClosedRange<Int> = 1900...2200) {
      self.name = name
      self.anchor = anchor
      self.daysBefore = daysBefore
      self.daysAfter = daysAfter
      self.years = years
    }

    /// The days the rule gives in `year`.
    public func days(in year: Int) -> [LocalDate] {
      guard years.contains(year) else { return [] }
      let anchorDate: LocalDate?
      switch anchor {
      case .solar(let m, let d): anchorDate = LocalDate(year: year, month: m, day: d)
      case .lunar(let m, let d): anchorDate = LunarCalendar.solarDate(day: d, month: m, year: year)
      }
      guard let a = anchorDate else { return [] }
      return (-daysBefore...daysAfter).map { a.adding(days: $0) }
    }
  }

  /// An official schedule that replaces what a rule computes for one year.
  public struct Schedule: Sendable, Equatable {
    public var rule: String
    public var year: Int
    public var days: ClosedRange<LocalDate>
  }

  public let id: String
  public let timeZone: TimeZone
  public let workingWeekdays: Set<Int>
  public let rules: [Rule]
  public let compensate: Bool
  /// Holidays and days off by day number, with the reason (holidays on rest days included, for naming).
  public let daysOff: [Int: String]
  /// Days that are worked although they would not be (làm bù), with the reason.
  public let workedDays: [Int: String]
  /// The years computed in advance; outside them only weekdays count.
  public let years: ClosedRange<Int>

  public init(
    id: String, timeZone: TimeZone = .vietnam, workingWeekdays: Set<Int> = [1, 2, 3, 4, 5], rules: [Rule],
    compensate: Bool = true, schedules: [Schedule] = [], extraDaysOff: [(LocalDate, String)] = [],
    workingDays: [(LocalDate, String)] = [], years: ClosedRange<Int> = 2015...2040
  ) {
    self.id = id
    self.timeZone = timeZone
    self.workingWeekdays = workingWeekdays
    self.rules = rules
    self.compensate = compensate
    self.years = years
    var off: [Int: String] = [:]
    var compensable: [(LocalDate, String)] = []
    for year in years {
      for rule in rules {
        if let s = schedules.first(where: { $0.rule == rule.name && $0.year == year }) {
          var d = s.days.lowerBound
          while d <= s.days.upperBound {
            off[d.dayNumber] = rule.name
            d = d.adding(days: 1)
          }
          continue
        }
        for d in rule.days(in: year) {
          if !workingWeekdays.contains(d.isoWeekday) { compensable.append((d, rule.name)) }
          off[d.dayNumber] = rule.name
        }
      }
    }
    for (d, name) in extraDaysOff { off[d.dayNumber] = name }
    let worked = Dictionary(workingDays.map { ($0.0.dayNumber, $0.1) }, uniquingKeysWith: { a, _ in a })
    if compensate {
      // A holiday on a rest day gives the next working day off (nghỉ bù), in date order.
      for (d, name) in compensable.sorted(by: { $0.0 < $1.0 }) {
        var c = d.adding(days: 1)
        while !workingWeekdays.contains(c.isoWeekday) || off[c.dayNumber] != nil || worked[c.dayNumber] != nil {
          c = c.adding(days: 1)
        }
        off[c.dayNumber] = "nghỉ bù \(name)"
      }
    }
    self.daysOff = off
    self.workedDays = worked
    self.offWeekdays = off.keys.filter { worked[$0] == nil && workingWeekdays.contains(LocalDate(dayNumber: $0).isoWeekday) }.sorted()
    self.workedRestDays = worked.keys.filter { !workingWeekdays.contains(LocalDate(dayNumber: $0).isoWeekday) }.sorted()
  }

  /// Days off that fall on working weekdays, and days worked that fall on rest days, sorted: the only
  /// days where the calendar differs from its weekly rule.
  let offWeekdays: [Int]
  let workedRestDays: [Int]

  public func workingDays(after from: LocalDate, through to: LocalDate) -> Int {
    guard to > from else { return 0 }
    func inRange(_ sorted: [Int]) -> Int { Self.upperBound(sorted, to.dayNumber) - Self.upperBound(sorted, from.dayNumber) }
    return Self.weekdays(workingWeekdays, after: from, through: to) - inRange(offWeekdays) + inRange(workedRestDays)
  }

  /// The number of elements ≤ `value`.
  static func upperBound(_ sorted: [Int], _ value: Int) -> Int {
    var (lo, hi) = (0, sorted.count)
    while lo < hi {
      let mid = (lo + hi) / 2
      if sorted[mid] <= value { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  public func isWorkingDay(_ date: LocalDate) -> Bool {
    if workedDays[date.dayNumber] != nil { return true }
    return workingWeekdays.contains(date.isoWeekday) && daysOff[date.dayNumber] == nil
  }

  /// Why `date` is not a working day ("Saturday", "Tết Nguyên Đán", "nghỉ bù Giỗ Tổ Hùng Vương"), or `nil`.
  public func reasonOff(_ date: LocalDate) -> String? {
    if isWorkingDay(date) { return nil }
    if let name = daysOff[date.dayNumber] { return name }
    return ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][date.isoWeekday]
  }
}
