import Foundation
import STFlowRules
import Testing

/// A bad revision of a workflow can be rolled back by loading the earlier one again, and a task with an
/// attached document moves to a new revision with its document.
@Suite struct WorkflowRevisionTests {
  @Test func loadingAnEarlierRevisionMakesItCurrentAndDocumentsMigrate() throws {
    let s = try StflowProcess()
    #expect(try s.run(["demo"]).code == 0)
    let db = s.directory.appendingPathComponent("stflow-demo.db").path
    let shipped = StflowProcess.packageRoot.appendingPathComponent("Workflows/provincial-task.json")
    let v2 = s.directory.appendingPathComponent("provincial-v2.json")
    try String(contentsOf: shipped, encoding: .utf8).replacingOccurrences(of: "\"version\": 1,", with: "\"version\": 2,")
      .replacingOccurrences(of: "\"$schema\": \"./workflow.schema.json\",", with: "").write(to: v2, atomically: true, encoding: .utf8)
    let file = s.directory.appendingPathComponent("bao-cao.pdf")
    try Data("báo cáo định kỳ".utf8).write(to: file)
    #expect(try s.run(["--db", db, "--as", "lan.nguyen", "task", "attach", "DT-2024-02", "progressReport", "--file", file.path]).code == 0)

    var r = try s.run(["--db", db, "--as", "admin", "workflow", "load", v2.path])
    #expect(r.stdout.contains("đã nạp, bản sửa 2"))
    func current() throws -> JSON? {
      try JSONParser.parse(try s.run(["--db", db, "--json", "workflow", "show", "provincial-task"]).stdout)["version"]
    }
    #expect(try current() == .integer(2))
    // Roll back: the shipped file again makes revision 1 current for new tasks.
    r = try s.run(["--db", db, "--as", "admin", "workflow", "load", shipped.path])
    #expect(r.code == 0)
    #expect(r.stdout.contains("bản sửa 1 lại là bản hiện hành"))
    #expect(try current() == .integer(1))
    // A task with a document moves to revision 2 and keeps the document.
    r = try s.run(["--db", db, "--as", "admin", "task", "migrate", "DT-2024-02", "--to", "2"])
    #expect(r.code == 0, "\(r.stdout) \(r.stderr)")
    let task = try JSONParser.parse(try s.run(["--db", db, "--json", "task", "show", "DT-2024-02"]).stdout)
    #expect(task["documents"]?["progressReport"]?["name"] == .string("bao-cao.pdf"))
    #expect(try s.run(["--db", db, "audit", "verify"]).code == 0)
  }
}
