import Foundation
import STFlowRules
import Testing

@testable import STFlowStore

@Suite(.serialized) struct CommandLineTests {
  @Test func aTaskMovesThroughTheCommandLine() throws {
    let s = try StflowProcess.prepared()
    var r = try s.db("--as", "lan", "--at", "2026-01-05", "task", "create", "grant", "G-1", "title=Phục tráng giống Bí thơm Ba Bể")
    #expect(r.code == 0, "\(r.stderr)")
    r = try s.db("--as", "lan", "task", "fire", "G-1", "submit", "budget=900.000.000", "cap=1.000.000.000")
    #expect(r.code == 0, "\(r.stderr)")
    #expect(r.stdout.contains("G-1 đang ở bước «Xem xét» [review]"))
    r = try s.db("--json", "task", "show", "G-1")
    let json = try JSONParser.parse(r.stdout)
    #expect(json["state"] == .string("review"))
    #expect(json["version"] == .integer(2))
    #expect(json["fields"]?["budget"] == .integer(900_000_000))
    #expect(json["next"] == .array([.string("approve"), .string("cancel"), .string("note")]))
    r = try s.db("task", "history", "G-1")
    #expect(r.stdout.contains("05/01/2026 00:00"))
    #expect(r.stdout.contains("«Nháp» → «Xem xét»"))
    #expect(try s.db("--lang", "en", "task", "history", "G-1").stdout.contains("«Draft» → «Review»"))
    r = try s.db("--json", "task", "list", "--state", "review")
    #expect(try JSONParser.parse(r.stdout).arrayValue?.count == 1)
    r = try s.db("audit", "verify")
    #expect(r.code == 0)
    #expect(r.stdout.contains("toàn vẹn: 7 sự kiện"))  // a workflow made current, four people registered, two task events
  }

  @Test func exitCodesSayWhatWentWrong() throws {
    let s = try StflowProcess.prepared()
    try s.db("--as", "lan", "task", "create", "grant", "G-1", "title=x")
    // 1: refused by a rule or a permission.
    var r = try s.db("--lang", "en", "--as", "mai", "task", "fire", "G-1", "submit", "budget=1", "cap=2")
    #expect(r.code == 1)
    #expect(r.stderr.contains("refused [role-required] task G-1, actor mai"))
    r = try s.db("--lang", "en", "--as", "lan", "task", "fire", "G-1", "submit", "budget=3", "cap=2")
    #expect(r.code == 1)
    #expect(r.stderr.contains("refused [guard]") && r.stderr.contains("budget = 3 VND, cap = 2 VND"))
    // In Vietnamese (the default) the refusal keeps its rule id and writes money as the department does.
    r = try s.db("--as", "lan", "task", "fire", "G-1", "submit", "budget=3", "cap=2")
    #expect(r.code == 1)
    #expect(r.stderr.contains("Chưa đủ điều kiện theo quy định [guard]") && r.stderr.contains("= 3 đ"), "\(r.stderr)")
    r = try s.db("--as", "lan", "--json", "task", "fire", "G-1", "approve")
    #expect(r.code == 1)
    #expect(try JSONParser.parse(r.stdout)["error"]?["rule"] == .string("wrong-state"))
    // 2: bad usage or bad input.
    for args in [
      ["--as", "lan", "task", "fire", "G-404", "note"],
      ["--as", "lan", "task", "fire", "G-1", "submit", "budget=nhiều"],
      ["--as", "lan", "task", "fire", "G-1", "submit", "colour=red"],
      ["--as", "lan", "--at", "31/02/2026", "task", "fire", "G-1", "note"],
      ["--as", "lan", "task", "fire", "G-1"],
      ["--as", "lan", "task", "fire", "G-1", "note", "--frobnicate"],
      ["task", "fire", "G-1", "note"],
      ["--as", "ghost", "task", "fire", "G-1", "note"],
      ["task", "launch"],
      ["workflow", "show", "nope"],
    ] {
      r = try s.run(["--db", s.db] + args)
      #expect(r.code == 2, "\(args) gave \(r.code): \(r.stderr)")
      #expect(!r.stderr.isEmpty)
    }
    r = try s.run(["--db", s.directory.appendingPathComponent("missing.db").path, "task", "list"])
    #expect(r.code == 2)
    #expect(r.stderr.contains("chạy 'stflow --db"))
    #expect(!FileManager.default.fileExists(atPath: s.directory.appendingPathComponent("missing.db").path))
  }

  @Test func aDamagedDatabaseIsADatabaseFailure() throws {
    let s = try StflowProcess()
    let junk = s.directory.appendingPathComponent("junk.db")
    try Data(repeating: 0x42, count: 8192).write(to: junk)
    let r = try s.run(["--db", junk.path, "task", "list"])
    #expect(r.code == 3)
    #expect(r.stderr.contains("SQLite error 26"))
    #expect(try Data(contentsOf: junk) == Data(repeating: 0x42, count: 8192))
  }

  @Test func aRefusedOrMalformedCommandLeavesTheDatabaseUnchanged() throws {
    let s = try StflowProcess.prepared()
    try s.db("--as", "lan", "task", "create", "grant", "G-1", "title=x")
    func content() throws -> String {
      let store = try EventStore(path: s.db)
      var out = ""
      for table in ["meta", "definitions", "actors", "events", "tasks", "requests", "chain_head"] {
        for row in try store.connection.query("SELECT * FROM \(table) ORDER BY 1") { out += "\(table): \(row)\n" }
      }
      return out
    }
    let before = try content()
    for args in [
      ["--as", "lan", "task", "fire", "G-1", "submit", "budget=3", "cap=2"],
      ["--as", "mai", "task", "fire", "G-1", "submit", "budget=1", "cap=2"],
      ["--as", "lan", "task", "fire", "G-1", "submit", "budget=x"],
      ["--as", "lan", "task", "set", "G-1", "title="],
      ["--as", "lan", "task", "create", "grant", "G-1", "title=again"],
      ["--as", "lan", "actor", "add", "eve", "--role", "admin"],
      ["--as", "lan", "workflow", "load", StflowProcess.fixture],
      ["--as", "lan", "--at", "2020-01-01", "task", "fire", "G-1", "note"],
    ] {
      let r = try s.run(["--db", s.db] + args)
      #expect(r.code != 0, "\(args) should fail")
    }
    #expect(try content() == before)
  }

  @Test func everyCommandHasHelp() throws {
    let s = try StflowProcess()
    let commands = [
      "init", "demo", "workflow validate", "workflow load", "workflow list", "workflow show", "actor add", "actor list",
      "task create", "task fire", "task set", "task attach", "task show", "task history", "task list", "audit verify", "audit rebuild",
      "task explain", "task migrate", "due", "calendar load", "calendar show", "council open", "council attend", "council ballot",
      "council close", "council show", "run", "tick", "simulate", "hooks config", "hooks list", "hooks retry", "report", "dashboard",
      "import tasks", "export tasks",
    ]
    for c in commands {
      let r = try s.run(c.split(separator: " ").map(String.init) + ["--help"])
      #expect(r.code == 0)
      #expect(r.stdout.hasPrefix("Usage: stflow"), "\(c): \(r.stdout)")
    }
    let top = try s.run(["--help"])
    #expect(top.code == 0)
    for c in commands { #expect(top.stdout.contains(c), "global help lacks \(c)") }
    #expect(try s.run([]).code == 2)
  }

  @Test func validateReportsEveryProblemWithItsPath() throws {
    let s = try StflowProcess()
    let bad = s.directory.appendingPathComponent("bad.json")
    try
      #"{"id": "bad", "version": 1, "title": "B", "roles": ["m"], "fields": {}, "initial": "a", "states": {"a": {"label": "A"}, "z": {"label": "Z", "final": true}}, "transitions": [{"id": "t", "from": "a", "to": "q", "by": ["x"], "when": "nope > 1"}]}"#
      .write(to: bad, atomically: true, encoding: .utf8)
    let r = try s.run(["workflow", "validate", StflowProcess.fixture, bad.path])
    #expect(r.code == 2)
    #expect(r.stdout.contains("grant.json: hợp lệ"))
    #expect(r.stderr.contains("bad.json: $.transitions[0].to: unknown state 'q'"))
    #expect(r.stderr.contains("bad.json: $.transitions[0].by: unknown role 'x'"))
    #expect(r.stderr.contains("bad.json: $.transitions[0].when: guard error at column 1: unknown field 'nope'"))
    #expect(r.stderr.contains("bad.json: $.states.z: state 'z' cannot be reached"))
  }

  @Test func vietnameseTextIsStoredAsNFC() throws {
    let s = try StflowProcess.prepared()
    let decomposed = "Phu\u{0323}c tra\u{0301}ng gio\u{0302}\u{0301}ng Bi\u{0301} tho\u{031B}m"
    try s.db("--as", "lan", "task", "create", "grant", "G-1", "title=\(decomposed)")
    let r = try s.db("--json", "task", "show", "G-1")
    // Swift compares strings by canonical equivalence, so compare the stored bytes.
    let stored = try JSONParser.parse(r.stdout)["fields"]?["title"]?.stringValue
    #expect(stored.map { Array($0.utf8) } == Array("Phục tráng giống Bí thơm".precomposedStringWithCanonicalMapping.utf8))
    #expect(stored.map { Array($0.utf8) } != Array(decomposed.utf8))
    #expect(try s.db("--lang", "en", "task", "list").stdout.contains("Draft"))
    #expect(try s.db("task", "list").stdout.contains("Nháp"))
  }

  @Test func aRetriedRequestIsNotAppliedTwice() throws {
    let s = try StflowProcess.prepared()
    try s.db("--as", "lan", "task", "create", "grant", "G-1", "title=x")
    for _ in 0..<3 { #expect(try s.db("--as", "lan", "task", "fire", "G-1", "note", "--request-id", "mail-42").code == 0) }
    #expect(try JSONParser.parse(try s.db("--json", "task", "show", "G-1").stdout)["version"] == .integer(2))
    #expect(try s.db("--as", "lan", "task", "fire", "G-1", "note", "--comment", "other", "--request-id", "mail-42").code == 1)
  }

  @Test func documentsAreAttachedFromFiles() throws {
    let s = try StflowProcess.prepared()
    try s.db("--as", "lan", "task", "create", "grant", "G-1", "title=x", "investigator=hung")
    let file = s.directory.appendingPathComponent("bao-cao.pdf")
    try Data("abc".utf8).write(to: file)
    let r = try s.db("--as", "hung", "task", "attach", "G-1", "dossier", "--file", file.path)
    #expect(r.code == 0, "\(r.stderr)")
    let doc = try JSONParser.parse(try s.db("--json", "task", "show", "G-1").stdout)["documents"]?["dossier"]
    #expect(doc?["sha256"] == .string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
    #expect(doc?["name"] == .string("bao-cao.pdf"))
  }

  @Test func diagramsAreWrittenForWorkflowsAndTasks() throws {
    let s = try StflowProcess.prepared()
    try s.db("--as", "lan", "task", "create", "grant", "G-1", "title=x")
    let mermaid = try s.db("workflow", "show", "grant", "--format", "mermaid")
    #expect(mermaid.stdout.contains("draft --> review : submit"))
    #expect(try s.db("workflow", "show", "grant", "--format", "dot").stdout.hasPrefix("digraph \"grant\""))
    #expect(try s.db("task", "show", "G-1", "--format", "mermaid").stdout.contains("class draft current"))
    try s.db("--as", "lan", "task", "fire", "G-1", "submit", "budget=1", "cap=2")
    let path = try s.db("task", "show", "G-1", "--format", "mermaid").stdout
    #expect(path.contains("class draft visited") && path.contains("class review current"))
    #expect(try s.db("workflow", "show", "grant", "--format", "svg").code == 2)
  }

  @Test func theDemoBuildsAPortfolioAndNeverOverwritesOtherDatabases() throws {
    let s = try StflowProcess()
    var r = try s.run(["demo"])
    #expect(r.code == 0, "\(r.stderr)")
    #expect(r.stdout.contains("12 nhiệm vụ"))
    #expect(r.stdout.contains("chuỗi băm toàn vẹn"))
    #expect(r.stdout.contains("Phục tráng giống Bí thơm Ba Bể"))
    let demoDB = s.directory.appendingPathComponent("stflow-demo.db").path
    let list = try s.run(["--db", demoDB, "--json", "task", "list"])
    let states = Set(try JSONParser.parse(list.stdout).arrayValue?.compactMap { $0["state"]?.stringValue } ?? [])
    #expect(states.count >= 10)
    #expect(states.isSuperset(of: ["liquidated", "implementation", "accepted", "dropped", "terminated", "awaiting_approval"]))
    // Again: replaces its own demo database.
    r = try s.run(["demo"])
    #expect(r.code == 0)
    // A real database is never overwritten.
    let real = try StflowProcess.prepared()
    let before = try Data(contentsOf: URL(fileURLWithPath: real.db))
    r = try real.run(["--db", real.db, "demo"])
    #expect(r.code == 2)
    #expect(r.stderr.contains("không phải cơ sở dữ liệu demo"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: real.db)) == before)
  }
}
