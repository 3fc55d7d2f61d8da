import Foundation
import Testing

@testable import STFlowStore

/// A database damaged by hand — a task's first event deleted, another's made unreadable — never crashes a
/// command: each reads what it can, names the damage, and exits with a code, not a signal.
@Suite struct DamagedDatabaseTests {
  @Test func noCommandCrashesOnATaskWithoutItsFirstEvent() throws {
    let s = try StflowProcess()
    #expect(try s.run(["demo"]).code == 0)
    let db = s.directory.appendingPathComponent("stflow-demo.db").path
    do {
      let store = try EventStore(path: db)
      try store.connection.execute(
        """
        DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;
        DELETE FROM events WHERE task_key = 'DT-2024-02' AND task_version = 1;
        UPDATE events SET payload = '{"broken' WHERE task_key = 'DT-2024-03' AND task_version = 1;
        """)
    }
    let commands: [[String]] = [
      ["audit", "verify"], ["--as", "admin", "audit", "rebuild"], ["report", "--from", "01/01/2026", "--to", "30/06/2026"],
      ["report", "--from", "01/01/2026", "--to", "30/06/2026", "--format", "json"], ["task", "list"], ["task", "show", "DT-2024-02"],
      ["task", "history", "DT-2024-02"], ["task", "history", "DT-2024-03"], ["task", "explain", "DT-2024-02"], ["due"],
      ["export", "tasks"], ["dashboard", "--out", s.directory.appendingPathComponent("d.html").path],
      ["simulate", "--until", "31/12/2026"],
    ]
    for c in commands {
      let r = try s.run(["--db", db] + c)
      #expect([0, 1, 2, 3].contains(r.code), "\(c.joined(separator: " ")) ended with \(r.code): \(r.stderr.suffix(300))")
      #expect(!r.stderr.contains("Fatal error"), "\(c.joined(separator: " "))")
    }
    let verify = try s.run(["--db", db, "audit", "verify"])
    #expect(verify.code == 1)
    #expect(verify.stdout.contains("DT-2024-02") || verify.stderr.contains("DT-2024-02"))
    let rebuild = try s.run(["--db", db, "--as", "admin", "audit", "rebuild"])
    #expect(rebuild.code == 3)
    #expect(rebuild.stderr.contains("stored data is damaged"))
    let report = try s.run(["--db", db, "report", "--from", "01/01/2026", "--to", "30/06/2026"])
    #expect(report.code == 0, "\(report.stderr)")
    #expect(report.stdout.contains("Không đọc được"))
    #expect(report.stdout.contains("DT-2024-02") && report.stdout.contains("DT-2024-03"))
  }
}

/// A database that is not STFlow's is never written to; an empty file is not taken for a new database.
@Suite struct ForeignDatabaseTests {
  @Test func aForeignOrEmptyFileIsRefusedAndLeftAsItWas() throws {
    let s = try StflowProcess()
    // Make another program's SQLite database through STFlow's own store module (a table STFlow does not have).
    let other = s.directory.appendingPathComponent("other.sqlite").path
    do {
      let c = try SQLiteConnection(path: other)
      try c.execute("CREATE TABLE customers(id INTEGER, name TEXT); INSERT INTO customers VALUES (1, 'a')")
    }
    let before = try Data(contentsOf: URL(fileURLWithPath: other))
    for command in [["demo"], ["init"], ["task", "list"], ["audit", "verify"], ["--as", "x", "actor", "add", "x"]] {
      let r = try s.run(["--db", other] + command)
      #expect(r.code == 2, "\(command)")
      #expect(
        r.stderr.contains("không phải cơ sở dữ liệu STFlow") || r.stderr.contains("không phải cơ sở dữ liệu demo"),
        "\(command): \(r.stderr)")
      #expect(try Data(contentsOf: URL(fileURLWithPath: other)) == before, "\(command) wrote to another program's database")
    }
    let empty = s.directory.appendingPathComponent("empty.db").path
    #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
    let r = try s.run(["--db", empty, "audit", "verify"])
    #expect(r.code == 2)
    #expect(r.stderr.contains("là tệp rỗng"), "\(r.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)
  }
}
