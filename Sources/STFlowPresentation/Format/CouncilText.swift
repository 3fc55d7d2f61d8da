import STFlowDefinition
import STFlowEngine
import STFlowRules

/// A council's conclusion in the department's words: the reasoning lines the engine recorded when it closed
/// a session (kept in the event as written, in English) read back in Vietnamese, with codes by their labels.
public struct CouncilText: Sendable {
  public let definition: WorkflowDefinition
  public let formats: Formats

  public init(definition: WorkflowDefinition, formats: Formats) {
    self.definition = definition
    self.formats = formats
  }

  func t(_ vi: String, _ en: String) -> String { formats.t(vi, en) }

  /// A rating or outcome code by its label (Xuất sắc, Thông qua…).
  public func outcome(_ code: String) -> String {
    if let field = definition.report.rating.flatMap(definition.field), let label = field.valueLabels[code] {
      return label.text(formats.language, fallback: code)
    }
    switch code {
    case "none": return t("không có hồ sơ đạt", "no application passed")
    case "pass": return t("đạt", "passed")
    default: return Wording.outcome(code, formats.language)
    }
  }

  /// A ballot: the vote by its word, or "78 điểm" (for which application).
  public func ballot(_ b: CouncilBallot) -> String {
    if let v = b.vote { return Wording.outcome(v, formats.language) }
    if let s = b.score { return t("\(s) điểm", "\(s) points") + (b.application.map { t(" (hồ sơ \($0))", " (application \($0))") } ?? "") }
    return "—"
  }

  /// The quorum rule in words: "ít nhất 2/3 số thành viên hội đồng có mặt, trong đó có Chủ tịch hoặc Phó Chủ tịch".
  public func quorumRule(_ council: CouncilDefinition) -> String {
    let (n, d, strict) = council.quorum.share
    var text = t(
      "\(strict ? "trên" : "ít nhất") \(n)/\(d) số thành viên hội đồng có mặt",
      "\(strict ? "more than" : "at least") \(n)/\(d) of the members present")
    let required = council.quorum.requirements.map { r in
      (r.count > 1 ? "\(r.count) " : "") + r.roles.map { Wording.memberRole($0, formats.language) }.joined(separator: t(" hoặc ", " or "))
    }
    if !required.isEmpty { text += t(", trong đó có ", ", among them ") + required.joined(separator: t(" và ", " and ")) }
    return text
  }

  /// "7/7 phiếu đồng ý" for a vote council, from its recorded reasoning.
  public func tally(_ reasoning: [String]) -> String? {
    guard let first = reasoning.first, let m = Self.match(Self.share, first) else { return nil }
    return t("\(m[0])/\(m[3]) phiếu đồng ý", "\(m[0]) of \(m[3]) present voted yes")
  }

  /// One reasoning line in the reader's language; a line of an unknown shape is kept as it is.
  public func line(_ text: String) -> String {
    guard formats.vi else { return text }
    if let m = Self.match(Self.share, text) {
      return "\(m[0]) đồng ý, \(m[1]) không đồng ý, \(m[2]) không biểu quyết trên \(m[3]) thành viên có mặt; "
        + (m[4] == "passes" ? "đạt" : "không đạt") + " yêu cầu \(m[5] == ">" ? "trên" : "từ") \(m[6])/\(m[7]) thành viên có mặt đồng ý"
    }
    if let m = Self.match(Self.mean, text) {
      return "\(m[0] == "the application" ? "Hồ sơ" : "Hồ sơ \(m[0])"): điểm trung bình \(meanText(m[1])) của \(m[2]) phiếu"
    }
    if let m = Self.match(Self.noneReaches, text) { return "Không có hồ sơ đạt từ \(m[0]) điểm" }
    if let m = Self.match(Self.highest, text) {
      return "Hồ sơ đạt điểm cao nhất (từ \(m[0]) điểm): \(m[1] == "the application" ? "hồ sơ duy nhất" : m[1])"
    }
    if let m = Self.match(Self.meanScore, text) { return "Điểm trung bình \(meanText(m[0])) của \(m[1]) thành viên" }
    if let m = Self.match(Self.late, text) {
      let field = definition.field(m[0])?.label?.text("vi", fallback: m[0]) ?? m[0]
      return "\(field): \(date(m[1])), hạn \(date(m[2])): " + (m[3] == "0" ? "đúng hạn" : "trễ \(m[3]) ngày")
    }
    if Self.match(Self.lateUnknown, text) != nil { return "Chưa xác định được số ngày trễ hạn: tính là đúng hạn" }
    if let m = Self.match(Self.rule, text) {
      return "Áp dụng bảng xếp loại: \(condition(m[0])) → \(outcome(m[1]))"
    }
    if let m = Self.match(Self.noRow, text) { return "Không dòng nào của bảng xếp loại phù hợp → \(outcome(m[0]))" }
    return text
  }

  /// Why a member is recused, in the reader's language (the engine records it in English).
  public func recusal(_ reason: String) -> String {
    guard formats.vi else { return reason }
    if let m = Self.match(#"^is the task's (\S+)$"#, reason) { return "là \(fieldLabel(m[0]).lowercased()) của nhiệm vụ" }
    if let m = Self.match(#"^works for the (\S+), (.+)$"#, reason) { return "công tác tại \(fieldLabel(m[0]).lowercased()) (\(m[1]))" }
    if let m = Self.match(#"^declared related: (.+)$"#, reason) {
      return "có quan hệ với người đề nghị: " + (m[0] == "declared related to the applicant" ? "đã khai báo" : m[0])
    }
    return reason
  }

  func fieldLabel(_ name: String) -> String { definition.field(name)?.label?.text("vi", fallback: name) ?? name }

  /// A mean as the engine wrote it (`545/7 = 77.8571 (compared unrounded)`), in Vietnamese.
  func meanText(_ s: String) -> String {
    decimal(s).replacingOccurrences(of: " (compared unrounded)", with: " (so sánh không làm tròn)")
      .replacingOccurrences(of: ", rounded nearest to ", with: ", làm tròn thành ")
      .replacingOccurrences(of: ", rounded down to ", with: ", làm tròn xuống thành ")
  }

  /// A rating rule's condition in words: `score >= 85 && lateDays <= 0` → `điểm ≥ 85 và trễ ≤ 0 ngày`.
  func condition(_ source: String) -> String {
    source.replacingOccurrences(of: "&&", with: "và").replacingOccurrences(of: "||", with: "hoặc")
      .replacingOccurrences(of: ">=", with: "≥").replacingOccurrences(of: "<=", with: "≤")
      .replacingOccurrences(of: "lateDays", with: "số ngày trễ").replacingOccurrences(of: "score", with: "điểm")
  }

  /// 84.57 → 84,57 (the Vietnamese decimal comma); a fraction is kept.
  func decimal(_ s: String) -> String { s.replacingOccurrences(of: ".", with: ",") }

  func date(_ iso: String) -> String { Timestamp.parseDate(iso).map(formats.date) ?? iso }

  static let share = #"^(\d+) yes, (\d+) no, (\d+) abstain of (\d+) present; (passes|fails) (>=?) (\d+)/(\d+)$"#
  static let mean = #"^(.+?): mean (.+) of (\d+) scores$"#
  static let noneReaches = #"^no application reaches (\d+)$"#
  static let highest = #"^highest passing \(≥ (\d+)\): (.+)$"#
  static let meanScore = #"^mean score (.+) of (\d+) members$"#
  static let late = #"^(\S+) (\d{4}-\d{2}-\d{2}), due (\d{4}-\d{2}-\d{2}) \(.*\): (\d+) days late$"#
  static let lateUnknown = #"^lateness unknown"#
  static let rule = #"^rule (.+) → (\S+)$"#
  static let noRow = #"^no row matched: (\S+)$"#

  /// The captured groups of `pattern` in `text`, or `nil`.
  static func match(_ pattern: String, _ text: String) -> [String]? {
    guard let regex = try? Regex(pattern), let m = try? regex.wholeMatch(in: text) else { return nil }
    return (1..<m.output.count).map { m.output[$0].substring.map(String.init) ?? "" }
  }
}
