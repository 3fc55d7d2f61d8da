import Foundation
import STFlowRules
import Testing

@Suite struct ConcurrencyTests {
  /// Two processes fire on the same tasks at once: every firing is kept, in order, in one unbroken chain.
  @Test func twoProcessesLoseNoUpdate() throws {
    let s = try StflowProcess.prepared()
    for key in ["C-1", "C-2"] { try s.db("--as", "lan", "task", "create", "grant", key, "title=\(key)") }
    let perWorker = 15
    let failures = DispatchQueue(label: "failures")
    nonisolated(unsafe) var failed: [String] = []
    DispatchQueue.concurrentPerform(iterations: 2) { worker in
      for i in 0..<perWorker {
        let key = i % 2 == 0 ? "C-1" : "C-2"
        do {
          let r = try s.db("--as", worker == 0 ? "lan" : "mai", "task", "fire", key, "note", "--comment", "w\(worker)-\(i)")
          if r.code != 0 { failures.sync { failed.append(r.stderr) } }
        } catch {
          failures.sync { failed.append("\(error)") }
        }
      }
    }
    #expect(failed.isEmpty, "\(failed)")
    let c1 = try JSONParser.parse(try s.db("--json", "task", "show", "C-1").stdout)
    let c2 = try JSONParser.parse(try s.db("--json", "task", "show", "C-2").stdout)
    // Worker iterations alternate keys: 8 + 8 firings on C-1, 7 + 7 on C-2, plus the creations.
    #expect(c1["version"] == .integer(1 + 16))
    #expect(c2["version"] == .integer(1 + 14))
    let verify = try s.db("--json", "audit", "verify")
    #expect(verify.code == 0)
    #expect(try JSONParser.parse(verify.stdout)["events"] == .integer(2 + 30))
  }
}
