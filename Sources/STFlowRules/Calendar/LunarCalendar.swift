import Foundation

/// The Vietnamese lunisolar calendar (âm lịch), computed astronomically for UTC+7 with Hồ Ngọc Đức's
/// algorithm (new moons after Jean Meeus, *Astronomical Algorithms*). Used to place Tết Nguyên Đán and
/// Giỗ Tổ Hùng Vương; official schedules may still override the computed days in a calendar file.
public enum LunarCalendar {
  static let timeZone = 7.0

  /// The Gregorian date of lunar `day`/`month` of lunar `year` (`leap` for the leap month), or `nil`
  /// when that month is not a leap month that year.
  public static func solarDate(day: Int, month: Int, year: Int, leap: Bool = false) -> LocalDate? {
    let a11: Int
    let b11: Int
    if month < 11 {
      a11 = lunarMonth11(year - 1)
      b11 = lunarMonth11(year)
    } else {
      a11 = lunarMonth11(year)
      b11 = lunarMonth11(year + 1)
    }
    let k = Int(floor(0.5 + (Double(a11) - 2415021.076998695) / 29.530588853))
    var offset = month - 11
    if offset < 0 { offset += 12 }
    if b11 - a11 > 365 {
      let leapOffset = leapMonthOffset(a11)
      var leapMonth = leapOffset - 2
      if leapMonth < 0 { leapMonth += 12 }
      if leap && month != leapMonth { return nil }
      if leap || offset >= leapOffset { offset += 1 }
    } else if leap {
      return nil
    }
    let monthStart = newMoonDay(k + offset)
    return LocalDate(dayNumber: monthStart + day - 1 - 2_440_588)
  }

  /// The first day of the lunar year (Tết Nguyên Đán) in Gregorian year `year`.
  public static func newYear(_ year: Int) -> LocalDate? { solarDate(day: 1, month: 1, year: year) }

  /// Julian day number of a Gregorian date.
  static func julianDay(_ d: Int, _ m: Int, _ y: Int) -> Int {
    let a = (14 - m) / 12
    let yy = y + 4800 - a
    let mm = m + 12 * a - 3
    return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045
  }

  /// The Julian day of the k-th new moon after 1900-01-01 (a fractional day, UT).
  static func newMoon(_ k: Int) -> Double {
    let kd = Double(k)
    let t = kd / 1236.85
    let t2 = t * t
    let t3 = t2 * t
    let dr = Double.pi / 180
    var jd1 = 2415020.75933 + 29.53058868 * kd + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    let m = 359.2242 + 29.10535608 * kd - 0.0000333 * t2 - 0.00000347 * t3
    let mpr = 306.0253 + 385.81691806 * kd + 0.0107306 * t2 + 0.00001236 * t3
    let f = 21.2964 + 390.67050646 * kd - 0.0016528 * t2 - 0.00000239 * t3
    var c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m)
    c1 = c1 - 0.4068 * sin(mpr * dr) + 0.0161 * sin(dr * 2 * mpr)
    c1 = c1 - 0.0004 * sin(dr * 3 * mpr)
    c1 = c1 + 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr))
    c1 = c1 - 0.0074 * sin(dr * (m - mpr)) + 0.0004 * sin(dr * (2 * f + m))
    c1 = c1 - 0.0004 * sin(dr * (2 * f - m)) - 0.0006 * sin(dr * (2 * f + mpr))
    c1 = c1 + 0.0010 * sin(dr * (2 * f - mpr)) + 0.0005 * sin(dr * (2 * mpr + m))
    let deltaT: Double
    if t < -11 {
      deltaT = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    } else {
      deltaT = -0.000278 + 0.000265 * t + 0.000262 * t2
    }
    return jd1 + c1 - deltaT
  }

  /// The local (UTC+7) day number of the k-th new moon.
  static func newMoonDay(_ k: Int) -> Int { Int(floor(newMoon(k) + 0.5 + timeZone / 24)) }

  /// The sun's longitude (radians, 0…2π) at a Julian day.
  static func sunLongitude(_ jdn: Double) -> Double {
    let t = (jdn - 2451545.0) / 36525
    let t2 = t * t
    let dr = Double.pi / 180
    let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    var dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * sin(dr * 2 * m) + 0.000290 * sin(dr * 3 * m)
    var l = (l0 + dl) * dr
    l -= Double.pi * 2 * floor(l / (Double.pi * 2))
    return l
  }

  /// Which twelfth of the ecliptic (0…11) the sun is in at the start of a local day.
  static func sunSector(_ dayNumber: Int) -> Int {
    Int(floor(sunLongitude(Double(dayNumber) - 0.5 - timeZone / 24) / Double.pi * 6))
  }

  /// The day number on which the 11th lunar month (the one containing the winter solstice) of `year` begins.
  static func lunarMonth11(_ year: Int) -> Int {
    let off = julianDay(31, 12, year) - 2415021
    let k = Int(floor(Double(off) / 29.530588853))
    var nm = newMoonDay(k)
    if sunSector(nm) >= 9 { nm = newMoonDay(k - 1) }
    return nm
  }

  /// Which month after the 11th month is the leap month, in a year with 13 months.
  static func leapMonthOffset(_ a11: Int) -> Int {
    let k = Int(floor((Double(a11) - 2415021.076998695) / 29.530588853 + 0.5))
    var last = 0
    var i = 1
    var arc = sunSector(newMoonDay(k + i))
    repeat {
      last = arc
      i += 1
      arc = sunSector(newMoonDay(k + i))
    } while arc != last && i < 14
    return i - 1
  }
}
