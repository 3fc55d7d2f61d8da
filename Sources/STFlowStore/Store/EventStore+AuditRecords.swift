import Foundation
import STFlowEngine
import STFlowRules

/// The audit of what the registries record: people, settings and the hook, calendars, workflow revisions
/// and the store's own bookkeeping in `meta`.
extension EventStore {
  /// Who holds which role, and since when, must be exactly what the recorded changes say.
  func auditPeople() throws -> [String] {
    var problems: [String] = []
    let registry = try recordedPeople()
    var rows = Dictionary(
      try connection.query("SELECT name, added_at FROM actors").map { ($0[0].text ?? "", $0[1].text ?? "") },
      uniquingKeysWith: { a, _ in a })
    let people = try peopleByLogin()
    for (name, recorded) in registry.sorted(by: { $0.key < $1.key }) {
      guard let addedAt = rows.removeValue(forKey: name), let row = people[name] else {
        report(&problems, "actor \(name) was registered in the log but is missing from the actors table (deleted by hand)")
        continue
      }
      if row != recorded.actor {
        report(
          &problems,
          "actor \(name): the actors table says roles \(row.roles.sorted()) but the log recorded \(recorded.actor.roles.sorted()) (edited by hand)"
        )
      }
      if addedAt != recorded.addedAt {
        report(&problems, "actor \(name): added on \(addedAt) says the table, but the log registered them on \(recorded.addedAt)")
      }
    }
    for name in rows.keys.sorted() { report(&problems, "actor \(name) is in the actors table but no change in the log registered them") }
    return problems
  }

  /// The settings, the hook, the current revisions and the calendars must be what the recorded changes say;
  /// the store's own bookkeeping keys may hold only their own values.
  func auditConfiguration() throws -> [String] {
    var problems: [String] = []
    let config = try recordedConfig()
    var values = config.values
    for row in try connection.query("SELECT key, value FROM meta ORDER BY key") {
      let key = row[0].text ?? ""
      let value = row[1].text ?? ""
      guard EventStore.isRecordedMeta(key) else {
        let allowed = [EventStore.adoptedKey: EventStore.adoptedVersion, "demo": "1"]
        if allowed[key] == nil {
          report(&problems, "metadata \(key) is not one STFlow writes (inserted by hand)")
        } else if allowed[key] != value {
          report(&problems, "metadata \(key) is '\(value)', which STFlow never writes (edited by hand)")
        }
        continue
      }
      if let recorded = values.removeValue(forKey: key) {
        if recorded != value { report(&problems, "setting \(key) is '\(value)' but the log recorded '\(recorded)' (edited by hand)") }
      } else {
        report(&problems, "setting \(key) is set but no change in the log recorded it")
      }
    }
    for key in values.keys.sorted() { report(&problems, "setting \(key) was recorded in the log but is missing (deleted by hand)") }
    if try meta(EventStore.adoptedKey) == nil {
      report(&problems, "metadata \(EventStore.adoptedKey), set when the database was first opened, is missing (deleted by hand)")
    }
    for (workflow, recorded) in config.current.sorted(by: { $0.key < $1.key }) {
      if let now = try latestDefinition(workflow: workflow)?.hash, now != recorded {
        report(
          &problems,
          "workflow \(workflow): revision \(now.prefix(12))… is current, but the log made \(recorded.prefix(12))… current (changed by hand)"
        )
      }
    }
    var calendars = config.calendars
    for row in try connection.query("SELECT id, hash, source, loaded_at FROM calendars ORDER BY id") {
      let id = row[0].text ?? ""
      if SHA256.hex(row[2].text ?? "") != row[1].text {
        report(&problems, "calendar \(id): its content does not match its hash (edited)")
      }
      guard let recorded = calendars.removeValue(forKey: id) else {
        report(&problems, "calendar \(id) was never recorded as loaded")
        continue
      }
      if recorded.hash != row[1].text {
        report(&problems, "calendar \(id) is not the one the log recorded as loaded (replaced by hand)")
      } else if recorded.at != row[3].text {
        report(&problems, "calendar \(id): loaded at \(row[3].text ?? "?") says the table, but the log recorded \(recorded.at)")
      }
    }
    for id in calendars.keys.sorted() { report(&problems, "calendar \(id) was recorded as loaded but is missing (deleted by hand)") }
    return problems
  }

  /// Each stored definition: its content (re-hashed), its workflow and version (read from the content), who
  /// loaded it and when (from the log), its revision number (1, 2, … in the order loaded); and every event
  /// names a stored definition.
  func auditDefinitions() throws -> [String] {
    var problems: [String] = []
    let loads = try recordedLoads()
    let ranks = try recordedRanks()
    var byWorkflow: [String: [(revision: Int64, at: String)]] = [:]
    var stored = Set<String>()
    for row in try connection.query(
      "SELECT hash, workflow, version, revision, source, loaded_at, loaded_by, current_rank FROM definitions ORDER BY workflow, revision")
    {
      let hash = row[0].text ?? ""
      stored.insert(hash)
      let workflow = row[1].text ?? "?"
      let name = "definition \(workflow) revision \(row[3].integer ?? 0)"
      let source = row[4].text ?? ""
      if SHA256.hex(source) != hash { report(&problems, "\(name): its content does not match its hash (edited)") }
      let json = try? JSONParser.parse(source)
      if json?["id"]?.stringValue != workflow { report(&problems, "\(name): its content is workflow \(json?["id"]?.stringValue ?? "?")") }
      if case .integer(let v)? = json?["version"], v == row[2].integer {
      } else {
        report(&problems, "\(name): its version column is \(row[2].integer ?? 0), not the version its content declares")
      }
      if let load = loads[hash] {
        if load.workflow != workflow || load.at != row[5].text || load.by != row[6].text {
          report(
            &problems,
            "\(name): loaded by \(row[6].text ?? "?") at \(row[5].text ?? "?") says the table, but the log recorded \(load.by) at \(load.at)"
          )
        }
      } else {
        report(&problems, "\(name) was never recorded as loaded (inserted by hand)")
      }
      if let rank = ranks[hash], rank != row[7].integer {
        report(&problems, "\(name): its rank among the revisions is \(row[7].integer ?? 0) but the log recorded \(rank) (edited by hand)")
      }
      byWorkflow[workflow, default: []].append((row[3].integer ?? 0, row[5].text ?? ""))
    }
    for (hash, load) in loads.sorted(by: { $0.key < $1.key }) where !stored.contains(hash) {
      report(&problems, "definition \(load.workflow) \(hash.prefix(12))… was recorded as loaded but is not stored (deleted)")
    }
    for (workflow, revisions) in byWorkflow.sorted(by: { $0.key < $1.key }) {
      let numbers = revisions.map(\.revision)
      let times = revisions.map(\.at)
      if numbers != Array(1...Int64(numbers.count)) || times != times.sorted() {
        report(&problems, "workflow \(workflow): its revisions \(numbers) are not numbered 1, 2, … in the order they were loaded")
      }
    }
    // The chain covers each event's definition hash, so a definition swapped whole shows here.
    for row in try connection.query(
      "SELECT DISTINCT e.definition_hash FROM events e LEFT JOIN definitions d ON d.hash = e.definition_hash WHERE d.hash IS NULL AND e.task_key NOT LIKE '@%'"
    ) {
      report(&problems, "events name definition \((row[0].text ?? "?").prefix(12))…, which is not stored (deleted or replaced)")
    }
    let triggers = Set(try connection.query(connection.dialect.triggerNames).compactMap { $0.first?.text })
    for t in ["events_append_only_update", "events_append_only_delete"] where !triggers.contains(t) {
      report(&problems, "the trigger \(t) that keeps events append-only is missing (dropped by hand)")
    }
    return problems
  }
}
