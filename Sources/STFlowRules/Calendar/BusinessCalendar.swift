/// Which days are working days (ngày làm việc). Deadlines counted in working days ask it.
public protocol BusinessCalendar: Sendable {
  func isWorkingDay(_ date: LocalDate) -> Bool
  /// How many working days lie in (`from`, `to`], for `from` ≤ `to`. Calendars answer without walking
  /// the days one by one.
  func workingDays(after from: LocalDate, through to: LocalDate) -> Int
}

extension BusinessCalendar {
  /// `date` moved by `n` working days: the n-th working day after it (before it, for a negative n). Found
  /// by bisection on ``workingDays(after:through:)``, so a long count is as quick as a short one.
  public func adding(workingDays n: Int, to date: LocalDate) -> LocalDate {
    if n == 0 { return date }
    // Periods are bounded to a century where they are read; far beyond that the count is capped rather
    // than let the arithmetic overflow.
    let want = min(n.magnitude, 50_000_000)
    // A year of 365 days always has more than 200 working days: (want / 200 + 1) years reach far enough.
    let span = (Int(want) / 200 + 1) * 366 + 14
    if n > 0 {
      var (lo, hi) = (date.dayNumber + 1, date.dayNumber + span)
      while lo < hi {
        let mid = lo + (hi - lo) / 2
        if workingDays(after: date, through: LocalDate(dayNumber: mid)) >= want { hi = mid } else { lo = mid + 1 }
      }
      return LocalDate(dayNumber: lo)
    }
    var (lo, hi) = (date.dayNumber - span, date.dayNumber - 1)
    while lo < hi {
      let mid = hi - (hi - lo) / 2
      // Working days in [mid, date) = (mid - 1, date - 1].
      if workingDays(after: LocalDate(dayNumber: mid - 1), through: date.adding(days: -1)) >= want { lo = mid } else { hi = mid - 1 }
    }
    return LocalDate(dayNumber: lo)
  }

  /// Working days by counting weekdays in closed form, then the exceptions.
  static func weekdays(_ weekdays: Set<Int>, after from: LocalDate, through to: LocalDate) -> Int {
    let days = to.dayNumber - from.dayNumber
    guard days > 0 else { return 0 }
    var count = (days / 7) * weekdays.count
    var d = from.adding(days: (days / 7) * 7)
    while d < to {
      d = d.adding(days: 1)
      if weekdays.contains(d.isoWeekday) { count += 1 }
    }
    return count
  }
}

/// Monday to Friday, no holidays: the calendar used when a definition names none.
public struct WeekdayCalendar: BusinessCalendar {
  public init() {}
  public func isWorkingDay(_ date: LocalDate) -> Bool { date.isoWeekday <= 5 }
  public func workingDays(after from: LocalDate, through to: LocalDate) -> Int {
    Self.weekdays([1, 2, 3, 4, 5], after: from, through: to)
  }
}
