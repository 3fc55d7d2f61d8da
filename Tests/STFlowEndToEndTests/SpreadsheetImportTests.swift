import Foundation
import STFlowRules
import STFlowStore
import Testing

/// A department's list as it keeps it, brought in through the binary: as CSV saved by LibreOffice and as
/// .xlsx; then nothing false is raised, and the people it names become records.
@Suite struct SpreadsheetImportTests {
  static let sheet =
    "\u{FEFF}DANH MỤC NHIỆM VỤ KH&CN CẤP TỈNH ĐANG THỰC HIỆN;;;;;;;;\r\n"
    + "STT;Tên nhiệm vụ;Chủ nhiệm;Cơ quan chủ trì;Cấp;Loại nhiệm vụ;Thời gian thực hiện;Kinh phí;Tình hình thực hiện;Ghi chú\r\n"
    + "1;Phục tráng giống Bí thơm Ba Bể;TS. Nguyễn Văn An;Viện Nghiên cứu Rau quả;Cấp tỉnh;Đề tài;01/3/2024 - 28/2/2027;650 triệu;Đang thực hiện;\r\n"
    + "2;Bảo tồn giống xoài tròn Yên Châu;ThS. Lê Thị Mai;Trung tâm Giống cây trồng;Cấp tỉnh;Dự án sản xuất thử nghiệm;01/2025 - 12/2027;\"1,2 tỷ\";Chuyển tiếp;\r\n"
    + "3;Nhãn hiệu tập thể Trám đen Văn Quan;TS. Nguyễn Văn An;Phòng Kinh tế huyện Văn Quan;Cấp tỉnh;Đề tài;2022 - 2027;500.000.000;Đang thực hiện;\r\n"

  func prepared() throws -> StflowProcess {
    let s = try StflowProcess()
    try s.db("init", "--workflows", StflowProcess.packageRoot.appendingPathComponent("Workflows").path)
    try s.db("actor", "add", "lan", "--role", "manager")
    return s
  }

  @Test func aSheetSavedByLibreOfficeImportsAndRaisesNoFalseAlarm() throws {
    let s = try prepared()
    let csv = s.directory.appendingPathComponent("danh-muc.csv")
    try Self.sheet.write(to: csv, atomically: true, encoding: .utf8)
    let r = try s.db("--as", "lan", "--at", "2026-11-24T09:00", "import", "tasks", csv.path, "--workflow", "provincial-task")
    #expect(r.code == 0, "\(r.stderr)")
    #expect(r.stdout.contains("imported 3 tasks into provincial-task"))
    #expect(r.stdout.contains("2 new people recorded"))
    #expect(r.stderr.contains("column 'STT' is not known"))
    // Right after the import, up to today, nothing is missed and nothing is overdue.
    let sim = try s.db("--at", "2026-11-24T09:00", "simulate", "--until", "2026-11-24")
    #expect(sim.code == 0, "\(sim.stderr)")
    #expect(sim.stdout.contains("Mô phỏng đến 24/11/2026"), "\(sim.stdout)")
    #expect(!sim.stdout.contains("QUÁ HẠN") && !sim.stdout.contains("nhắc quá hạn"))
    let overdue = try JSONParser.parse(try s.db("--at", "2026-11-24T09:00", "--json", "task", "list", "--overdue").stdout)
    #expect(overdue.arrayValue?.isEmpty == true)
    let people = try s.db("actor", "list").stdout
    #expect(people.contains("nguyen.van.an") && people.contains("TS. Nguyễn Văn An"))
    // Export carries a BOM and the people by name, and imports back on a fresh database.
    let exported = try s.db("export", "tasks", "--out", s.directory.appendingPathComponent("xuat.csv").path)
    #expect(exported.code == 0)
    let bytes = try Data(contentsOf: s.directory.appendingPathComponent("xuat.csv"))
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(text.contains("TS. Nguyễn Văn An,nguyen.van.an"))
  }

  @Test func anXlsxIsReadThroughLibreOffice() throws {
    let s = try prepared()
    let csv = s.directory.appendingPathComponent("danh-muc.csv")
    try Self.sheet.replacingOccurrences(of: ";", with: ",").replacingOccurrences(of: "\"1,2 tỷ\"", with: "\"1,2 tỷ\"")
      .write(to: csv, atomically: true, encoding: .utf8)
    // Make the .xlsx the way a department would: LibreOffice saves the sheet (fails, not skips, without it).
    let soffice = try #require(
      ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice"].first { FileManager.default.isExecutableFile(atPath: $0) },
      "LibreOffice is needed: run Examples/setup.sh")
    let p = Process()
    p.executableURL = URL(fileURLWithPath: soffice)
    p.arguments = [
      "-env:UserInstallation=file://\(s.directory.path)/lo-profile", "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx",
      "--outdir", s.directory.path, csv.path,
    ]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    let xlsx = s.directory.appendingPathComponent("danh-muc.xlsx")
    #expect(FileManager.default.fileExists(atPath: xlsx.path))
    let r = try s.db("--as", "lan", "--at", "2026-11-24T09:00", "import", "tasks", xlsx.path, "--workflow", "provincial-task")
    #expect(r.code == 0, "\(r.stderr)")
    #expect(r.stdout.contains("imported 3 tasks"))
    let task = try JSONParser.parse(try s.db("--json", "task", "show", "DA-2025-01").stdout)
    #expect(task["fields"]?["budget"] == .integer(1_200_000_000))
    #expect(task["fields"]?["contractEnd"] == .string("2027-12-31"))
    // Something that is not a spreadsheet is refused with a message, nothing written.
    let bad = s.directory.appendingPathComponent("not-a-sheet.xlsx")
    try Data("hello".utf8).write(to: bad)
    let refused = try s.db("--as", "lan", "import", "tasks", bad.path, "--workflow", "provincial-task")
    #expect(refused.code == 2)
    #expect(refused.stderr.contains("not-a-sheet.xlsx"))
  }
}
