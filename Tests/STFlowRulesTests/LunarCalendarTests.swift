import Testing

@testable import STFlowRules

@Suite struct LunarCalendarTests {
  /// Tết Nguyên Đán as published for each year.
  @Test(arguments: [
    (2019, "2019-02-05"), (2020, "2020-01-25"), (2021, "2021-02-12"), (2022, "2022-02-01"), (2023, "2023-01-22"),
    (2024, "2024-02-10"), (2025, "2025-01-29"), (2026, "2026-02-17"), (2027, "2027-02-06"), (2028, "2028-01-26"),
  ])
  func tetFallsOnThePublishedDate(year: Int, date: String) {
    #expect(LunarCalendar.newYear(year)?.description == date)
  }

  /// Giỗ Tổ Hùng Vương, the 10th day of the 3rd lunar month.
  @Test(arguments: [
    (2019, "2019-04-14"), (2020, "2020-04-02"), (2021, "2021-04-21"), (2022, "2022-04-10"), (2023, "2023-04-29"),
    (2024, "2024-04-18"), (2025, "2025-04-07"), (2026, "2026-04-26"), (2027, "2027-04-16"),
  ])
  func hungKingsDayFallsOnThePublishedDate(year: Int, date: String) {
    #expect(LunarCalendar.solarDate(day: 10, month: 3, year: year)?.description == date)
  }

  @Test func leapMonthsExistOnlyInLeapYears() {
    // 2023 had a leap 2nd month (tháng 2 nhuận) starting 2023-03-22; 2025 a leap 6th month from 2025-07-25.
    #expect(LunarCalendar.solarDate(day: 1, month: 2, year: 2023, leap: true)?.description == "2023-03-22")
    #expect(LunarCalendar.solarDate(day: 1, month: 6, year: 2025, leap: true)?.description == "2025-07-25")
    #expect(LunarCalendar.solarDate(day: 1, month: 5, year: 2025, leap: true) == nil)
    #expect(LunarCalendar.solarDate(day: 1, month: 2, year: 2024, leap: true) == nil)
  }
}
