import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowReports
@testable import STFlowRules
@testable import STFlowStore

let reportFixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Fixtures/report.json").path

/// A half-year of one department (01/01/2026 – 30/06/2026), built either live (the clock follows the
/// events and the scheduler records its notices as it goes) or entered after the fact (everything typed in
/// on 24/11/2026 with its business date).
struct Department {
  let store: EventStore
  let clock: ManualClock
  let directory: URL

  static func at(_ s: String) -> Date { Timestamp.parse(s, in: .vietnam)! }

  init(live: Bool) throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("stflow-report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    clock = ManualClock(Department.at("2025-06-01T08:00"))
    store = try EventStore(path: directory.appendingPathComponent("r.db").path, clock: clock)
    try store.loadDefinition(try DefinitionLoader.load(file: reportFixture), by: "test")
    try store.addActor(Actor(name: "lan", roles: ["manager"]), by: nil)
    for m in ["m1", "m2", "m3"] { try store.addActor(Actor(name: m, roles: ["member"]), by: nil) }
    try build(live: live)
  }

  /// The department's spreadsheet of running tasks as LibreOffice saves it: BOM, CRLF, semicolons, a title
  /// row, STT and Ghi chú columns, Vietnamese labels, money in triệu and tỷ, periods, reports already made.
  static let spreadsheet =
    "\u{FEFF}DANH MỤC NHIỆM VỤ KH&CN ĐANG THỰC HIỆN;;;;;;;;;\r\n"
    + "STT;Tên nhiệm vụ;Cấp;Loại nhiệm vụ;Chương trình;Cơ quan quản lý;Kinh phí;Kinh phí đã cấp;Ngày bắt đầu;Trạng thái;Ngày vào trạng thái;count.report;Ghi chú\r\n"
    + "1;Phục tráng giống Bí thơm Ba Bể;Cấp tỉnh;Đề tài;;;650 triệu;400.000.000;01/3/2024;Đang thực hiện;01/03/2024;3;\r\n"
    + "2;Sản xuất thử nghiệm giống xoài tròn Yên Châu;Cấp tỉnh;Dự án sản xuất thử nghiệm;;;\"1,2 tỷ\";;01/07/2025;Đang thực hiện;01/07/2025;;chậm giải ngân\r\n"
    + "3;Nhân giống lợn đen bản địa;Cấp tỉnh;Đề tài;Nông thôn miền núi;Trung ương quản lý;2 tỷ;;01/01/2025;Đang thực hiện;01/01/2025;;\r\n"
    + "4;Biên soạn lịch sử Đảng bộ tỉnh 1939 - 2015;Cấp tỉnh;Đề tài;;;450 triệu;450 triệu;01/01/2023;Đã thanh lý;15/12/2025;;\r\n"
    + "5;Đề án phát triển du lịch cộng đồng;Cấp tỉnh;Đề án;;;300 triệu;100 triệu;01/02/2025;Đang thực hiện;01/02/2025;1;\r\n"
    + "6;Xây dựng nhãn hiệu tập thể Trám đen Văn Quan;Cấp tỉnh;Đề tài;;;500 triệu;500 triệu;01/01/2024;Đang thực hiện;01/01/2024;4;\r\n"

  func step(_ live: Bool, _ time: String, _ body: () throws -> Void) throws {
    if live {
      clock.set(Department.at(time).addingTimeInterval(60))
      _ = try store.processDueTimers(now: clock.now())
    } else {
      clock.set(Department.at("2026-11-24T09:00"))
    }
    try body()
  }

  func run(_ key: String, _ command: Command, _ time: String, actor: String = "lan") throws {
    try store.execute(command, taskKey: key, workflow: "portfolio", actorName: actor, effectiveAt: Department.at(time))
  }

  func fire(_ key: String, _ t: String, _ time: String, _ fields: [String: Value] = [:], comment: String? = nil) throws {
    try run(key, .fire(transition: t, fields: fields, comment: comment), time)
  }

  func propose(_ key: String, _ time: String, kind: String = "de_tai", budget: Int64 = 0) throws {
    var fields: [String: Value] = ["title": .string("Nhiệm vụ \(key)"), "level": .string("provincial"), "kind": .string(kind)]
    if budget > 0 { fields["budget"] = .money(budget) }
    try run(key, .create(key: key, fields: fields), time)
  }

  func build(live: Bool) throws {
    let d = { (s: String) in Value.date(LocalDate(iso: s)!) }
    // 2025: proposals for 2026, the list approved in December.
    try step(live, "2025-06-10T09:00") {
      try propose("N1", "2025-06-10T09:00", budget: 800_000_000)
      try propose("N2", "2025-06-10T09:00", kind: "du_an_sxtn", budget: 700_000_000)
      try propose("N3", "2025-06-10T09:00")
    }
    try step(live, "2025-08-01T09:00") { try fire("N3", "reject", "2025-08-01T09:00") }
    try step(live, "2025-12-20T09:00") {
      try fire("N1", "approve", "2025-12-20T09:00", ["startYear": .integer(2026)])
      try fire("N2", "approve", "2025-12-20T09:00", ["startYear": .integer(2026)])
    }
    // The running portfolio is imported as of 01/01/2026.
    try step(live, "2026-01-01T08:00") {
      let engine = try store.engine(hash: try store.latestDefinition(workflow: "portfolio")!.hash)
      let plan = try TaskImporter.plan(
        csv: Department.spreadsheet,
        context: TaskImporter.Context(
          engines: ["portfolio": engine], defaultWorkflow: "portfolio", actor: try store.actor(named: "lan")!, now: clock.now(),
          asOf: Department.at("2026-01-01T00:00"), exists: { try store.task(key: $0) != nil }, people: try store.actors()))
      #expect(plan.problems.isEmpty, "\(plan.problems)")
      _ = try store.executeBatch(plan.commands, people: plan.people)
    }
    // The keys the import gave: NV-<start year>-NN in row order per year.
    try step(live, "2026-01-01T10:00") { try fire("NV-2025-01", "report", "2026-01-01T10:00") }  // due 01/01: on time
    try step(live, "2026-03-01T09:00") { try fire("N1", "sign", "2026-03-01T09:00", ["start": d("2026-03-01")]) }
    try step(live, "2026-03-10T09:00") { try fire("NV-2024-01", "report", "2026-03-10T09:00") }  // due Sun 01/03 → Mon 02/03: 8 days late
    try step(live, "2026-03-20T09:00") { try fire("NV-2025-03", "inspect", "2026-03-20T09:00") }
    try step(live, "2026-04-15T09:00") { try fire("NV-2024-01", "inspect", "2026-04-15T09:00") }
    try step(live, "2026-04-20T09:00") { try fire("NV-2024-02", "accept", "2026-04-20T09:00", ["rating": .string("kha")]) }
    try step(live, "2026-05-05T09:00") {
      try propose("P1", "2026-05-05T09:00")
      try run(
        "P1",
        .openCouncil(
          council: "review",
          members: [
            CouncilMember(name: "m1", role: "chair"), CouncilMember(name: "m2", role: "member"), CouncilMember(name: "m3", role: "member"),
          ],
          related: [:]), "2026-05-05T09:00")
      try run("P1", .attend(council: "review", members: ["m1", "m2", "m3"]), "2026-05-05T09:00")
      for m in ["m1", "m2"] {
        try run("P1", .ballot(council: "review", ballot: CouncilBallot(member: "", vote: "yes")), "2026-05-05T09:00", actor: m)
      }
      try run("P1", .ballot(council: "review", ballot: CouncilBallot(member: "", vote: "no")), "2026-05-05T09:00", actor: "m3")
      try run("P1", .closeCouncil(council: "review"), "2026-05-05T09:00")
    }
    try step(live, "2026-05-10T09:00") { try fire("NV-2024-02", "publish", "2026-05-10T09:00") }
    try step(live, "2026-05-15T09:00") {
      try fire("NV-2025-03", "terminate", "2026-05-15T09:00", comment: "chủ nhiệm chuyển công tác, không có người thay thế")
    }
    try step(live, "2026-05-20T09:00") { try fire("NV-2024-02", "register", "2026-05-20T09:00") }
    try step(live, "2026-06-01T09:00") { try fire("NV-2024-02", "hand_over", "2026-06-01T09:00") }
    try step(live, "2026-06-20T09:00") { try propose("P2", "2026-06-20T09:00") }
    try step(live, "2026-06-25T09:00") { try fire("NV-2024-02", "liquidate", "2026-06-25T09:00") }
    try step(live, "2026-06-28T09:00") { try fire("P2", "approve", "2026-06-28T09:00", ["startYear": .integer(2027)]) }
    try step(live, "2026-07-02T09:00") { try propose("LATE", "2026-07-02T09:00") }
    try step(live, "2026-11-24T09:00") {}
  }

  func report(_ from: String, _ to: String, followedAsManaged: Bool = false) throws -> PeriodReport {
    try ReportBuilder.build(store: store, from: LocalDate(iso: from)!, to: LocalDate(iso: to)!, followedAsManaged: followedAsManaged)
  }
}

@Suite struct PeriodReportTests {
  func keys(_ list: [PeriodReport.TaskRef]) -> [String] { Array(Set(list.map(\.key))).sorted() }

  @Test func aHalfYearCountsAsTheDepartmentCounts() throws {
    let dept = try Department(live: false)
    let r = try dept.report("2026-01-01", "2026-06-30")
    // Imported keys: 2024-01 Bí thơm, 2024-02 Trám đen; 2025-01 xoài, 2025-02 lợn đen (central), 2025-03 du lịch; 2023-01 closed.
    #expect(keys(r.carriedOver) == ["NV-2024-01", "NV-2024-02", "NV-2025-01", "NV-2025-03"])
    #expect(keys(r.new) == ["N1", "N2"])
    #expect(keys(r.managed) == ["N1", "N2", "NV-2024-01", "NV-2024-02", "NV-2025-01", "NV-2025-03"])
    #expect(keys(r.proposals) == ["P1", "P2"])
    #expect(keys(r.followed) == ["NV-2025-02"])
    #expect(r.budgetApproved == 650_000_000 + 1_200_000_000 + 300_000_000 + 500_000_000 + 800_000_000 + 700_000_000)
    #expect(r.budgetDisbursed == 400_000_000 + 100_000_000 + 500_000_000)
    let byKind = try #require(r.breakdowns.first { $0.field == "kind" })
    #expect(byKind.groups.map(\.value) == ["de_tai", "du_an_sxtn", "de_an"])
    #expect(byKind.groups.map { keys($0.managed) } == [["N1", "NV-2024-01", "NV-2024-02"], ["N2", "NV-2025-01"], ["NV-2025-03"]])
    #expect(byKind.groups.map { keys($0.new) } == [["N1"], ["N2"], []])
    #expect(byKind.groups.map(\.budgetApproved) == [1_950_000_000, 1_900_000_000, 300_000_000])
    let byLevel = try #require(r.breakdowns.first { $0.field == "level" })
    #expect(byLevel.groups.map { "\($0.label.text("vi")) \($0.managed.count)" } == ["Cấp tỉnh 6"])
    let byProgramme = try #require(r.breakdowns.first { $0.field == "programme" })
    #expect(byProgramme.groups.map { "\($0.label.text("vi")) \($0.managed.count)" } == ["Chưa ghi 6"])
    #expect(keys(r.categories[.contracted] ?? []) == ["N1"])
    #expect(keys(r.categories[.inspection] ?? []) == ["NV-2024-01", "NV-2025-03"])
    #expect(keys(r.categories[.progressReport] ?? []) == ["NV-2024-01", "NV-2025-01"])
    #expect(keys(r.categories[.approved] ?? []) == ["P2"])
    #expect(r.terminations.map { "\($0.task.key): \($0.reason)" } == ["NV-2025-03: chủ nhiệm chuyển công tác, không có người thay thế"])
    #expect(r.acceptances.map { "\($0.label.text("vi")) \(keys($0.tasks))" } == ["Khá [\"NV-2024-02\"]"])
    for c in ReportCategory.results where c != .recognised { #expect(keys(r.categories[c] ?? []) == ["NV-2024-02"], "\(c)") }
    #expect(
      r.councils.map { "\($0.name) \(keys($0.held)) \($0.outcomes.values.map { $0.label.text("vi") })" } == [
        "review [\"P1\"] [\"thông qua\"]"
      ])
    // Deadlines: the 1 January report on time; the 1 March report (a Sunday, so due Monday 2 March by the
    // Civil Code) 8 days late; the followed task's report due 1 January unmet at the end.
    #expect(r.metOnTime.map { "\($0.task.key) \($0.due)" } == ["NV-2025-01 2026-01-01"])
    #expect(r.metLate.map { "\($0.task.key) \($0.due) \($0.daysLate)" } == ["NV-2024-01 2026-03-02 8"])
    #expect(r.missed.map { "\($0.task.key) \($0.due) \($0.daysLate)" } == ["NV-2025-02 2026-01-01 180"])
    #expect(r.unreadable.isEmpty)
  }

  @Test func followedTasksCountAsManagedWhenTheDepartmentSaysSo() throws {
    let dept = try Department(live: false)
    let r = try dept.report("2026-01-01", "2026-06-30", followedAsManaged: true)
    #expect(keys(r.managed).count == 7)
    #expect(keys(r.carriedOver).contains("NV-2025-02"))
    #expect(keys(r.followed) == ["NV-2025-02"])
  }

  @Test func enteringEventsAfterTheFactReportsTheSameAsLive() throws {
    let live = try Department(live: true)
    let late = try Department(live: false)
    // The live run raised notices on the way; the typed-in-later run has none. The reports agree.
    #expect(try live.store.history(key: "NV-2024-01").contains { if case .notice = $0.event.payload { true } else { false } })
    for (from, to) in [("2026-01-01", "2026-06-30"), ("2026-01-01", "2026-12-31"), ("2026-07-01", "2026-12-31")] {
      let a = ReportRenderer(report: try live.report(from, to), language: "vi")
      let b = ReportRenderer(report: try late.report(from, to), language: "vi")
      #expect(a.json.prettyText == b.json.prettyText, "\(from)–\(to)")
      #expect(a.markdown == b.markdown)
    }
  }

  @Test func countingInChunksOnSeveralThreadsGivesTheReportOfOneTally() throws {
    // Chunks of one task, of a few and of all: councils, ratings, breakdown groups and late items first seen
    // in a later chunk, and tasks of one list split across chunks, come out as one tally in key order gives them.
    let dept = try Department(live: true)
    for (from, to) in [("2026-01-01", "2026-06-30"), ("2025-01-01", "2026-12-31")] {
      func rendered(_ tasksPerChunk: Int) throws -> ReportRenderer {
        ReportRenderer(
          report: try ReportBuilder.build(
            store: dept.store, from: LocalDate(iso: from)!, to: LocalDate(iso: to)!, tasksPerChunk: tasksPerChunk), language: "vi")
      }
      let whole = try rendered(1_000)
      #expect(whole.markdown.contains("NV-2024-01"))
      for size in [1, 2, 3, 5] {
        let chunked = try rendered(size)
        #expect(chunked.json.prettyText == whole.json.prettyText, "\(from)–\(to) in chunks of \(size)")
        #expect(chunked.markdown == whole.markdown)
      }
    }
  }

  @Test func aYearNeverShowsFewerLateItemsThanItsHalf() throws {
    let dept = try Department(live: false)
    let half = try dept.report("2026-01-01", "2026-06-30")
    let year = try dept.report("2026-01-01", "2026-12-31")
    #expect(year.metLate.count + year.missed.count >= half.metLate.count + half.missed.count)
    #expect(year.metLate.contains { $0.task.key == "NV-2024-01" })
    // A task created after the half-year is a proposal of the year, not of the half.
    #expect(keys(year.proposals) == ["LATE", "P1", "P2"])
  }

  @Test func theVietnameseReportNamesTasksAndLabelsAndEveryFormatAgrees() throws {
    let dept = try Department(live: false)
    let renderer = ReportRenderer(report: try dept.report("2026-01-01", "2026-06-30"), language: "vi")
    let md = renderer.markdown
    #expect(md.contains("Kỳ báo cáo: từ 01/01/2026 đến 30/06/2026"))
    #expect(md.contains("Quản lý 6 nhiệm vụ: 4 chuyển tiếp, 2 mới thực hiện từ năm 2026"))
    #expect(md.contains("NV-2024-01 — Phục tráng giống Bí thơm Ba Bể"))
    #expect(md.contains("| Dự án sản xuất thử nghiệm | 2 | 1 | 1 | 1.900.000.000 | 0 |"))
    #expect(md.contains("Tiếp nhận 2 đề xuất đặt hàng cho năm sau"))
    #expect(md.contains("Theo dõi (Trung ương quản lý): 1"))
    #expect(md.contains("Nghiệm thu 1 nhiệm vụ: Khá 1"))
    #expect(md.contains("Hội đồng xét duyệt: 1 phiên (thông qua 1)"))
    #expect(md.contains("Trễ hạn (đã thực hiện muộn): 1"))
    #expect(md.contains("| NV-2024-01 — Phục tráng giống Bí thơm Ba Bể | Báo cáo định kỳ (lần 4) | 02/03/2026 | 10/03/2026 | 8 |"))
    #expect(!md.contains("de_tai") && !md.contains("provincial"))
    let html = renderer.html
    #expect(html.contains("<h1>Báo cáo tình hình quản lý nhiệm vụ khoa học và công nghệ</h1>"))
    #expect(html.contains("<td>Dự án sản xuất thử nghiệm</td><td>2</td>"))
    let json = renderer.json
    #expect(json["managed"]?["count"]?.intValue == 6)
    #expect(json["proposals"]?["count"]?.intValue == 2)
    #expect(json["breakdowns"]?.arrayValue?.first?["groups"]?.arrayValue?.first?["label"]?.stringValue == "Cấp tỉnh")
    #expect(json["deadlinesMetLate"]?.arrayValue?.first?["daysLate"]?.intValue == 8)
  }

  @Test func htmlEscapesEveryValue() throws {
    var doc = ReportDocument(title: "<b>")
    doc.paragraph("a & b <script>alert(1)</script> \"q\"")
    let html = doc.html(language: "vi")
    #expect(!html.contains("<script>alert"))
    #expect(html.contains("a &amp; b &lt;script&gt;alert(1)&lt;/script&gt; &quot;q&quot;"))
  }
}

/// The annex reads the columns a workflow declares, whatever its fields are called.
@Suite struct AnnexColumnTests {
  @Test func aWorkflowWithItsOwnFieldNamesFillsEveryAnnexColumn() throws {
    let text = """
      {"id": "khac", "version": 1, "title": "K", "roles": ["m"],
       "fields": {"capDo": {"type": "enum", "values": ["tinh"], "valueLabels": {"tinh": {"vi": "Cấp tỉnh"}}},
                  "chuTri": {"type": "string"}, "chuNhiem": {"type": "actor"},
                  "batDau": {"type": "date"}, "ketThuc": {"type": "date"}, "giaHan": {"type": "date"}},
       "initial": "s", "states": {"s": {"label": "S"}, "f": {"label": "F", "final": true}},
       "transitions": [{"id": "t", "from": "s", "to": "f", "by": ["m"]}]
      """
    let annex = """
      , "report": {"annex": {"level": "capDo", "host": "chuTri", "investigator": "chuNhiem", "start": "batDau", "end": "ketThuc",
                            "extendedEnd": "giaHan"}}
      """
    let d = try DefinitionLoader.load(text: text + annex + "}", file: "khac.json")
    let task = TaskState(
      key: "K-1", workflowId: "khac", definitionHash: "h", state: "s",
      fields: [
        "capDo": .string("tinh"), "chuTri": .string("Viện Nghiên cứu Nông nghiệp"), "chuNhiem": .string("ts.hoang"),
        "batDau": .date(LocalDate(year: 2025, month: 3, day: 1)!), "ketThuc": .date(LocalDate(year: 2026, month: 2, day: 28)!),
        "giaHan": .date(LocalDate(year: 2026, month: 8, day: 31)!),
      ], createdAt: Date(timeIntervalSince1970: 0), enteredAt: Date(timeIntervalSince1970: 0),
      lastEffectiveAt: Date(timeIntervalSince1970: 0))
    let people = ["ts.hoang": Actor(name: "ts.hoang", roles: [], displayName: "TS. Nguyễn Huy Hoàng")]
    let row = ReportBuilder.annexRow(
      PeriodReport.TaskRef(key: "K-1", title: "T"), task, d, people: people, approved: 1, disbursed: 0, extended: true)
    #expect(row.level?.vi == "Cấp tỉnh")
    #expect(row.host == "Viện Nghiên cứu Nông nghiệp")
    #expect(row.investigator == "TS. Nguyễn Huy Hoàng")
    #expect(row.start?.dayMonthYear == "01/03/2025" && row.end?.dayMonthYear == "28/02/2026")
    #expect(row.extendedEnd?.dayMonthYear == "31/08/2026")
    // Without a declaration, only the conventional names are read: this workflow's cells stay empty.
    let plain = try DefinitionLoader.load(text: text + "}", file: "khac.json")
    #expect(plain.report.annex == nil)
    let empty = ReportBuilder.annexRow(
      PeriodReport.TaskRef(key: "K-1", title: "T"), task, plain, people: people, approved: 1, disbursed: 0, extended: true)
    #expect(empty.host == nil && empty.investigator == nil && empty.start == nil)
  }
}
