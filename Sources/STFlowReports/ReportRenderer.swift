import Foundation
import STFlowDefinition
import STFlowRules

/// The period report as the department writes it — Vietnamese by default, English on request — as a
/// ``ReportDocument`` (Markdown, HTML) and as JSON. Every figure is followed by its tasks, each named by
/// key and title; codes are shown by their labels.
public struct ReportRenderer: Sendable {
  public let report: PeriodReport
  public let language: String
  /// The signed head of the hash chain when the report was made (`audit anchor`), filed with it.
  public let anchor: String?

  public init(report: PeriodReport, language: String, anchor: String? = nil) {
    self.report = report
    self.language = language
    self.anchor = anchor
  }

  var vi: Bool { language != "en" }

  func t(_ vi: String, _ en: String) -> String { self.vi ? vi : en }

  static let categoryText: [ReportCategory: (vi: String, en: String)] = [
    .noApplication: ("Thông báo tuyển chọn không có hồ sơ", "Calls with no application"),
    .appraised: ("Thẩm định nội dung và kinh phí", "Appraised"), .approved: ("Phê duyệt", "Approved"),
    .contracted: ("Ký hợp đồng", "Contracted"), .progressReport: ("Báo cáo định kỳ đã nhận", "Progress reports received"),
    .inspection: ("Kiểm tra tiến độ", "Progress inspections"), .extension: ("Gia hạn", "Extended"),
    .adjustment: ("Điều chỉnh", "Adjusted"), .termination: ("Đình chỉ, chấm dứt", "Terminated"),
    .rejected: ("Không được chấp thuận", "Rejected"), .acceptance: ("Nghiệm thu", "Accepted"),
    .recognised: ("Công nhận kết quả", "Results recognised"),
    .registered: ("Cấp giấy chứng nhận đăng ký kết quả", "Registration certificates issued"),
    .published: ("Công bố, lưu giữ thông tin kết quả", "Results published and stored"),
    .handedOver: ("Bàn giao kết quả để ứng dụng", "Results handed over for application"),
    .liquidated: ("Thanh lý hợp đồng", "Contracts liquidated"), .closed: ("Kết thúc", "Closed"),
  ]

  static let progressOrder: [ReportCategory] = [
    .noApplication, .appraised, .approved, .contracted, .progressReport, .inspection, .extension, .adjustment, .termination, .rejected,
  ]

  public func date(_ d: LocalDate) -> String {
    vi ? d.dayMonthYear : d.description
  }

  public func money(_ m: Int64) -> String { Value.groupThousands(m) + (vi ? " đồng" : " VND") }

  func name(_ r: PeriodReport.TaskRef) -> String { r.title.isEmpty ? r.key : "\(r.key) — \(r.title)" }

  func names(_ list: [PeriodReport.TaskRef]) -> [String] { distinct(list).map(name) }

  /// The tasks of a list once each, in key order. The builder's lists come in key order already, and are
  /// returned as they are after one look.
  func distinct(_ list: [PeriodReport.TaskRef]) -> [PeriodReport.TaskRef] {
    zip(list, list.dropFirst()).allSatisfy { $0 < $1 } ? list : Array(Set(list)).sorted()
  }

  func count(_ list: [PeriodReport.TaskRef]) -> Int { distinct(list).count }

  public var title: String {
    t("Báo cáo tình hình quản lý nhiệm vụ khoa học và công nghệ", "Report on the management of S&T tasks")
  }

  /// The report as blocks for Markdown and HTML.
  public var document: ReportDocument {
    let r = report
    var doc = ReportDocument(title: title)
    doc.paragraph(t("Kỳ báo cáo: từ \(date(r.from)) đến \(date(r.to))", "Period: \(date(r.from)) to \(date(r.to))"))

    doc.heading(t("1. Nhiệm vụ quản lý", "1. Tasks managed"))
    var managed: [(String, [String])] = [
      (
        t(
          "Quản lý \(count(r.managed)) nhiệm vụ: \(count(r.carriedOver)) chuyển tiếp, \(count(r.new)) mới thực hiện từ năm \(r.year)",
          "Managed \(count(r.managed)) tasks: \(count(r.carriedOver)) carried over, \(count(r.new)) new in \(r.year)"), []
      ),
      (t("Chuyển tiếp: \(count(r.carriedOver))", "Carried over: \(count(r.carriedOver))"), names(r.carriedOver)),
      (t("Mới: \(count(r.new))", "New: \(count(r.new))"), names(r.new)),
    ]
    if r.budgetApproved > 0 || r.budgetDisbursed > 0 {
      managed.append(
        (
          t(
            "Kinh phí được phê duyệt \(money(r.budgetApproved)); đã cấp \(money(r.budgetDisbursed))",
            "Budget approved \(money(r.budgetApproved)); disbursed \(money(r.budgetDisbursed))"), []
        ))
    }
    if !r.followed.isEmpty {
      let how =
        r.followedAsManaged
        ? t("đã tính trong số nhiệm vụ quản lý", "counted among the managed tasks")
        : t("báo cáo riêng, không tính trong số quản lý", "reported apart, not counted as managed")
      managed.append(
        (
          t("Theo dõi (Trung ương quản lý): \(count(r.followed)), \(how)", "Followed (centrally managed): \(count(r.followed)), \(how)"),
          names(r.followed)
        ))
    }
    if !r.noStartYear.isEmpty {
      managed.append(
        (
          t(
            "Chưa tính được \(count(r.noStartYear)) nhiệm vụ trong danh mục vì chưa có năm bắt đầu thực hiện (cần bổ sung)",
            "\(count(r.noStartYear)) tasks on the plan are not counted: no start year yet"), names(r.noStartYear)
        ))
    }
    doc.blocks.append(.list(managed))
    // A breakdown whose every task has no value says nothing: left out.
    for b in r.breakdowns where !(b.groups.count == 1 && b.groups[0].value.isEmpty) {
      doc.heading(
        t("Theo \(b.label.text("vi", fallback: b.field).lowercased())", "By \(b.label.text("en", fallback: b.field).lowercased())"),
        level: 3)
      doc.blocks.append(
        .table(
          header: [
            b.label.text(language, fallback: b.field), t("Quản lý", "Managed"), t("Chuyển tiếp", "Carried over"), t("Mới", "New"),
            t("Kinh phí duyệt (đồng)", "Approved (VND)"), t("Đã cấp (đồng)", "Disbursed (VND)"),
          ],
          rows: b.groups.map { g in
            [
              g.label.text(language, fallback: g.value), String(count(g.managed)), String(count(g.carriedOver)), String(count(g.new)),
              Value.groupThousands(g.budgetApproved), Value.groupThousands(g.budgetDisbursed),
            ]
          }))
    }

    doc.heading(t("2. Đăng ký, đề xuất nhiệm vụ", "2. Proposals registered"))
    doc.blocks.append(
      .list([
        (
          t("Tiếp nhận \(count(r.proposals)) đề xuất đặt hàng cho năm sau", "Received \(count(r.proposals)) proposals for a coming year"),
          names(r.proposals)
        )
      ]))

    doc.heading(t("3. Hội đồng tư vấn", "3. Councils"))
    if r.councils.isEmpty {
      doc.paragraph(t("Không có phiên họp hội đồng nào kết thúc trong kỳ.", "No council session closed in the period."))
    } else {
      doc.blocks.append(
        .list(
          r.councils.map { c in
            let outcomes = c.outcomes.sorted { $0.key < $1.key }.map {
              "\($0.value.label.text(language, fallback: $0.key)) \(count($0.value.tasks))"
            }
            return (
              "\(c.label.text(language, fallback: c.name)): \(count(c.held)) \(t("phiên", "sessions")) (\(outcomes.joined(separator: ", ")))",
              c.outcomes.sorted { $0.key < $1.key }.flatMap { o in
                names(o.value.tasks).map { "\($0): \(o.value.label.text(language, fallback: o.key))" }
              }
            )
          }))
    }

    doc.heading(t("4. Tình hình thực hiện", "4. Progress"))
    var progress: [(String, [String])] = []
    for category in Self.progressOrder {
      guard let list = r.categories[category], !list.isEmpty else { continue }
      var sub = names(list)
      if category == .termination {
        sub = r.terminations.sorted { $0.task < $1.task }.map {
          "\(name($0.task)): \($0.reason.isEmpty ? t("(không ghi lý do)", "(no reason)") : $0.reason)"
        }
      }
      progress.append(("\(Self.categoryText[category].map { vi ? $0.vi : $0.en } ?? category.rawValue): \(count(list))", sub))
    }
    if progress.isEmpty { doc.paragraph(t("Không có.", "Nothing.")) } else { doc.blocks.append(.list(progress)) }

    doc.heading(t("5. Nghiệm thu và kết quả", "5. Acceptance and results"))
    var results: [(String, [String])] = []
    let accepted = r.acceptances.flatMap(\.tasks)
    let byRating = r.acceptances.map { "\($0.label.text(language, fallback: $0.rating)) \(count($0.tasks))" }
    results.append(
      (
        t("Nghiệm thu \(count(accepted)) nhiệm vụ", "Accepted \(count(accepted)) tasks")
          + (byRating.isEmpty ? "" : ": " + byRating.joined(separator: ", ")),
        r.acceptances.flatMap { a in names(a.tasks).map { "\($0): \(a.label.text(language, fallback: a.rating))" } }
      ))
    for category in ReportCategory.results {
      let list = r.categories[category] ?? []
      results.append(("\(Self.categoryText[category].map { vi ? $0.vi : $0.en } ?? category.rawValue): \(count(list))", names(list)))
    }
    doc.blocks.append(.list(results))

    doc.heading(t("6. Thực hiện các thời hạn", "6. Deadlines"))
    doc.blocks.append(
      .list([
        (t("Đúng hạn: \(r.metOnTime.count)", "Met on time: \(r.metOnTime.count)"), []),
        (t("Trễ hạn (đã thực hiện muộn): \(r.metLate.count)", "Met late: \(r.metLate.count)"), []),
        (t("Quá hạn, chưa thực hiện đến cuối kỳ: \(r.missed.count)", "Missed (unmet at the end): \(r.missed.count)"), []),
      ]))
    let late = r.metLate + r.missed
    if !late.isEmpty {
      doc.blocks.append(
        .table(
          header: [
            t("Nhiệm vụ", "Task"), t("Thời hạn", "Deadline"), t("Hạn", "Due"), t("Thực hiện", "Met"), t("Số ngày trễ", "Days late"),
          ],
          rows: late.sorted { ($0.task, $0.due) < ($1.task, $1.due) }.map { i in
            [
              name(i.task),
              i.label.text(language, fallback: i.deadline) + (i.occurrence > 1 ? " (\(t("lần", "no.")) \(i.occurrence))" : ""),
              date(i.due), i.met.map(date) ?? t("chưa thực hiện", "not yet"), String(i.daysLate),
            ]
          }))
    }
    if let anchor {
      doc.heading(t("Xác thực sổ ghi", "Record authentication"), level: 3)
      doc.paragraph(
        t(
          "Sổ ghi được niêm phong tại thời điểm lập báo cáo; đối chiếu bằng 'stflow audit verify --anchor': ",
          "The record was sealed when this report was made; check it with 'stflow audit verify --anchor': ") + anchor)
    }
    if !r.unreadable.isEmpty {
      doc.heading(t("Không đọc được", "Could not be read"), level: 3)
      doc.blocks.append(.list(r.unreadable.map { ("\($0.key): \($0.reason)", []) }))
    }
    return doc
  }

  public var markdown: String { document.markdown }
  public var html: String { document.html(language: language) }

  /// The report inside another page (its title an `h2`).
  public var htmlFragment: String { document.htmlBody(embedded: true) }

  /// Every figure with its tasks, codes alongside their labels.
  public var json: JSON {
    let r = report
    func list(_ l: [PeriodReport.TaskRef]) -> JSON {
      .array(distinct(l).map { .object([("key", .string($0.key)), ("title", .string($0.title))]) })
    }
    func counted(_ l: [PeriodReport.TaskRef]) -> JSON { .object([("count", .integer(Int64(count(l)))), ("tasks", list(l))]) }
    func deadline(_ i: PeriodReport.DeadlineItem) -> JSON {
      .object([
        ("task", .string(i.task.key)), ("title", .string(i.task.title)), ("deadline", .string(i.deadline)),
        ("label", .string(i.label.text(language, fallback: i.deadline))), ("occurrence", .integer(Int64(i.occurrence))),
        ("due", .string(i.due.description)), ("met", i.met.map { .string($0.description) } ?? .null),
        ("daysLate", .integer(Int64(i.daysLate))), ("occurrencesMissed", .integer(Int64(i.occurrencesMissed))),
      ])
    }
    return .object([
      ("from", .string(r.from.description)), ("to", .string(r.to.description)), ("year", .integer(Int64(r.year))),
      ("managed", counted(r.managed)), ("carriedOver", counted(r.carriedOver)), ("new", counted(r.new)),
      ("proposals", counted(r.proposals)), ("followed", counted(r.followed)), ("noStartYear", counted(r.noStartYear)),
      ("followedAsManaged", .bool(r.followedAsManaged)),
      ("budgetApproved", .integer(r.budgetApproved)), ("budgetDisbursed", .integer(r.budgetDisbursed)),
      (
        "breakdowns",
        .array(
          r.breakdowns.map { b in
            .object([
              ("field", .string(b.field)), ("label", .string(b.label.text(language, fallback: b.field))),
              (
                "groups",
                .array(
                  b.groups.map { g in
                    .object([
                      ("value", .string(g.value)), ("label", .string(g.label.text(language, fallback: g.value))),
                      ("managed", counted(g.managed)), ("carriedOver", counted(g.carriedOver)), ("new", counted(g.new)),
                      ("budgetApproved", .integer(g.budgetApproved)), ("budgetDisbursed", .integer(g.budgetDisbursed)),
                    ])
                  })
              ),
            ])
          })
      ),
      (
        "councils",
        .array(
          r.councils.map { c in
            .object([
              ("workflow", .string(c.workflow)), ("council", .string(c.name)), ("label", .string(c.label.text(language, fallback: c.name))),
              ("held", counted(c.held)),
              (
                "outcomes",
                .object(
                  c.outcomes.keys.sorted().map { k in
                    let o = c.outcomes[k]
                    return (
                      k,
                      .object([
                        ("label", .string(o?.label.text(language, fallback: k) ?? k)), ("count", .integer(Int64(count(o?.tasks ?? [])))),
                        ("tasks", list(o?.tasks ?? [])),
                      ])
                    )
                  })
              ),
            ])
          })
      ),
      ("transitions", .object(r.categories.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key.rawValue, counted($0.value)) })),
      (
        "acceptances",
        .array(
          r.acceptances.map { a in
            .object([
              ("rating", .string(a.rating)), ("label", .string(a.label.text(language, fallback: a.rating))),
              ("count", .integer(Int64(count(a.tasks)))), ("tasks", list(a.tasks)),
            ])
          })
      ),
      (
        "results",
        .object(ReportCategory.results.map { ($0.rawValue, counted(r.categories[$0] ?? [])) })
      ),
      (
        "terminations",
        .array(
          r.terminations.map {
            .object([("task", .string($0.task.key)), ("title", .string($0.task.title)), ("reason", .string($0.reason))])
          })
      ),
      ("deadlinesMetOnTime", .array(r.metOnTime.map(deadline))),
      ("deadlinesMetLate", .array(r.metLate.map(deadline))),
      ("deadlinesMissed", .array(r.missed.map(deadline))),
      ("unreadable", .array(r.unreadable.map { .object([("task", .string($0.key)), ("reason", .string($0.reason))]) })),
      ("anchor", anchor.map { .string($0) } ?? .null),
    ])
  }
}
