import Foundation
import STFlowRules
import STFlowStore
import Testing

@Suite struct ImportExportTests {
  @Test func anExportedPortfolioImportsBackAtTheSameStates() throws {
    let s = try StflowProcess()
    #expect(try s.run(["demo"]).code == 0)
    let demo = s.directory.appendingPathComponent("stflow-demo.db").path
    let exported = try s.run(["--db", demo, "export", "tasks"])
    #expect(exported.code == 0)
    // A byte-order mark first, so spreadsheet programs open it as UTF-8.
    #expect(exported.stdout.hasPrefix("\u{FEFF}Mã nhiệm vụ,Quy trình,Trạng thái,Ngày vào trạng thái,Tên nhiệm vụ"))
    let csv = s.directory.appendingPathComponent("tasks.csv")
    try exported.stdout.write(to: csv, atomically: true, encoding: .utf8)
    try s.db("init", "--workflows", StflowProcess.packageRoot.appendingPathComponent("Workflows").path)
    try s.db("actor", "add", "lan", "--role", "manager")
    // The investigators are not registered on the fresh database: the import records them as people.
    let r = try s.db("--as", "lan", "import", "tasks", csv.path, "--workflow", "provincial-task")
    #expect(r.code == 0, "\(r.stderr)")
    #expect(r.stdout.contains("imported 12 tasks"))
    #expect(r.stdout.contains("new people recorded"))
    let people = try JSONParser.parse(try s.db("--json", "actor", "list").stdout).arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
    #expect(Set(people).isSuperset(of: ["ths.mai", "ts.hoang", "ts.khanh"]))
    let before = try JSONParser.parse(try s.run(["--db", demo, "--json", "task", "show", "DT-2024-02"]).stdout)
    let after = try JSONParser.parse(try s.db("--json", "task", "show", "DT-2024-02").stdout)
    #expect(after["state"] == before["state"])
    #expect(after["fields"] == before["fields"])
    #expect(after["enteredAt"]?.stringValue?.hasPrefix("2025-03-01") == true)  // the date the state was reached
    // Deadlines count from the backfilled dates at once.
    let explain = try s.db("--at", "2026-11-24", "task", "explain", "DT-2024-02")
    #expect(explain.stdout.contains("Hạn 30/09/2027 (thứ Năm) = Ngày kết thúc hợp đồng + 30 ngày"), "\(explain.stdout)")
  }

  @Test func aFileWithBadRowsChangesNothingAndListsEveryRow() throws {
    let s = try StflowProcess()
    try s.db("init", "--workflows", StflowProcess.packageRoot.appendingPathComponent("Workflows").path)
    try s.db("actor", "add", "lan", "--role", "manager")
    let csv = s.directory.appendingPathComponent("bad.csv")
    try """
    Mã nhiệm vụ,Tên nhiệm vụ,Cấp,Trạng thái,Kinh phí đề nghị,Ngày bắt đầu hợp đồng
    A-1,Đúng,provincial,Đang thực hiện,1.000.000,01/02/2026
    A-2,Sai ngày,provincial,Đang thực hiện,1.000.000,31/02/2026
    A-3,,provincial,Đề xuất,,
    A-4,Sai tiền,provincial,Đề xuất,"1,00,0",
    A-1,Trùng,provincial,Đề xuất,,

    """.write(to: csv, atomically: true, encoding: .utf8)
    let before = try Data(contentsOf: URL(fileURLWithPath: s.db))
    let r = try s.db("--as", "lan", "import", "tasks", csv.path, "--workflow", "provincial-task")
    #expect(r.code == 2)
    #expect(r.stderr.contains("line 3: A-2: column 'Ngày bắt đầu hợp đồng' (field contractStart): expected a date"))
    #expect(r.stderr.contains("line 4: A-3: required field title is empty"))
    #expect(r.stderr.contains("line 5: A-4: column 'Kinh phí đề nghị' (field budget): expected an amount in VND"))
    #expect(r.stderr.contains("line 6: A-1: task key A-1 is also on line 2"))
    #expect(!r.stderr.contains("line 2:"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: s.db)) == before)
    #expect(try EventStore(path: s.db).tasks().isEmpty)
  }
}

@Suite struct ReportCommandTests {
  @Test func theReportReadsTheWayTheDepartmentWritesIt() throws {
    let s = try StflowProcess()
    #expect(try s.run(["demo"]).code == 0)
    let demo = s.directory.appendingPathComponent("stflow-demo.db").path
    let md = try s.run(["--db", demo, "report", "--from", "01/01/2026", "--to", "30/06/2026"])
    #expect(md.code == 0, "\(md.stderr)")
    #expect(md.stdout.contains("Kỳ báo cáo: từ 01/01/2026 đến 30/06/2026"))
    #expect(md.stdout.contains("- Quản lý 8 nhiệm vụ: 6 chuyển tiếp, 2 mới thực hiện từ năm 2026"))
    #expect(md.stdout.contains("| Cấp tỉnh | 8 | 6 | 2 |"))
    #expect(md.stdout.contains("- Nghiệm thu 2 nhiệm vụ: Xuất sắc 1, Khá 1"))
    #expect(md.stdout.contains("  - DT-2024-01 — Phục tráng giống Bí thơm Ba Bể: Khá"))
    #expect(md.stdout.contains("- Thanh lý hợp đồng: 1\n  - DT-2024-01 — Phục tráng giống Bí thơm Ba Bể"))
    // Next year's proposal is registered, not managed.
    #expect(md.stdout.contains("- Tiếp nhận 1 đề xuất đặt hàng cho năm sau\n  - DT-2026-08"))
    let en = try s.run(["--db", demo, "--lang", "en", "report", "--from", "2026-01-01", "--to", "2026-06-30"])
    #expect(en.stdout.contains("- Managed 8 tasks: 6 carried over, 2 new in 2026"))
    // --format html is the period report, and --out writes every format.
    let out = s.directory.appendingPathComponent("bao-cao.html").path
    let html = try s.run(["--db", demo, "report", "--from", "01/01/2026", "--to", "30/06/2026", "--format", "html", "--out", out])
    #expect(html.code == 0, "\(html.stderr)")
    let page = try String(contentsOfFile: out, encoding: .utf8)
    #expect(page.contains("<h1>Báo cáo tình hình quản lý nhiệm vụ khoa học và công nghệ</h1>"))
    #expect(page.contains("<td>Cấp tỉnh</td><td>8</td>"))
    let jsonOut = s.directory.appendingPathComponent("bao-cao.json").path
    #expect(
      try s.run(["--db", demo, "report", "--from", "01/01/2026", "--to", "30/06/2026", "--format", "json", "--out", jsonOut]).code == 0)
    #expect(try JSONParser.parse(try String(contentsOfFile: jsonOut, encoding: .utf8))["managed"]?["count"] == .integer(8))
    #expect(try s.run(["--db", demo, "report", "--from", "01/01/2026", "--to", "30/06/2026", "--out", "/dev/null"]).code == 2)
    let json = try JSONParser.parse(try s.run(["--db", demo, "--json", "report", "--from", "2025-01-01", "--to", "2025-12-31"]).stdout)
    #expect(json["transitions"]?["noApplication"]?["tasks"]?.arrayValue?.map { $0["key"] } == [.string("DT-2025-07")])
    #expect(
      json["councils"]?.arrayValue?.first { $0["council"] == .string("identification") }?["outcomes"]?["rejected"]?["count"] == .integer(1))
    #expect(try s.run(["--db", demo, "report", "--from", "2026-06-30", "--to", "2026-01-01"]).code == 2)
  }
}
