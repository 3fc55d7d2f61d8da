import Foundation
import STFlowPostgresCluster
import Testing

/// The command line on a PostgreSQL database, as an administrator moving a province's file to the server would.
@Suite struct PostgresCommandTests {
  @Test func theDemoRunsOnPostgreSQLAndStoreCopyMovesItToAFileAndBackWithTheSameChain() throws {
    let s = try StflowProcess()
    let cluster = try ScratchCluster.shared()
    let server = try cluster.createDatabase()
    let demo = try s.run(["--db", server, "demo"])
    #expect(demo.code == 0, "\(demo.stderr)")
    #expect(demo.stdout.contains("DT-2024-01"))
    // Suggested commands quote the URL, whose ? and & a shell would otherwise take.
    #expect(demo.stdout.contains("stflow --db '\(server)' task list"))
    #expect(try s.run(["--db", server, "demo"]).code == 2)  // never over a database that holds events

    let status = try s.run(["--db", server, "--json", "store", "status"])
    #expect(status.code == 0, "\(status.stderr)")
    #expect(status.stdout.contains("\"backend\" : \"PostgreSQL\"") || status.stdout.contains("\"backend\": \"PostgreSQL\""))

    let file = s.directory.appendingPathComponent("tinh.db").path
    let toFile = try s.run(["--as", "admin", "store", "copy", "--from", server, "--to", "sqlite:" + file])
    #expect(toFile.code == 0, "\(toFile.stderr)")
    #expect(toFile.stdout.contains("bản sao toàn vẹn"))
    let back = try cluster.createDatabase()
    #expect(try s.run(["--as", "admin", "store", "copy", "--from", file, "--to", back]).code == 0)
    // The same head of the same chain in all three.
    func head(_ db: String) throws -> String {
      let r = try s.run(["--db", db, "--json", "store", "status"])
      return r.stdout.components(separatedBy: "\"hash\"").dropFirst().first?.prefix(70).description ?? ""
    }
    #expect(try head(server) == head(file))
    #expect(try head(back) == head(server))
    #expect(try s.run(["--db", back, "audit", "verify"]).code == 0)
    // Into a database that holds data: refused, exit 2; by someone who is not an administrator: exit 1.
    #expect(try s.run(["--as", "admin", "store", "copy", "--from", file, "--to", back]).code == 2)
    let other = s.directory.appendingPathComponent("khac.db").path
    #expect(try s.run(["--as", "lan.nguyen", "store", "copy", "--from", file, "--to", other]).code == 1)
    #expect(!FileManager.default.fileExists(atPath: other))
  }

  @Test func anEmptyDatabaseIsLeftAloneUntilInitMakesTheStore() throws {
    let s = try StflowProcess()
    let db = try ScratchCluster.shared().createDatabase()
    let list = try s.run(["--db", db, "task", "list"])
    #expect(list.code == 2)
    #expect(list.stderr.contains("init"))
    // Nothing was written: the database still has no tables, so the refusal repeats.
    #expect(try s.run(["--db", db, "store", "status"]).code == 2)
    #expect(try s.run(["--db", db, "init"]).code == 0)
    let status = try s.run(["--db", db, "store", "status"])
    #expect(status.code == 0, "\(status.stderr)")
    #expect(status.stdout.contains("PostgreSQL"))
  }

  @Test func aServerThatCannotBeReachedIsAClearErrorNotACrash() throws {
    let s = try StflowProcess()
    let r = try s.run(["--db", "postgresql://nobody@/none?host=/nonexistent-socket-dir", "task", "list"])
    #expect(r.code == 3)
    #expect(r.stderr.contains("cannot connect"))
  }
}
