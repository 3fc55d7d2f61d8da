import Foundation
import STFlowRules
import Testing

@testable import STFlowStore

/// `audit anchor` signs the chain's head with a key kept outside the database; `audit verify --anchor`
/// then catches a rewritten, re-hashed history.
@Suite struct AnchorCommandTests {
  @Test func anAnchoredLogCatchesARewrite() throws {
    let s = try StflowProcess()
    #expect(try s.run(["demo"]).code == 0)
    let db = s.directory.appendingPathComponent("stflow-demo.db").path
    let key = s.directory.appendingPathComponent("anchor.key").path
    let made = try s.run(["--db", db, "audit", "anchor", "--key", key, "--new-key"])
    #expect(made.code == 0, "\(made.stderr)")
    let line = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(line.hasPrefix("stflow-anchor v1 seq="))
    let mode = (try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int) ?? 0
    #expect(mode == 0o600)
    #expect(try s.run(["--db", db, "audit", "anchor", "--key", key, "--new-key"]).code == 2)  // never overwritten
    #expect(try s.run(["--db", db, "audit", "anchor", "--key", db + "-key", "--new-key"]).code == 2)  // not beside the db
    #expect(try s.run(["--db", db, "audit", "verify", "--anchor", line, "--key", key]).code == 0)
    // The period report carries a seal of its own, which verifies the same way.
    let report = try s.run(["--db", db, "report", "--from", "01/01/2026", "--to", "30/06/2026", "--anchor-key", key, "--format", "json"])
    let seal = try #require(try JSONParser.parse(report.stdout)["anchor"]?.stringValue)
    #expect(seal.hasPrefix("stflow-anchor v1 seq="))
    #expect(try s.run(["--db", db, "audit", "verify", "--anchor", seal, "--key", key]).code == 0)
    // Someone with write access rewrites an event and re-hashes the chain after it.
    do {
      let store = try EventStore(path: db)
      try store.connection.execute(
        "DROP TRIGGER events_append_only_update; UPDATE events SET actor = 'mallory' WHERE seq = 10")
      let rows = try store.connection.query("SELECT \(EventStore.eventColumns) FROM events WHERE seq >= 10 ORDER BY seq")
      var prev = try store.connection.scalar("SELECT hash FROM events WHERE seq = 9")?.text ?? ""
      for r in rows {
        let hash = EventStore.link(
          prev: prev,
          canonical: EventStore.canonical(
            seq: r[0].integer ?? 0, key: r[1].text ?? "", version: r[2].integer ?? 0, kind: r[3].text ?? "", payload: r[4].text ?? "",
            actor: r[5].text ?? "", effectiveAt: r[6].text ?? "", recordedAt: r[7].text ?? "", definitionHash: r[8].text ?? "",
            requestId: r[9].text))
        try store.connection.query("UPDATE events SET prev_hash = ?, hash = ? WHERE seq = ?", [.text(prev), .text(hash), r[0]])
        prev = hash
      }
      try store.connection.query("UPDATE chain_head SET hash = ? WHERE id = 1", [.text(prev)])
      _ = try store.rebuildProjections()
      try store.connection.execute("DROP TRIGGER events_append_only_delete")
      try store.connection.execute(Schema.appendOnlyTriggers)
    }
    #expect(try s.run(["--db", db, "audit", "verify"]).code == 0)  // without the anchor nothing shows
    let caught = try s.run(["--db", db, "audit", "verify", "--anchor", line, "--key", key])
    #expect(caught.code == 1)
    #expect(caught.stdout.contains("was rewritten"))
  }
}
