import Foundation
import Testing

/// A database on a read-only medium (neither it nor its folder writable — made immutable here, since the
/// tests run as root, whom file modes do not stop) can still be read and verified; a change is refused
/// with a message, exit 2.
@Suite struct ReadOnlyDatabaseTests {
  func chattr(_ flag: String, _ path: String) throws -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
    p.arguments = [flag, path]
    try p.run()
    p.waitUntilExit()
    return p.terminationStatus
  }

  @Test func aReadOnlyDatabaseIsReadAndVerified() throws {
    let s = try StflowProcess()
    let folder = s.directory.appendingPathComponent("ro")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let db = folder.appendingPathComponent("stflow-demo.db").path
    #expect(try s.run(["--db", db, "demo"]).code == 0)
    #expect(try s.run(["--db", db, "audit", "verify"]).code == 0)  // checkpoints the WAL into the file
    for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
    #expect(try chattr("+i", db) == 0, "chattr is needed to make the database read-only")
    #expect(try chattr("+i", folder.path) == 0)
    defer {
      _ = try? chattr("-i", folder.path)
      _ = try? chattr("-i", db)
    }
    let verify = try s.run(["--db", db, "audit", "verify"])
    #expect(verify.code == 0, "\(verify.stderr)")
    #expect(verify.stdout.contains("toàn vẹn"))
    #expect(try s.run(["--db", db, "task", "list"]).stdout.contains("12 nhiệm vụ"))
    #expect(try s.run(["--db", db, "report", "--from", "01/01/2026", "--to", "30/06/2026"]).code == 0)
    let change = try s.run(["--db", db, "--as", "lan.nguyen", "task", "set", "DT-2024-02", "researchArea=y_duoc"])
    #expect(change.code == 2)
    #expect(change.stderr.contains("chỉ đọc: có thể đọc và kiểm tra nhưng không thay đổi được"))
  }
}
