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
    // A workflow made current, four people, two creations, thirty firings.
    #expect(try JSONParser.parse(verify.stdout)["events"] == .integer(1 + 4 + 2 + 30))
  }

  /// `audit verify` runs again and again while two processes write: it reads one snapshot each time and
  /// so reports the log intact every time.
  @Test func verifyDuringConcurrentWritersIsAlwaysIntact() throws {
    let s = try StflowProcess.prepared()
    for key in ["V-1", "V-2"] { try s.db("--as", "lan", "task", "create", "grant", key, "title=\(key)") }
    let lock = DispatchQueue(label: "results")
    nonisolated(unsafe) var writerFailures: [String] = []
    nonisolated(unsafe) var verdicts: [String] = []
    nonisolated(unsafe) var writing = 2
    let group = DispatchGroup()
    for worker in 0..<2 {
      DispatchQueue.global().async(group: group) {
        for i in 0..<20 {
          let r = try? s.db(
            "--as", worker == 0 ? "lan" : "mai", "task", "fire", i % 2 == 0 ? "V-1" : "V-2", "note", "--comment", "w\(worker)-\(i)")
          if r?.code != 0 { lock.sync { writerFailures.append(r?.stderr ?? "no result") } }
        }
        lock.sync { writing -= 1 }
      }
    }
    while lock.sync(execute: { writing > 0 }) {
      let r = try? s.db("audit", "verify")
      lock.sync { verdicts.append(r.map { $0.code == 0 ? "intact" : "\($0.code): \($0.stdout) \($0.stderr)" } ?? "no result") }
    }
    group.wait()
    #expect(writerFailures.isEmpty, "\(writerFailures)")
    #expect(verdicts.count >= 3)
    #expect(verdicts.allSatisfy { $0 == "intact" }, "\(verdicts.filter { $0 != "intact" })")
  }
}
