import Foundation
import Testing

@testable import STFlowStore

/// Reads answered with a write transaction's lock (one round trip to PostgreSQL): each answer serves the
/// identical query once, and never after the transaction has written or ended.
@Suite struct PrefetchTests {
  /// A table `p(k, v)` holding `('a', 1)`, on the store's connection of `backend`.
  private func connection(_ backend: Backend) throws -> SQLDatabase { try harness(backend).store.connection }

  private func harness(_ backend: Backend) throws -> StoreHarness {
    let h = try StoreHarness(backend)
    try h.store.connection.execute("CREATE TABLE p (k TEXT PRIMARY KEY, v INTEGER NOT NULL)")
    try h.store.connection.run("INSERT INTO p(k, v) VALUES(?, ?)", [.text("a"), .integer(1)])
    return h
  }

  private let read = SQLRead("SELECT v FROM p WHERE k = ?", [.text("a")])

  @Test(arguments: Backend.allCases)
  func aPrefetchedAnswerServesTheQueryUntilTheBodyWrites(_ backend: Backend) throws {
    let db = try connection(backend)
    let seen = try db.writeTransaction(prefetching: [read, SQLRead("SELECT COUNT(*) FROM p", [])]) {
      () throws -> [Int64?] in
      let first = try db.query(read).first?.first?.integer
      let again = try db.query(read).first?.first?.integer
      try db.run("UPDATE p SET v = v + 1 WHERE k = ?", [.text("a")])
      let afterWrite = try db.query(read).first?.first?.integer
      try db.run("INSERT INTO p(k, v) VALUES(?, ?)", [.text("b"), .integer(7)])
      // Read with the lock, but asked for after a write: the server answers, and sees the new row.
      let count = try db.scalar("SELECT COUNT(*) FROM p")?.integer
      return [first, again, afterWrite, count]
    }
    #expect(seen == [1, 1, 2, 2])
  }

  /// On PostgreSQL the answer is the one read when the transaction began: a change another node commits
  /// meanwhile (to a table the writer's lock does not cover) is not seen by the prefetched query.
  @Test func onPostgreSQLTheAnswerIsReadWhenTheTransactionBegins() throws {
    let h = try harness(.postgresql)
    let other = try PostgresConnection(url: h.path)
    let seen = try h.store.connection.writeTransaction(prefetching: [read]) { () throws -> [Int64?] in
      try other.run("UPDATE p SET v = 10 WHERE k = ?", [.text("a")])
      return [try h.store.connection.query(read).first?.first?.integer, try h.store.connection.query(read).first?.first?.integer]
    }
    #expect(seen == [1, 10])
  }

  @Test(arguments: Backend.allCases)
  func anAnswerNotTakenDoesNotOutliveItsTransaction(_ backend: Backend) throws {
    let db = try connection(backend)
    try db.writeTransaction(prefetching: [read]) {}
    try db.run("UPDATE p SET v = 5 WHERE k = ?", [.text("a")])
    #expect(try db.writeTransaction { try db.query(read).first?.first?.integer } == 5)
    #expect(try db.query(read).first?.first?.integer == 5)
  }

  @Test(arguments: Backend.allCases)
  func aFailingReadFailsTheTransactionAndLeavesTheConnectionUsable(_ backend: Backend) throws {
    let db = try connection(backend)
    var failed = false
    do {
      try db.writeTransaction(prefetching: [SQLRead("SELECT nothing FROM p WHERE k = ?", [.text("a")])]) {
        _ = try db.query("SELECT nothing FROM p WHERE k = ?", [.text("a")])
        try db.run("UPDATE p SET v = 9 WHERE k = ?", [.text("a")])
      }
    } catch is DatabaseError {
      failed = true
    }
    #expect(failed)
    #expect(!db.inTransaction)
    #expect(try db.query(read).first?.first?.integer == 1)
    try db.writeTransaction(prefetching: [read]) { try db.run("UPDATE p SET v = 3 WHERE k = ?", [.text("a")]) }
    #expect(try db.query(read).first?.first?.integer == 3)
  }
}
