import Foundation
import Testing

@testable import STFlowEngine
@testable import STFlowStore

/// A long list of tasks is decoded on every core while it is read: the same tasks, in the same order, as one thread
/// gives; a damaged row is named as it would be by one thread.
@Suite struct TaskRowsTests {
  /// 2,600 tasks (two chunks of ``EventStore/decodingChunk`` and part of a third), some moved on, with fields of
  /// several kinds.
  private func portfolio() throws -> StoreHarness {
    let h = try StoreHarness()
    var commands: [EventStore.BatchCommand] = []
    for i in 0..<2_600 {
      let key = "T-\(String(format: "%04d", i))"
      commands.append(
        .init(.create(key: key, fields: ["title": .string("Nhiệm vụ \(i)")]), taskKey: key, workflow: "grant", actorName: "lan"))
      if i % 3 == 0 {
        commands.append(
          .init(
            .fire(transition: "submit", fields: ["budget": .money(Int64(900 + i)), "cap": .money(5000)], comment: nil), taskKey: key,
            actorName: "lan"))
      }
    }
    #expect(try h.store.executeBatch(commands) == commands.count)
    return h
  }

  @Test func aLongListIsTheSameAsOneThreadReadsIt() throws {
    let h = try portfolio()
    #expect(EventStore.decodingChunk * 2 < 2_600)
    let rows = try h.store.connection.query("SELECT key, workflow, definition_hash, state, version, data FROM tasks ORDER BY key")
    let oneByOne = try rows.map { try h.store.decodeTask($0) }
    let tasks = try h.store.tasks()
    #expect(tasks.count == 2_600)
    #expect(tasks == oneByOne)
    #expect(tasks.map(\.key) == tasks.map(\.key).sorted())
    #expect(tasks.filter { $0.state == "review" }.count == 867)
  }

  @Test func theFirstDamagedRowIsTheOneNamed() throws {
    let h = try portfolio()
    // In the third chunk, the second and (twice) the third: the earliest is named whichever thread finds it first.
    for key in ["T-2100", "T-1700", "T-2500", "T-2050"] {
      try h.store.connection.run("UPDATE tasks SET data = 'không phải JSON' WHERE key = ?", [.text(key)])
    }
    var message = ""
    do {
      _ = try h.store.tasks()
    } catch {
      message = "\(error)"
    }
    #expect(message.contains("T-1700"))
  }
}
