import Foundation

/// A calendar date without a time of day (a business date such as a contract start), stored as
/// days since 1970-01-01 in the proleptic Gregorian calendar.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Days since 1970-01-01.
  public let dayNumber: Int

  public init(dayNumber: Int) { self.dayNumber = dayNumber }

  /// Creates a date from its parts, or returns `nil` when the parts are not a real date.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1, day <= LocalDate.daysInMonth(year: year, month: month) else {
      return nil
    }
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    self.dayNumber = era * 146097 + doe - 719468
  }

  /// Parses `yyyy-MM-dd`.
  public init?(iso text: some StringProtocol) { self.init(iso: String(text)) }

  /// Parses `yyyy-MM-dd`, read from the string's UTF-8 bytes in place.
  public init?(iso text: String) {
    var text = text
    guard let date = text.withUTF8({ LocalDate.parseISO(UnsafeRawBufferPointer($0)) }) else { return nil }
    self = date
  }

  /// `yyyy-MM-dd` from ten bytes, digit by digit (dates are read for every task of a portfolio).
  static func parseISO(_ b: UnsafeRawBufferPointer) -> LocalDate? {
    guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
    var values = (0, 0, 0)
    for i in 0..<10 where i != 4 && i != 7 {
      let c = b[i]
      guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
      let v = Int(c - UInt8(ascii: "0"))
      if i < 4 { values.0 = values.0 * 10 + v } else if i < 7 { values.1 = values.1 * 10 + v } else { values.2 = values.2 * 10 + v }
    }
    return LocalDate(year: values.0, month: values.1, day: values.2)
  }

  /// Year, month (1–12) and day (1–31).
  public var components: (year: Int, month: Int, day: Int) {
    // Howard Hinnant's civil_from_days.
    let z = dayNumber + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  /// ISO weekday: 1 = Monday … 7 = Sunday.
  public var isoWeekday: Int {
    let w = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday.
    return (w < 0 ? w + 7 : w) + 1
  }

  public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

  /// Adds calendar months, clamping to the last day of the target month (31 Jan + 1 month = 28/29 Feb).
  /// `self` moved by whole months, the day clamped to the target month's length (31/1 + 1 month = 28/2).
  public func adding(months: Int) -> LocalDate { adding(months: months, keepingMonthEnd: false) }

  /// `self` moved by whole months. With `keepingMonthEnd`, the last day of a month moves to the last day
  /// of the target month (30/6 + 6 months = 31/12), which agrees with inclusive contract lengths.
  public func adding(months: Int, keepingMonthEnd: Bool) -> LocalDate {
    let (y, m, d) = components
    let total = y * 12 + (m - 1) + months
    let ny = total >= 0 ? total / 12 : (total - 11) / 12
    let nm = total - ny * 12 + 1
    let last = LocalDate.daysInMonth(year: ny, month: nm)
    let nd = keepingMonthEnd && d == LocalDate.daysInMonth(year: y, month: m) ? last : min(d, last)
    return LocalDate(year: ny, month: nm, day: nd) ?? self
  }

  public static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 1, 3, 5, 7, 8, 10, 12: return 31
    case 4, 6, 9, 11: return 30
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    default: return 0
    }
  }

  /// Whole months from `self` to `other` (negative when `other` is earlier), counting a month only
  /// when the day of the month is reached (month-end clamped).
  public func months(until other: LocalDate) -> Int {
    let (y1, m1, _) = components
    let (y2, m2, _) = other.components
    var n = (y2 - y1) * 12 + (m2 - m1)
    if n > 0, adding(months: n) > other { n -= 1 }
    if n < 0, adding(months: n) < other { n += 1 }
    return n
  }

  /// The date as Vietnamese documents write it: dd/MM/yyyy (01/03/2026).
  public var dayMonthYear: String {
    let (y, m, d) = components
    return "\(LocalDate.pad(d, 2))/\(LocalDate.pad(m, 2))/\(LocalDate.pad(y, 4))"
  }

  /// `v` in decimal with leading zeros to `width` digits.
  static func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  public var description: String {
    let (y, m, d) = components
    return "\(LocalDate.pad(y, 4))-\(LocalDate.pad(m, 2))-\(LocalDate.pad(d, 2))"
  }

  public static func < (a: LocalDate, b: LocalDate) -> Bool { a.dayNumber < b.dayNumber }

  /// The date of an instant in a time zone.
  public init(_ instant: Date, in timeZone: TimeZone) {
    let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
    self.dayNumber = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
  }

  /// The instant at which this date begins in a time zone.
  public func start(in timeZone: TimeZone) -> Date {
    let naive = Date(timeIntervalSince1970: TimeInterval(dayNumber) * 86400)
    return naive.addingTimeInterval(-TimeInterval(timeZone.secondsFromGMT(for: naive)))
  }
}
