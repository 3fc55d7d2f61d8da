import Foundation
import Testing

@testable import STFlowRules

/// Working-day arithmetic counts with the calendar's exceptions instead of walking day by day; it must give
/// exactly what the walk gives, on the Vietnamese calendar across Tết, nghỉ bù and làm bù.
@Suite struct WorkingDayArithmeticTests {
  static let vn: HolidayCalendar = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let data = FileManager.default.contents(atPath: root.appendingPathComponent("Workflows/calendars/vn.json").path) ?? Data()
    return (try? CalendarLoader.load(json: try JSONParser.parse(bytes: Array(data)))) ?? HolidayCalendar(id: "none", rules: [])
  }()

  /// The definition of working-day arithmetic, one day at a time.
  static func walk(_ n: Int, from date: LocalDate, _ calendar: any BusinessCalendar) -> LocalDate {
    var d = date
    var left = abs(n)
    while left > 0 {
      d = d.adding(days: n > 0 ? 1 : -1)
      if calendar.isWorkingDay(d) { left -= 1 }
    }
    return d
  }

  @Test func theCountAgreesWithTheWalkOnThousandsOfCases() {
    #expect(Self.vn.id == "vn")
    var rng = SplitMix(seed: 20_261_124)
    let first = LocalDate(iso: "2016-01-01")!.dayNumber
    for _ in 0..<3000 {
      let start = LocalDate(dayNumber: first + Int(rng.next() % 8000))
      let n = Int(rng.next() % 400) - 200
      #expect(Self.vn.adding(workingDays: n, to: start) == Self.walk(n, from: start, Self.vn), "\(start) \(n)wd")
      #expect(WeekdayCalendar().adding(workingDays: n, to: start) == Self.walk(n, from: start, WeekdayCalendar()))
    }
  }

  @Test func acrossTet2026() {
    // 15 working days from Friday 06/02/2026 step over the Tết holiday (14/02 – 22/02).
    #expect(Period(15, .workingDays).added(to: LocalDate(iso: "2026-02-06")!, calendar: Self.vn).description == "2026-03-06")
    #expect(Period(-1, .workingDays).added(to: LocalDate(iso: "2026-02-23")!, calendar: Self.vn).description == "2026-02-13")
  }

  @Test func aCenturyOfWorkingDaysIsCountedNotWalked() {
    let start = LocalDate(iso: "2026-01-01")!
    let far = Period(Period.maximum(.workingDays), .workingDays).added(to: start, calendar: Self.vn)
    #expect(Self.vn.isWorkingDay(far))
    #expect(Self.vn.workingDays(after: start, through: far) == Period.maximum(.workingDays))
  }

  @Test(arguments: ["9223372036854775807d", "2147483647y", "26101wd", "1201mo", "9999999999wd", "-36601d"])
  func periodsBeyondACenturyAreRefused(text: String) {
    #expect(Period(text) == nil)
    #expect(throws: ExpressionError.self) {
      _ = try GuardExpression(parsing: "at + \(text.hasPrefix("-") ? String(text.dropFirst()) : text) > at")
    }
  }

  @Test func negatingTheSmallestIntegerIsARefusalNotATrap() throws {
    let g = try GuardExpression(parsing: "-x > 0")
    struct R: ReferenceResolver {
      func value(of name: String) -> Value { .integer(Int64.min) }
      var calendar: any BusinessCalendar { WeekdayCalendar() }
    }
    #expect(throws: EvaluationError.self) { _ = try g.evaluate(with: R()) }
  }
}
