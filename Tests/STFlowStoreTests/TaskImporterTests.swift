import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowStore

/// The shipped provincial workflow on the vn calendar, on 24/11/2026, ready to import a department's sheet.
struct ImportHarness {
  let h: StoreHarness
  let engines: [String: Engine]

  init() throws {
    h = try StoreHarness()
    let root = URL(fileURLWithPath: fixture).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    try h.store.loadCalendar(
      try JSONParser.parse(
        bytes: Array(FileManager.default.contents(atPath: root.appendingPathComponent("Workflows/calendars/vn.json").path) ?? Data())))
    var engines: [String: Engine] = [:]
    for name in ["provincial-task", "grassroots-task"] {
      let stored = try h.store.loadDefinition(
        try DefinitionLoader.load(file: root.appendingPathComponent("Workflows/\(name).json").path), by: "test"
      ).0
      engines[name] = try h.store.engine(hash: stored.hash)
    }
    self.engines = engines
    h.clock.set(Timestamp.parse("2026-11-24T09:00", in: .vietnam)!)
  }

  func plan(_ csv: String, workflow: String? = "provincial-task", asOf: String? = nil, strict: Bool = false) throws -> TaskImporter.Plan {
    try TaskImporter.plan(
      csv: csv,
      context: TaskImporter.Context(
        engines: engines, defaultWorkflow: workflow, actor: Actor(name: "lan", roles: ["manager", "district_manager"]), now: h.clock.now(),
        asOf: asOf.map { Timestamp.parse($0, in: .vietnam)! }, strict: strict, exists: { try h.store.task(key: $0) != nil },
        people: try h.store.actors()))
  }

  @discardableResult
  func importing(_ csv: String, asOf: String? = nil) throws -> TaskImporter.Plan {
    let p = try plan(csv, asOf: asOf)
    #expect(p.problems.isEmpty, "\(p.problems)")
    _ = try h.store.executeBatch(p.commands, people: p.people)
    return p
  }
}

@Suite struct TaskImporterTests {
  /// As LibreOffice saves a department's list: BOM, CRLF, semicolons, a title row and a blank row, STT and
  /// Ghi chú columns, a section row, Vietnamese labels, money in triệu and tỷ, a period column, names.
  static let sheet =
    "\u{FEFF}DANH MỤC NHIỆM VỤ KH&CN CẤP TỈNH ĐANG THỰC HIỆN NĂM 2026;;;;;;;;;\r\n;;;;;;;;;\r\n"
    + "STT;Tên nhiệm vụ;Chủ nhiệm;Cơ quan chủ trì;Cấp;Loại nhiệm vụ;Thời gian thực hiện;Kinh phí;Tình hình thực hiện;Ghi chú\r\n"
    + "I;Nhiệm vụ chuyển tiếp;;;;;;;;\r\n"
    + "1;Phục tráng giống Bí thơm Ba Bể;TS. Nguyễn Văn An;Viện Nghiên cứu Rau quả;Cấp tỉnh;Đề tài;01/3/2024 - 28/2/2027;650 triệu;Đang thực hiện;\r\n"
    + "2;\"Bảo tồn giống xoài tròn Yên Châu; chỉ dẫn địa lý\";ThS. Lê Thị Mai;Trung tâm Giống cây trồng;Cấp tỉnh;Dự án sản xuất thử nghiệm;01/2025 - 12/2026;\"1,2 tỷ\";Chuyển tiếp;chậm\r\n"
    + "3;Nghiên cứu văn kiện Đảng bộ tỉnh 1939 - 2015;TS. Nguyễn Văn An;Ban Tuyên giáo Tỉnh ủy;Cấp tỉnh;Đề án;2023 - 2024;450.000.000;Đã nghiệm thu;\r\n"

  @Test func aDepartmentSheetImportsAsItIsSaved() throws {
    let h = try ImportHarness()
    let plan = try h.importing(Self.sheet)
    #expect(plan.commands.map(\.taskKey) == ["DT-2024-01", "DA-2025-01", "DAN-2023-01"])
    #expect(plan.warnings.contains { $0.message.contains("header found on line 3") })
    #expect(plan.warnings.contains { $0.message.contains("column 'STT' is not known") })
    #expect(plan.warnings.contains { $0.message.contains("column 'Ghi chú' is not known") })
    #expect(plan.warnings.contains { $0.line == 4 && $0.message.contains("section row 'I Nhiệm vụ chuyển tiếp' skipped") })
    // One person record for the investigator named twice, with the name as written.
    #expect(plan.people.map(\.name) == ["nguyen.van.an", "le.thi.mai"])
    #expect(try h.h.store.actor(named: "nguyen.van.an")?.displayName == "TS. Nguyễn Văn An")
    let a = try #require(try h.h.store.task(key: "DT-2024-01"))
    #expect(a.state == "implementation")
    #expect(a.fields["investigator"] == .string("nguyen.van.an"))
    #expect(a.fields["host"] == .string("Viện Nghiên cứu Rau quả"))
    #expect(a.fields["level"] == .string("provincial"))
    #expect(a.fields["kind"] == .string("de_tai"))
    #expect(a.fields["budget"] == .money(650_000_000))
    #expect(a.fields["contractStart"] == .date(LocalDate(iso: "2024-03-01")!))
    #expect(a.fields["contractEnd"] == .date(LocalDate(iso: "2027-02-28")!))
    let b = try #require(try h.h.store.task(key: "DA-2025-01"))
    #expect(b.fields["title"] == .string("Bảo tồn giống xoài tròn Yên Châu; chỉ dẫn địa lý"))
    #expect(b.fields["budget"] == .money(1_200_000_000))
    #expect(b.fields["contractEnd"] == .date(LocalDate(iso: "2026-12-31")!))
    #expect(try h.h.store.task(key: "DAN-2023-01")?.state == "accepted")
  }

  @Test func unknownColumnsAreRefusedWhenStrict() throws {
    let h = try ImportHarness()
    let plan = try h.plan(Self.sheet, strict: true)
    #expect(plan.commands.isEmpty)
    #expect(plan.problems.map(\.message).contains { $0.contains("column 'STT' is not known") && $0.contains("refused (--strict)") })
  }

  @Test func everyBadValueIsListedWithItsLineAndNothingIsPlanned() throws {
    let h = try ImportHarness()
    let csv = """
      Tên nhiệm vụ,Cấp,Kinh phí,Thời gian thực hiện,Trạng thái
      Đúng,Cấp tỉnh,650 triệu,2024 - 2025,Đang thực hiện
      Sai cấp,Cấp huyện,650 triệu,2024 - 2025,Đang thực hiện
      Sai tiền,Cấp tỉnh,"1,2,3 tỷ",2024 - 2025,Đang thực hiện
      Sai thời gian,Cấp tỉnh,1 tỷ,12/2025 - 01/2024,Đang thực hiện
      Sai trạng thái,Cấp tỉnh,1 tỷ,2024 - 2025,Đang ngủ

      """
    let plan = try h.plan(csv)
    #expect(plan.commands.isEmpty)
    let messages = plan.problems.map(\.description)
    #expect(
      messages.contains { $0.hasPrefix("line 3:") && $0.contains("must be one of provincial (Cấp tỉnh)") && $0.contains("not 'Cấp huyện'") }
    )
    #expect(messages.contains { $0.hasPrefix("line 4:") && $0.contains("not '1,2,3 tỷ'") })
    #expect(messages.contains { $0.hasPrefix("line 5:") && $0.contains("is not a period") })
    #expect(messages.contains { $0.hasPrefix("line 6:") && $0.contains("unknown state 'Đang ngủ'") })
    #expect(!messages.contains { $0.hasPrefix("line 2:") })
  }

  @Test func oneSheetMayMixWorkflows() throws {
    let h = try ImportHarness()
    try h.h.store.addActor(Actor(name: "lan", roles: ["manager", "district_manager"]), by: nil)
    let csv = """
      Quy trình;Tên nhiệm vụ;Cấp;Trạng thái;Thời gian thực hiện;district
      Nhiệm vụ KH&CN cấp tỉnh;Đề tài tỉnh;Cấp tỉnh;Đang thực hiện;2025 - 2026;
      grassroots-task;Đề tài cơ sở;Cấp cơ sở;Đang thực hiện;2025 - 2026;Huyện Ba Bể

      """
    let plan = try h.importing(csv)
    #expect(plan.commands.map(\.workflow) == ["provincial-task", "grassroots-task"])
  }

  @Test func aHealthyRunningPortfolioRaisesNoFalseAlarm() throws {
    let h = try ImportHarness()
    // Running since 2021–2025, imported on 24/11/2026; the sheet says nothing of past reports.
    let csv = """
      Tên nhiệm vụ,Cấp,Thời gian thực hiện,Trạng thái,Ngày vào trạng thái
      Bí thơm,Cấp tỉnh,01/3/2021 - 28/2/2027,Đang thực hiện,01/03/2021
      Xoài tròn,Cấp tỉnh,01/2025 - 12/2027,Đang thực hiện,01/01/2025
      Trám đen,Cấp tỉnh,01/2024 - 12/2027,Đang thực hiện,

      """
    try h.importing(csv)
    let now = h.h.clock.now()
    let processed = try h.h.store.processDueTimers(now: now)
    #expect(processed.filter { $0.timer.kind == .missed || $0.timer.kind == .overdue }.isEmpty)
    for key in ["DT-2021-01", "NV-2021-01", "NV-2025-01", "NV-2024-01"] {
      guard let task = try h.h.store.task(key: key) else { continue }
      #expect(task.fields["fundingSuspended"] == nil)
      let engine = try h.h.store.engine(hash: task.definitionHash)
      let statuses = DeadlineCalculator(engine: engine).statuses(for: task, now: now)
      #expect(!statuses.contains { $0.phase == .overdue }, "\(key): \(statuses.map { "\($0.deadline.id) \($0.phase)" })")
      let report = try #require(statuses.first { $0.deadline.id == "progress_report" })
      #expect(report.dueDate.map { $0 >= LocalDate(now, in: .vietnam) } == true)
      #expect(report.explanation.contains { if case .untracked = $0 { return true } else { return false } })
    }
    #expect(try h.h.store.tasks().count == 3)
  }

  @Test func whatTheSheetSaysHappenedCountsAndTheRestIsBeforeTracking() throws {
    let h = try ImportHarness()
    // Contract from 01/07/2025: reports due 01/01/2026 (met, says the sheet), 01/07/2026, 01/01/2027 …
    // Imported as of 01/03/2026: the 01/07/2026 report is the next, number 2.
    let csv = """
      Tên nhiệm vụ,Cấp,Thời gian thực hiện,Trạng thái,Ngày vào trạng thái,Số lần nộp báo cáo định kỳ,count.extend
      Xoài tròn,Cấp tỉnh,01/7/2025 - 30/6/2027,Đang thực hiện,01/07/2025,1,1

      """
    try h.importing(csv, asOf: "2026-03-01T00:00")
    let task = try #require(try h.h.store.task(key: "NV-2025-01"))
    #expect(task.counts["report_progress"] == 1)
    #expect(task.trackedSince == Timestamp.parse("2026-03-01T00:00", in: .vietnam))
    let engine = try h.h.store.engine(hash: task.definitionHash)
    let report = DeadlineCalculator(engine: engine).status(
      of: engine.definition.deadlines.first { $0.id == "progress_report" }!, for: task, now: h.h.clock.now())
    #expect(report.occurrence == 2)
    #expect(report.dueDate?.description == "2026-07-01")
    // An extension the sheet says was granted counts: a second one is refused by the once-only rule.
    #expect {
      try h.h.store.execute(
        .fire(transition: "extend", fields: ["newContractEnd": .date(LocalDate(iso: "2027-12-31")!)], comment: nil), taskKey: "NV-2025-01",
        actorName: "hung")
    } throws: { error in "\(error)".contains("once-only") || "\(error)".contains("role") }
  }

  @Test(arguments: [
    ("650 triệu", Int64(650_000_000)), ("1,2 tỷ", 1_200_000_000), ("1.5 tỷ", 1_500_000_000), ("650.000.000", 650_000_000),
    ("650.000.000 đồng", 650_000_000), ("2 tỷ đồng", 2_000_000_000), ("850 tr", 850_000_000), ("0,25 triệu", 250_000),
  ])
  func moneyAsDepartmentsWriteIt(text: String, amount: Int64) {
    #expect(FieldValueParser.parseMoney(text) == amount)
  }

  @Test(arguments: ["1,2,3 tỷ", "abc triệu", "triệu", "1,0000000001 tỷ", "1.2.3", "999999999999 tỷ", "9,1234567890123456789012 tỷ"])
  func moneyThatIsNotAnAmountIsRefused(text: String) {
    #expect(FieldValueParser.parseMoney(text) == nil)
  }

  @Test func peopleAreNamedWithoutTitlesOrDiacritics() {
    #expect(TaskImporter.personId("TS. Nguyễn Văn An") == "nguyen.van.an")
    #expect(TaskImporter.personId("PGS.TS. Đặng Thị Hồng") == "dang.thi.hong")
    #expect(TaskImporter.personId("ThS Lê Mai") == "le.mai")
    #expect(TaskImporter.personId("Bà Trần Thu") == "tran.thu")
  }
}
