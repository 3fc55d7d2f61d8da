import Foundation
import Testing

/// Bad input of every kind found so far — numbers too large, non-finite options, control characters, dates
/// out of range, future times — gets a message and an exit code, never a trap, and changes nothing.
@Suite struct InputSafetyTests {
  @Test func badInputIsRefusedAndChangesNothing() throws {
    let s = try StflowProcess()
    #expect(try s.run(["demo"]).code == 0)
    let db = s.directory.appendingPathComponent("stflow-demo.db").path
    let csv = s.directory.appendingPathComponent("nul.csv")
    try "Mã nhiệm vụ,Tên nhiệm vụ,Cấp\nA\u{0}B,Tên,Cấp tỉnh\nC-1,Tên\u{7}chuông,Cấp tỉnh\n".write(
      to: csv, atomically: true, encoding: .utf8)
    let cases: [([String], Int32, String)] = [
      (["--as", "lan.nguyen", "import", "tasks", csv.path, "--workflow", "provincial-task"], 2, "task key"),
      (["--as", "lan.nguyen", "task", "create", "provincial-task", "X\u{1}Y", "title=t", "level=provincial"], 2, "mã nhiệm vụ"),
      (
        ["--as", "lan.nguyen", "task", "create", "provincial-task", "@actors", "title=t", "level=provincial"], 2,
        "không được bắt đầu bằng '@'"
      ),
      (["--as", "lan.nguyen", "task", "create", "provincial-task", "X-1", "title=a\u{1}b", "level=provincial"], 2, "một dòng"),
      (["--as", "lan.nguyen", "task", "create", "provincial-task", "X-2", "title=t", "level=provincial", "budget=-5"], 2, "budget"),
      (["--as", "lan.nguyen", "task", "create", "provincial-task", "X-3", "title=t", "level=provincial", "budget=1.000,000"], 2, "budget"),
      (["--as", "lan.nguyen", "task", "set", "DT-2024-02", "contractEnd=01/01/1800"], 2, "từ năm 1900 đến 2200"),
      (["calendar", "show", "vn", "--year", "9223372036854775807"], 2, "--year"),
      (["--as", "admin", "hooks", "config", "--timeout", "inf"], 2, "--timeout"),
      (["--as", "admin", "hooks", "config", "--backoff", "nan"], 2, "--backoff"),
      (["run", "--speed", "1e300"], 2, "--speed"),
      (["due", "--within", "9999999999wd"], 2, "--within"),
      (["task", "list", "--due-within", "2147483647y"], 2, "within"),
      (["--at", "2030-01-01", "tick"], 2, "in the future"),
      (["--at", "2026-01-01T00:00+99999999999999999:00", "task", "list"], 2, "--at"),
      (["--as", "admin", "actor", "add", "ADMIN2", "--role", "ADMIN"], 2, "không có vai trò 'ADMIN'"),
      (["--as", "admin", "actor", "add", "x", "--role", "expert,admin"], 2, "không có vai trò 'expert,admin'"),
      (["--as", "admin", "actor", "add", "Lan.Nguyen", "--role", "manager"], 2, "dễ nhầm với 'lan.nguyen'"),
      (["--as", "admin", "actor", "add", "two\nlines"], 2, "tên đăng nhập"),
      (["--as", "admin", "actor", "add", "ts.mai", "--role", "investigator"], 1, "được giao theo từng nhiệm vụ"),
      (
        ["--as", "ths.mai", "task", "fire", "DT-2024-02", "report_progress", "lastReportDate=2026-11-20", "budgetCap=9.000.000.000"], 1,
        "không nhận thông tin “Kinh phí tối đa”"
      ),
    ]
    for (args, code, message) in cases {
      let before = try DatabaseContent.of(db)
      let r = try s.run(["--db", db] + args)
      #expect(r.code == code, "\(args.joined(separator: " ")): exit \(r.code), \(r.stderr)")
      #expect(r.stderr.contains(message), "\(args.joined(separator: " ")): \(r.stderr)")
      #expect(try DatabaseContent.of(db) == before, "\(args.joined(separator: " ")) changed the database")
    }
  }
}
