import Foundation
import STFlowRules
import STFlowStore

/// The period report as the department writes it (Markdown, Vietnamese by default) and as JSON.
struct ReportRenderer {
  let report: PeriodReport
  let language: String

  var vi: Bool { language != "en" }

  static let categoryText: [String: (vi: String, en: String)] = [
    "noApplication": ("thông báo tuyển chọn không có hồ sơ", "calls with no application"),
    "appraised": ("thẩm định", "appraised"), "approved": ("phê duyệt", "approved"), "contracted": ("ký hợp đồng", "contracted"),
    "progressReport": ("báo cáo định kỳ đã nhận", "progress reports received"), "inspection": ("kiểm tra tiến độ", "inspections held"),
    "extension": ("gia hạn", "extended"), "adjustment": ("điều chỉnh", "adjusted"), "termination": ("đình chỉ, chấm dứt", "terminated"),
    "rejected": ("không được chấp thuận", "rejected"), "recognised": ("công nhận kết quả", "results recognised"),
    "registered": ("đăng ký kết quả", "results registered"), "liquidated": ("thanh lý hợp đồng", "contracts liquidated"),
    "closed": ("kết thúc", "closed"),
  ]
  static let ratingText: [String: (vi: String, en: String)] = [
    "xuat_sac": ("Xuất sắc", "Excellent"), "kha": ("Khá", "Good"), "dat": ("Đạt", "Pass"), "khong_dat": ("Không đạt", "Fail"),
  ]
  static let stageText: [String: (vi: String, en: String)] = [
    "proposal": ("Đề xuất", "Proposal"), "identification": ("Xác định nhiệm vụ", "Identification"),
    "selection": ("Tuyển chọn, giao trực tiếp", "Selection"), "appraisal": ("Thẩm định", "Appraisal"),
    "approval": ("Phê duyệt", "Approval"),
    "contract": ("Ký hợp đồng", "Contract"), "implementation": ("Đang thực hiện", "Implementation"),
    "adjustment": ("Điều chỉnh, đình chỉ", "Adjustment"), "acceptance": ("Nghiệm thu", "Acceptance"), "closure": ("Kết thúc", "Closure"),
  ]
  static let levelText: [String: (vi: String, en: String)] = [
    "provincial": ("cấp tỉnh", "provincial"), "grassroots": ("cấp cơ sở", "grassroots"), "national": ("cấp quốc gia", "national"),
    "programme": ("thuộc chương trình", "programme"),
  ]

  func t(_ pair: (vi: String, en: String)?, _ fallback: String) -> String { pair.map { vi ? $0.vi : $0.en } ?? fallback }

  func date(_ d: LocalDate) -> String { vi ? CLI.csvDate(d) : d.description }

  func keys(_ list: [String]) -> String { list.isEmpty ? "" : " (" + Array(Set(list)).sorted().joined(separator: ", ") + ")" }

  func unique(_ list: [String]) -> Int { Set(list).count }

  var markdown: String {
    let r = report
    var lines: [String] = []
    lines.append(vi ? "# Báo cáo tình hình quản lý nhiệm vụ khoa học và công nghệ" : "# Report on the management of S&T tasks")
    lines.append("")
    lines.append((vi ? "Kỳ báo cáo: " : "Period: ") + "\(date(r.from)) – \(date(r.to))")
    lines.append("")
    let levels = r.byLevel.keys.sorted().map { "\(r.byLevel[$0]?.count ?? 0) \(t(Self.levelText[$0], $0))" }.joined(separator: ", ")
    lines.append(
      vi
        ? "- Quản lý \(r.managed.count) nhiệm vụ (\(r.carriedOver.count) chuyển tiếp, \(r.new.count) mới)"
          + (levels.isEmpty ? "" : ": \(levels)") + "."
        : "- Managed \(r.managed.count) tasks (\(r.carriedOver.count) carried over, \(r.new.count) new)"
          + (levels.isEmpty ? "" : ": \(levels)") + ".")
    if r.byWorkflow.count > 1 {
      let parts = r.byWorkflow.keys.sorted().map { "\($0) \(r.byWorkflow[$0]?.count ?? 0)" }.joined(separator: ", ")
      lines.append((vi ? "- Theo quy trình: " : "- By workflow: ") + parts + ".")
    }
    lines.append((vi ? "- Đăng ký mới: \(r.new.count) đề xuất" : "- Registered: \(r.new.count) proposals") + keys(r.new) + ".")
    for c in r.councils {
      let outcomes = c.outcomes.keys.sorted().map { "\(t(Self.ratingText[$0], $0)) \(c.outcomes[$0]?.count ?? 0)" }.joined(separator: ", ")
      lines.append(
        "- \(c.label.text(language, fallback: c.name)): \(c.held.count) \(vi ? "phiên" : "sessions") (\(outcomes))" + keys(c.held) + ".")
    }
    let order = [
      "noApplication", "appraised", "approved", "contracted", "progressReport", "inspection", "extension", "adjustment", "termination",
      "rejected",
    ]
    for category in order {
      guard let list = r.categories[category], !list.isEmpty else { continue }
      var line = "- \(capitalized(t(Self.categoryText[category], category))): \(unique(list))" + keys(list)
      if category == "termination" {
        line += (vi ? "; lý do: " : "; reasons: ") + r.terminations.map { "\($0.key) — \($0.reason)" }.joined(separator: "; ")
      }
      lines.append(line + ".")
    }
    if !r.acceptances.isEmpty {
      let total = r.acceptances.values.reduce(0) { $0 + $1.count }
      let byRating = ["xuat_sac", "kha", "dat", "khong_dat"].compactMap { k in
        r.acceptances[k].map { "\(t(Self.ratingText[k], k)) \($0.count)\(keys($0))" }
      }
      lines.append((vi ? "- Nghiệm thu: \(total) nhiệm vụ — " : "- Accepted: \(total) tasks — ") + byRating.joined(separator: ", ") + ".")
    }
    for category in ["recognised", "registered", "liquidated", "closed"] {
      guard let list = r.categories[category], !list.isEmpty else { continue }
      lines.append("- \(capitalized(t(Self.categoryText[category], category))): \(unique(list))" + keys(list) + ".")
    }
    lines.append(
      vi
        ? "- Thời hạn: \(r.deadlinesMet.count) đã thực hiện, \(r.deadlinesMissed.count) trễ hạn trong kỳ; \(r.overdueAtEnd.count) quá hạn cuối kỳ."
        : "- Deadlines: \(r.deadlinesMet.count) met, \(r.deadlinesMissed.count) missed in the period; \(r.overdueAtEnd.count) overdue at its end."
    )
    if !r.overdueAtEnd.isEmpty {
      lines.append("")
      lines.append(vi ? "## Quá hạn cuối kỳ" : "## Overdue at the end of the period")
      lines.append("")
      for o in r.overdueAtEnd.sorted(by: { $0.days > $1.days }) {
        lines.append("- \(o.key): \(o.label.text(language, fallback: o.deadline)) — \(o.days) \(vi ? "ngày" : "days")")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

  var json: JSON {
    let r = report
    func list(_ l: [String]) -> JSON { .array(Array(Set(l)).sorted().map { .string($0) }) }
    func counted(_ l: [String]) -> JSON { .object([("count", .integer(Int64(Set(l).count))), ("tasks", list(l))]) }
    return .object([
      ("from", .string(r.from.description)), ("to", .string(r.to.description)),
      ("managed", counted(r.managed)), ("carriedOver", counted(r.carriedOver)), ("new", counted(r.new)),
      ("byLevel", .object(r.byLevel.keys.sorted().map { ($0, counted(r.byLevel[$0] ?? [])) })),
      ("byWorkflow", .object(r.byWorkflow.keys.sorted().map { ($0, counted(r.byWorkflow[$0] ?? [])) })),
      (
        "councils",
        .array(
          r.councils.map { c in
            .object([
              ("council", .string(c.name)), ("label", .string(c.label.text(language, fallback: c.name))), ("held", counted(c.held)),
              ("outcomes", .object(c.outcomes.keys.sorted().map { ($0, counted(c.outcomes[$0] ?? [])) })),
            ])
          })
      ),
      ("transitions", .object(r.categories.keys.sorted().map { ($0, counted(r.categories[$0] ?? [])) })),
      ("acceptances", .object(r.acceptances.keys.sorted().map { ($0, counted(r.acceptances[$0] ?? [])) })),
      ("terminations", .array(r.terminations.map { .object([("task", .string($0.key)), ("reason", .string($0.reason))]) })),
      ("deadlinesMet", .array(r.deadlinesMet.map { .object([("task", .string($0.key)), ("deadline", .string($0.deadline))]) })),
      ("deadlinesMissed", .array(r.deadlinesMissed.map { .object([("task", .string($0.key)), ("deadline", .string($0.deadline))]) })),
      (
        "overdueAtEnd",
        .array(
          r.overdueAtEnd.map {
            .object([("task", .string($0.key)), ("deadline", .string($0.deadline)), ("days", .integer(Int64($0.days)))])
          })
      ),
    ])
  }
}
