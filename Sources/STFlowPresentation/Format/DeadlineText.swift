import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules

/// A deadline's standing and derivation in the reader's words: "quá hạn 82 ngày", "Hạn 30/09/2027 (thứ Năm)
/// = Ngày kết thúc hợp đồng + 30 ngày", fields, states and steps by their labels, people by name.
public struct DeadlineText: Sendable {
  public let labels: HistoryText

  public init(definition: WorkflowDefinition, formats: Formats, people: [String: Actor]) {
    labels = HistoryText(definition: definition, formats: formats, people: people)
  }

  var formats: Formats { labels.formats }
  func t(_ vi: String, _ en: String) -> String { formats.t(vi, en) }

  /// "quá hạn 82 ngày", "còn 310 ngày", "đã hoàn thành"…
  public func phase(_ s: DeadlineStatus) -> String {
    let days = s.daysLeft ?? 0
    switch s.phase {
    case .inactive: return t("chưa tính hạn", "not running")
    case .met: return t("đã hoàn thành", "met")
    case .paused: return t("tạm dừng tính hạn", "paused")
    case .beforeTracking: return t("trước khi theo dõi", "before tracking")
    case .pending: return days == 0 ? t("đến hạn hôm nay", "due today") : t("còn \(days) ngày", "\(days) days left")
    case .overdue: return t("quá hạn \(-days) ngày", "overdue by \(-days) days")
    }
  }

  /// Thứ Hai … Chủ nhật.
  public func weekday(_ d: LocalDate) -> String {
    let vi = ["", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]
    let en = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    return formats.vi ? vi[d.isoWeekday] : en[d.isoWeekday]
  }

  /// 30/09/2027 (thứ Năm).
  public func day(_ d: LocalDate) -> String { "\(formats.date(d)) (\(weekday(d)))" }

  /// "30 ngày", "15 ngày làm việc", "6 tháng".
  public func period(_ p: Period) -> String {
    let n = abs(p.amount)
    switch p.unit {
    case .days: return t("\(n) ngày", "\(n) day\(n == 1 ? "" : "s")")
    case .workingDays: return t("\(n) ngày làm việc", "\(n) working day\(n == 1 ? "" : "s")")
    case .weeks: return t("\(n) tuần", "\(n) week\(n == 1 ? "" : "s")")
    case .months: return t("\(n) tháng", "\(n) month\(n == 1 ? "" : "s")")
    case .years: return t("\(n) năm", "\(n) year\(n == 1 ? "" : "s")")
    }
  }

  /// A field by its label; other references as the definition reads them (`entered.accepted`: the day the task
  /// reached that step).
  func field(_ name: String) -> String { labels.definition.referenceLabel(name, formats.language) }

  func states(_ names: [String]) -> String { names.map(labels.state).joined(separator: ", ") }

  func value(_ v: Value, of field: String) -> String {
    formats.value(v, field: labels.definition.field(field), people: labels.people)
  }

  /// A scheduled notice: "nhắc hạn 08:00 19/02/2027".
  public func notice(_ timer: PlannedTimer) -> String {
    let kind: String
    switch timer.kind {
    case .reminder: kind = t("nhắc hạn", "reminder")
    case .missed: kind = t("báo quá hạn", "missed")
    case .overdue: kind = t("nhắc quá hạn", "overdue")
    }
    return "\(kind) \(formats.time(timer.fireAt)) \(formats.date(formats.day(timer.fireAt)))"
  }

  /// The derivation of `s`, one line per note (sub-steps of a formula indented by two spaces); without the
  /// legal basis when the page shows it apart.
  public func lines(_ s: DeadlineStatus, basis: Bool = true) -> [String] {
    s.explanation.filter { basis || !($0 == .basis(s.deadline.basis ?? "")) }.map { line($0, of: s.deadline) }
  }

  /// One note as a sentence.
  public func line(_ note: DeadlineNote, of deadline: DeadlineDefinition) -> String {
    switch note {
    case .basis(let text): return t("Căn cứ: ", "Basis: ") + text
    case .met(let at, let by):
      return t(
        "Hoàn thành lúc \(formats.time(at)) ngày \(formats.date(formats.day(at))) (\(labels.transition(by)))",
        "Met on \(formats.dateTime(at)) by \(labels.transition(by))")
    case .notRunning(let activeIn, let state):
      return t(
        "Chưa tính hạn: thời hạn chỉ tính khi nhiệm vụ ở bước \(states(activeIn)); nhiệm vụ đang ở bước \(labels.state(state))",
        "Not running: it runs while the task is in \(states(activeIn)); the task is in \(labels.state(state))")
    case .beforeTracking(let due, let tracked):
      return t(
        "Hạn \(formats.date(due)) trước khi bắt đầu theo dõi nhiệm vụ (từ \(formats.date(tracked))): không tính là trễ hạn",
        "Due \(formats.date(due)), before the task was tracked (from \(formats.date(tracked))): never counted as missed")
    case .untracked(let through, let tracked, let reported):
      let since = tracked.map { formats.date($0) } ?? ""
      return t(
        "Lần 1–\(through) đến hạn trước khi bắt đầu theo dõi (\(since)); bảng tính ghi đã thực hiện \(reported) lần",
        "Occurrences 1–\(through) fell before tracking began (\(since)); the spreadsheet reported \(reported) done")
    case .recurring(let due, let occurrence, let every, let from, let fromDate, let done, let metBy):
      let start = field(from)
      let by = metBy.map(labels.transition) ?? t("không bước nào", "nothing")
      return t(
        "Hạn \(day(due)): lần thứ \(occurrence), định kỳ \(period(every)) kể từ \(start) (\(formats.date(fromDate))); "
          + "đã thực hiện \(done) lần (\(by))",
        "Due \(day(due)): occurrence \(occurrence), every \(period(every)) from \(start) (\(formats.date(fromDate))); \(done) met so far by \(by)"
      )
    case .clockStopped(let days, let pausedIn, let from, let to):
      return t(
        "Dừng tính hạn \(days) ngày khi ở bước \(states(pausedIn)): hạn lùi từ \(formats.date(from)) đến \(formats.date(to))",
        "Clock stopped \(days) day\(days == 1 ? "" : "s") while in \(states(pausedIn)): due moves from \(formats.date(from)) to \(formats.date(to))"
      )
    case .rolled(let from, let to):
      return t(
        "Hạn \(day(from)) là ngày nghỉ, chuyển sang ngày làm việc tiếp theo \(day(to)) (\(DeadlineDefinition.rollBasis))",
        "Rolled from \(day(from)), a day off, to \(day(to)), the next working day (\(DeadlineDefinition.rollBasis))")
    case .paused(let state, let remaining):
      return t(
        "Đang dừng tính hạn: nhiệm vụ ở bước \(labels.state(state)); còn \(remaining) ngày, tính tiếp khi rời bước này",
        "Paused: the task is in \(labels.state(state)); the remaining \(remaining) days resume when it leaves")
    case .overdue(let days, let missed):
      return t(
        "Quá hạn \(days) ngày" + (missed > 1 ? " (\(missed) lần quá hạn)" : ""),
        "Overdue by \(days) days" + (missed > 1 ? " (\(missed) occurrences missed)" : ""))
    case .consequence(let missed, let applied):
      guard let c = deadline.consequence else { return "" }
      let what = c.set.map { "\(field($0.field)): \(value($0.value, of: $0.field))" }.joined(separator: "; ")
      return applied
        ? t(
          "Đã áp dụng hệ quả (quá hạn \(missed) lần, ngưỡng \(c.afterMissed) lần): \(what)",
          "Consequence: \(what) (\(missed) missed, threshold \(c.afterMissed))")
        : t("Khi quá hạn \(c.afterMissed) lần: \(what)", "Consequence after \(c.afterMissed) missed: \(what)")
    case .daysLeft(let days): return t("Còn \(days) ngày", "\(days) days left")
    case .noValue(let expression, let references):
      let names = references.isEmpty ? expression : references.map(field).joined(separator: ", ")
      return t("Chưa tính được hạn: chưa có \(names)", "Cannot compute \(names): it has no value yet")
    case .cannotCompute(let expression, let reason):
      return t("Chưa tính được hạn theo công thức \(expression): \(reason)", "Cannot compute \(expression) yet: \(reason)")
    case .formula(let due, let expression, let base, let offset):
      guard let base, let offset else { return t("Hạn \(day(due)) = \(expression)", "Due \(day(due)) = \(expression)") }
      return t(
        "Hạn \(day(due)) = \(field(base)) \(offset.amount < 0 ? "−" : "+") \(period(offset))",
        "Due \(day(due)) = \(field(base)) \(offset.amount < 0 ? "−" : "+") \(period(offset))")
    case .reference(let name, let v): return "  \(field(name)) = \(value(v, of: name))"
    case .base(let name, let date): return t("  mốc tính: ", "  base: ") + "\(field(name)) = \(formats.date(date))"
    case .workingDays(let amount, let calendar):
      let on = calendar.map { t("theo lịch ngày nghỉ \($0)", "on calendar \($0)") } ?? t("từ thứ Hai đến thứ Sáu", "Monday to Friday")
      return t("  cộng \(period(Period(amount, .workingDays))) \(on)", "  offset: \(period(Period(amount, .workingDays))) \(on)")
    case .skipped(let runs):
      guard !runs.isEmpty else { return t("  không gặp ngày nghỉ nào", "  no day skipped") }
      let count = runs.reduce(0) { $0 + abs($1.last.dayNumber - $1.first.dayNumber) + 1 }
      let text = runs.map { r in
        (r.first == r.last ? formats.date(r.first) : "\(formats.date(r.first))–\(formats.date(r.last))") + " "
          + (r.holiday ?? weekday(r.first))
      }.joined(separator: "; ")
      return t("  bỏ qua \(count) ngày nghỉ: \(text)", "  skipped \(count): \(text)")
    case .calendarOffset(let p):
      let months = p.unit == .months || p.unit == .years
      return months
        ? t("  cộng \(period(p)) (tháng ngắn hơn thì lấy ngày cuối tháng)", "  offset: \(period(p)) (clamped to the month end)")
        : t("  cộng \(period(p)) theo lịch", "  offset: \(period(p)) (calendar days)")
    case .changed(let c):
      let old = c.old == .null ? t("chưa có", "nothing") : value(c.old, of: c.field)
      let step = c.transition.map { t(" qua bước \(labels.transition($0))", " by \(labels.transition($0))") } ?? ""
      return t(
        "  \(field(c.field)) đổi từ \(old) thành \(value(c.new, of: c.field))\(step), \(formats.dateTime(c.at)) (\(labels.name(c.actor)))",
        "  \(field(c.field)) changed from \(old) to \(value(c.new, of: c.field))\(step) on \(formats.dateTime(c.at)) (\(labels.name(c.actor)))"
      )
    }
  }
}
