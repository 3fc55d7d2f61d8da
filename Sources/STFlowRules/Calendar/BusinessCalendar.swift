/// Which days are working days (ngày làm việc). Deadlines counted in working days ask it.
public protocol BusinessCalendar: Sendable {
  func isWorkingDay(_ date: LocalDate) -> Bool
}

/// Monday to Friday, no holidays: the calendar used when a definition names none.
public struct WeekdayCalendar: BusinessCalendar {
  public init() {}
  public func isWorkingDay(_ date: LocalDate) -> Bool { date.isoWeekday <= 5 }
}
