import Foundation
import STFlowRules
import Testing

/// What a Vietnamese user reads of the demo in `--lang vi` (the demo's own output, the task list, every
/// task's page and history, the period report) holds no internal code and none of a list of English words.
/// Transition ids in brackets ("[report_progress]", typed with `task fire`) and the example command lines
/// are meant as they are and left out.
@Suite struct VietnameseOutputTests {
  static let english = [
    "created", "state", "fields", "next", "council", "closed", "approved", "rejected", "missed", "reminder", "overdue", "score",
    "mean", "present", "yes", "abstain", "recused", "task", "tasks", "since", "requires", "in-state", "works", "the", "of", "by",
    "auto", "session", "opened", "set", "attached", "ballot", "none", "pass", "rating", "due", "days", "left", "met", "running",
    "notice", "notices", "refused", "actor", "rule", "member", "quorum", "outcome", "basis", "simulated", "intact", "events",
    "missing", "unknown", "needs", "overdue", "day", "until", "copy",
  ]

  @Test func theDemoReadsInVietnameseWithoutCodes() throws {
    let s = try StflowProcess()
    let demo = try s.run(["--lang", "vi", "demo"])
    #expect(demo.code == 0)
    let db = s.directory.appendingPathComponent("stflow-demo.db").path
    var outputs = [("demo", demo.stdout)]
    let list = try s.run(["--db", db, "task", "list"])
    outputs.append(("task list", list.stdout))
    let keys = list.stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first }.filter { $0.hasPrefix("DT-") }
    #expect(keys.count == 12)
    for key in keys {
      outputs.append(("task show \(key)", try s.run(["--db", db, "task", "show", String(key)]).stdout))
      outputs.append(("task history \(key)", try s.run(["--db", db, "task", "history", String(key)]).stdout))
    }
    outputs.append(("report", try s.run(["--db", db, "report", "--from", "01/01/2026", "--to", "31/12/2026"]).stdout))
    // Deadlines, councils, the scheduler's timeline, the audit, and refusals and usage errors (standard error).
    for key in keys {
      outputs.append(("task explain \(key)", try s.run(["--db", db, "--at", "2026-11-24", "task", "explain", String(key)]).stdout))
    }
    outputs.append(("due", try s.run(["--db", db, "--at", "2026-11-24", "due", "--within", "400d"]).stdout))
    for council in ["identification", "selection", "acceptance"] {
      outputs.append(("council show \(council)", try s.run(["--db", db, "council", "show", "DT-2024-01", council]).stdout))
    }
    outputs.append(("simulate", try s.run(["--db", db, "--at", "2026-11-24", "simulate", "--until", "31/03/2027"]).stdout))
    outputs.append(("audit verify", try s.run(["--db", db, "audit", "verify"]).stdout))
    // What the department's IT person reads: the workflow, people, settings, hooks and tokens.
    for command in [
      ["workflow", "list"], ["workflow", "show", "provincial-task"], ["actor", "list"], ["settings", "list"], ["hooks", "list"],
      ["hooks", "config"], ["--as", "admin", "token", "list"],
    ] {
      let r = try s.run(["--db", db] + command)
      #expect(r.code == 0, "\(command): \(r.stderr)")
      outputs.append((command.joined(separator: " "), r.stdout))
    }
    for refused in [
      ["--as", "ths.mai", "task", "fire", "DT-2024-02", "extend", "newContractEnd=2028-01-01"],
      ["--as", "hung.le", "task", "fire", "DT-2024-02", "extend", "newContractEnd=2028-06-01"],
      ["--as", "hung.le", "task", "fire", "DT-2024-04", "extend", "newContractEnd=2029-06-01"],
      ["--as", "hung.le", "task", "fire", "DT-2024-02", "accept"],
      ["--as", "lan.nguyen", "task", "fire", "DT-2024-02", "report_progress", "budgetCap=1"],
      ["--as", "nobody", "task", "fire", "DT-2024-02", "inspect"],
      ["task", "show", "NOPE"], ["council", "show", "DT-2024-01"], ["task", "fire", "DT-2024-02", "inspect"],
      // Values typed wrong, a setting only an admin may change, unknown names, a bad option.
      ["--as", "lan.nguyen", "task", "fire", "DT-2024-02", "inspect", "lastInspectionDate=32/13/2026"],
      ["--as", "lan.nguyen", "task", "set", "DT-2024-02", "level=abc"], ["--as", "lan.nguyen", "task", "set", "DT-2024-02", "nofield=1"],
      ["--as", "ths.mai", "settings", "set", "org.name", "X"], ["--as", "admin", "settings", "set", "nosuch", "X"],
      ["--as", "admin", "actor", "add", "x.y", "--role", "nosuch"], ["workflow", "show", "nosuch"],
      ["report", "--from", "31/12/2026", "--to", "01/01/2026"], ["--as", "admin", "hooks", "retry", "99"],
      ["--as", "lan.nguyen", "council", "open", "DT-2024-02", "acceptance", "--member", "nobody:chair"],
    ] {
      let r = try s.run(["--db", db] + refused)
      #expect(r.code != 0, "\(refused) was not refused")
      // The rule's id stays in brackets beside the Vietnamese words; commands to type (quoted, or a usage line) are
      // left out.
      outputs.append(("refusal \(refused.joined(separator: " "))", r.stderr.replacing(#/'[^']*'|stflow [^\n]*/#, with: "")))
    }
    // The codes of the shipped workflow: enum values, states, transitions, councils, fields.
    let definition = try JSONParser.parse(
      String(contentsOf: StflowProcess.packageRoot.appendingPathComponent("Workflows/provincial-task.json"), encoding: .utf8))
    var codes = Set<String>()
    for (name, field) in definition["fields"]?.objectValue ?? [] {
      codes.insert(name)
      for v in field["values"]?.arrayValue ?? [] { if let v = v.stringValue { codes.insert(v) } }
    }
    for (name, _) in definition["states"]?.objectValue ?? [] { codes.insert(name) }
    for (name, _) in definition["councils"]?.objectValue ?? [] { codes.insert(name) }
    for t in definition["transitions"]?.arrayValue ?? [] { if let id = t["id"]?.stringValue { codes.insert(id) } }
    codes.subtract(["title"])  // "title" is also the English word, checked below
    #expect(codes.contains("implementation") && codes.contains("du_an") && codes.contains("kha") && codes.count > 80)
    let forbidden = codes.union(Self.english)
    // The check sees English when there is English: the same page in --lang en is full of it.
    let english = try s.run(["--db", db, "--lang", "en", "task", "history", "DT-2024-01"]).stdout.lowercased()
    #expect(Self.english.filter { english.contains(" \($0) ") }.count > 3)
    for (what, text) in outputs {
      for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("stflow ") {
        // Bracketed ids and file names are meant for typing; words are compared whole and case-blind.
        let kept = line.replacing(#/\[[^\]]*\]/#, with: "").replacing(#/\S+\.(docx|xlsx|db|html)/#, with: "")
        let words = kept.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }).map { $0.lowercased() }
        let found = words.filter { forbidden.contains($0) }
        #expect(found.isEmpty, "\(what): \(found) in «\(line)»")
      }
    }
  }

  /// A council refusal names the people in it by their names, not their logins.
  @Test func aCouncilRefusalNamesPeopleByName() throws {
    let s = try StflowProcess()
    #expect(try s.run(["demo"]).code == 0)
    let db = s.directory.appendingPathComponent("stflow-demo.db").path
    // TS. Triệu Đức Hải works for the host of DT-2024-12: the secretary cannot record him present.
    let r = try s.run(["--db", db, "--as", "minh.pham", "council", "attend", "DT-2024-12", "acceptance", "ts.hai"])
    #expect(r.code == 1)
    #expect(r.stderr.contains("TS. Triệu Đức Hải không được tham gia Hội đồng nghiệm thu cấp tỉnh (xung đột lợi ích)"), "\(r.stderr)")
    #expect(!r.stderr.contains("ts.hai không"))
  }
}
