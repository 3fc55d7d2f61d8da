import Foundation
import Synchronization
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules
@testable import STFlowStore

/// The stores of a server's threads share one write gate, which commits the commands given meanwhile in one
/// transaction, each in its own savepoint. Every command must still stand or fall alone, and the chain stay whole.
@Suite struct GroupCommitTests {
  @Test(arguments: Backend.allCases) func concurrentCommandsAreCommittedTogetherAndEachStandsOrFallsAlone(_ backend: Backend) throws {
    let h = try StoreHarness(backend)
    for i in 0..<4 {
      try h.store.execute(
        .create(key: "T-\(i)", fields: ["title": .string("Nhiệm vụ \(i)")]), taskKey: "T-\(i)", workflow: "grant", actorName: "lan")
    }
    let gate = WriteGate()
    let threads = 8
    let perThread = 40
    let failures = Mutex<[String]>([])
    let accepted = Atomic<Int>(0)
    let refused = Atomic<Int>(0)
    let finished = DispatchGroup()
    for t in 0..<threads {
      finished.enter()
      Thread.detachNewThread {
        defer { finished.leave() }
        do {
          let store = try h.reopened()
          store.writeGate = gate
          for n in 0..<perThread {
            let key = "T-\((t + n) % 4)"
            do {
              if n % 5 == 4 {
                // A clerk may not cancel: refused, and only this command is rolled back.
                try store.execute(.fire(transition: "cancel", fields: [:], comment: "thử"), taskKey: key, actorName: "mai")
              } else {
                try store.execute(.fire(transition: "note", fields: [:], comment: nil), taskKey: key, actorName: n % 2 == 0 ? "lan" : "mai")
              }
              accepted.add(1, ordering: .relaxed)
            } catch is Rejection {
              refused.add(1, ordering: .relaxed)
            }
          }
        } catch {
          failures.withLock { $0.append("\(error)") }
        }
      }
    }
    finished.wait()
    #expect(failures.withLock { $0 }.isEmpty)
    let ok = accepted.load(ordering: .relaxed)
    #expect(refused.load(ordering: .relaxed) == threads * perThread / 5)
    #expect(ok == threads * perThread * 4 / 5)
    // Every accepted command is one event, numbered without gaps on its task; nothing of a refused one remains.
    var events = 0
    for i in 0..<4 {
      let history = try h.store.history(key: "T-\(i)")
      #expect(history.map(\.event.sequence) == Array(1...history.count))
      #expect(try h.store.task(key: "T-\(i)")?.version == history.count)
      #expect(try h.store.task(key: "T-\(i)")?.state == "draft")
      events += history.count
    }
    #expect(events == 4 + ok)
    #expect(try h.store.verify().problems.isEmpty)
  }

  @Test(arguments: Backend.allCases) func commandsQueuedWhileTheGateIsHeldAreCommittedInOneTransaction(_ backend: Backend) throws {
    let h = try StoreHarness(backend)
    try h.store.execute(.create(key: "G-1", fields: ["title": .string("Đề tài")]), taskKey: "G-1", workflow: "grant", actorName: "lan")
    let gate = WriteGate()
    let stores = try (0..<8).map { _ in
      let s = try h.reopened()
      s.writeGate = gate
      return s
    }
    let done = DispatchGroup()
    let results = Mutex<[Int: String]>([:])
    // While the gate is held, eight threads give a command each; the seventh is refused (a clerk may not cancel).
    gate.run {
      for (i, store) in stores.enumerated() {
        // Threads of their own, not the shared pool, which other tests may be keeping busy.
        done.enter()
        Thread.detachNewThread {
          defer { done.leave() }
          let answer: String
          do {
            if i == 6 {
              try store.execute(.fire(transition: "cancel", fields: [:], comment: "thử"), taskKey: "G-1", actorName: "mai")
            } else {
              try store.execute(.fire(transition: "note", fields: [:], comment: nil), taskKey: "G-1", actorName: "lan")
            }
            answer = "ok"
          } catch let r as Rejection {
            answer = r.rule.rawValue
          } catch {
            answer = "\(error)"
          }
          results.withLock { $0[i] = answer }
        }
      }
      let deadline = Date().addingTimeInterval(10)
      while gate.queued < 8, Date() < deadline { Thread.sleep(forTimeInterval: 0.001) }
    }
    done.wait()
    #expect(gate.largestGroup == 8)
    let answers = results.withLock { $0 }
    #expect(answers.count == 8)
    #expect(answers.filter { $0.value == "ok" }.count == 7)
    #expect(answers[6] == Rejection.Rule.roleRequired.rawValue)
    // The refused command left nothing; the seven others are events 2…8 of the task.
    #expect(try h.store.history(key: "G-1").map(\.event.sequence) == Array(1...8))
    #expect(try h.store.task(key: "G-1")?.state == "draft")
    #expect(try h.store.verify().problems.isEmpty)
  }

  /// A command whose write fails after its events were appended (on PostgreSQL the failure is heard only when the
  /// pipelined writes are answered) is rolled back alone, and so is its move of the chain's head: the command after
  /// it in the same group links to the last event that stays.
  @Test(arguments: Backend.allCases) func aCommandRolledBackInAGroupTakesItsChainLinksWithIt(_ backend: Backend) throws {
    let h = try StoreHarness(backend)
    for key in ["G-1", "G-2"] {
      try h.store.execute(.create(key: key, fields: ["title": .string("Đề tài")]), taskKey: key, workflow: "grant", actorName: "lan")
    }
    // G-2's projection can no longer be written.
    switch backend {
    case .sqlite:
      try h.store.connection.execute(
        "CREATE TRIGGER refuse_g2 BEFORE UPDATE ON tasks WHEN NEW.key = 'G-2' BEGIN SELECT RAISE(ABORT, 'G-2 không ghi được'); END")
    case .postgresql:
      try h.store.connection.execute(
        """
        CREATE FUNCTION refuse_g2() RETURNS trigger AS $$ BEGIN
          IF NEW.key = 'G-2' THEN RAISE EXCEPTION 'G-2 không ghi được'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER refuse_g2 BEFORE INSERT OR UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION refuse_g2()
        """)
    }
    let gate = WriteGate()
    let done = DispatchGroup()
    let results = Mutex<[Int: Bool]>([:])
    // Queued in this order while the gate is held: G-1, G-2 (fails), G-1.
    gate.run {
      for (i, key) in ["G-1", "G-2", "G-1"].enumerated() {
        let store = try? h.reopened()
        store?.writeGate = gate
        done.enter()
        Thread.detachNewThread {
          defer { done.leave() }
          let ok = (try? store?.execute(.fire(transition: "note", fields: [:], comment: nil), taskKey: key, actorName: "lan")) != nil
          results.withLock { $0[i] = ok }
        }
        let deadline = Date().addingTimeInterval(10)
        while gate.queued < i + 1, Date() < deadline { Thread.sleep(forTimeInterval: 0.001) }
      }
    }
    done.wait()
    #expect(gate.largestGroup == 3)
    #expect(results.withLock { $0 } == [0: true, 1: false, 2: true])
    #expect(try h.store.history(key: "G-1").map(\.event.sequence) == [1, 2, 3])
    #expect(try h.store.history(key: "G-2").map(\.event.sequence) == [1])
    #expect(try h.store.verify().problems.isEmpty)
  }
}
