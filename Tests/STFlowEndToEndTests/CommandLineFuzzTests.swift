import Foundation
import STFlowRules
import Testing

/// Random command lines against a demo database (fixed seed, a few hundred runs): every run ends with an
/// exit code (never a signal, never "Fatal error"), within its time, and a run that fails changes nothing.
/// More runs: `STFLOW_FUZZ_CASES=5000 swift test --filter CommandLineFuzzTests`.
@Suite struct CommandLineFuzzTests {
  static let runs = min(Int(ProcessInfo.processInfo.environment["STFLOW_FUZZ_CASES"] ?? "") ?? 300, 20_000)

  static let words = [
    "task", "fire", "create", "set", "show", "list", "history", "explain", "migrate", "council", "open", "ballot", "close", "attend",
    "report", "import", "export", "tasks", "due", "tick", "simulate", "audit", "verify", "anchor", "rebuild", "workflow", "validate",
    "load", "calendar", "hooks", "config", "actor", "add", "settings", "dashboard", "DT-2024-02", "DT-2024-12", "provincial-task",
    "extend", "report_progress", "sign_contract", "acceptance", "identification", "--from", "--to", "--until", "--within", "--at",
    "--as", "lan.nguyen", "hung.le", "ths.mai", "admin", "--format", "json", "md", "html", "--vote", "yes", "--score", "85",
    "budget=650 triệu", "budget=-1", "contractEnd=31/12/2027", "newContractEnd=2099-01-01", "lastReportDate=2026-11-20", "title=",
    "title=\u{1}", "01/01/2026", "30/06/2026", "9223372036854775807wd", "2147483647y", "1e300", "inf", "nan", "-1", "0", "",
    "--json", "--lang", "en", "--year", "99999999999", "--timeout", "--speed", "--poll", "--out", "/dev/null", "--comment", "lý do",
    "--member", "gs.thanh:chair", "--request-id", "r-1", "--expect-version", "3", "%s%n", "../../etc/passwd", "'; DROP TABLE events;--",
  ]

  @Test func randomCommandLinesNeverCrashAndFailuresChangeNothing() throws {
    let s = try StflowProcess()
    #expect(try s.run(["demo"]).code == 0)
    let db = s.directory.appendingPathComponent("stflow-demo.db").path
    var rng = SplitMix(seed: 20_261_124)
    var codes: [Int32: Int] = [:]
    for i in 0..<Self.runs {
      var args: [String] = []
      for _ in 0..<Int(rng.next() % 7 + 1) { args.append(Self.words[Int(rng.next() % UInt64(Self.words.count))]) }
      let before = try DatabaseContent.of(db)
      let started = Date()
      let r = try s.run(["--db", db] + args.filter { $0 != "run" })
      codes[r.code, default: 0] += 1
      let line = args.joined(separator: " ")
      #expect([0, 1, 2, 3].contains(r.code), "run \(i): \(line) ended with \(r.code): \(r.stderr.suffix(200))")
      #expect(!r.stderr.contains("Fatal error"), "run \(i): \(line)")
      #expect(Date().timeIntervalSince(started) < 10, "run \(i): \(line) took too long")
      if r.code != 0 {
        #expect(try DatabaseContent.of(db) == before, "run \(i): \(line) failed (\(r.code)) but changed the database")
      }
    }
    #expect(try s.run(["--db", db, "audit", "verify"]).code == 0)
    #expect((codes[2] ?? 0) > 0)
  }
}
