import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules

/// A stored definition version.
public struct StoredDefinition: Sendable {
  public let hash: String
  public let workflow: String
  public let version: Int
  /// The store's own sequence of versions of this workflow: 1, 2, … one per distinct content.
  public let revision: Int
  public let loadedAt: String
  public let definition: WorkflowDefinition
}

extension EventStore {
  /// The content hash of a definition: SHA-256 of its compact JSON (so layout changes are not new versions).
  public static func contentHash(_ definition: WorkflowDefinition) -> String {
    SHA256.hex(definition.source.compactText)
  }

  /// Stores a validated definition. Loading the same content again changes nothing; changed content
  /// becomes the workflow's next revision. Whatever is loaded becomes current for new tasks, so loading an
  /// earlier revision again rolls a bad one back. Returns the stored version and whether it is new.
  @discardableResult
  public func loadDefinition(_ definition: WorkflowDefinition, by actor: String) throws -> (StoredDefinition, isNew: Bool) {
    let hash = EventStore.contentHash(definition)
    _ = try businessCalendar(for: definition)
    return try transaction {
      let rank =
        (try connection.scalar("SELECT COALESCE(MAX(current_rank), 0) + 1 FROM definitions WHERE workflow = ?", [.text(definition.id)])?
          .integer) ?? 1
      if let existing = try storedDefinition(hash: hash) {
        if try latestDefinition(workflow: existing.workflow)?.hash != hash {
          try connection.query("UPDATE definitions SET current_rank = ? WHERE hash = ?", [.integer(rank), .text(hash)])
          try recordCurrentDefinition(workflow: existing.workflow, hash: hash, by: actor)
        }
        return (existing, false)
      }
      let revision = Int(
        try connection.scalar("SELECT COALESCE(MAX(revision), 0) + 1 FROM definitions WHERE workflow = ?", [.text(definition.id)])?.integer
          ?? 1)
      let at = now()
      let loadedAt = Timestamp.format(at)
      try connection.query(
        "INSERT INTO definitions(hash, workflow, version, revision, source, loaded_at, loaded_by, current_rank) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
        [
          .text(hash), .text(definition.id), .integer(Int64(definition.version)), .integer(Int64(revision)),
          .text(definition.source.compactText), .text(loadedAt), .text(actor), .integer(rank),
        ])
      try recordCurrentDefinition(workflow: definition.id, hash: hash, by: actor, at: at)
      return (
        StoredDefinition(
          hash: hash, workflow: definition.id, version: definition.version, revision: revision, loadedAt: loadedAt, definition: definition),
        true
      )
    }
  }

  /// The definition stored under `hash`, compiled (and cached).
  public func storedDefinition(hash: String) throws -> StoredDefinition? {
    let rows = try connection.query(
      "SELECT hash, workflow, version, revision, loaded_at, source FROM definitions WHERE hash = ?", [.text(hash)])
    guard let row = rows.first else { return nil }
    return try makeStored(row)
  }

  /// The current revision of a workflow — the one loaded last — which new tasks are created under.
  public func latestDefinition(workflow: String) throws -> StoredDefinition? {
    try latestDefinitionHash(workflow: workflow).flatMap { try storedDefinition(hash: $0) }
  }

  /// The content hash of ``latestDefinition(workflow:)``, without reading its source; remembered for the length
  /// of a batch.
  func latestDefinitionHash(workflow: String) throws -> String? {
    if let batch, let known = batch.latestHash[workflow] { return known }
    let hash = try connection.scalar(
      "SELECT hash FROM definitions WHERE workflow = ? ORDER BY current_rank DESC, revision DESC LIMIT 1", [.text(workflow)])?.text
    batch?.latestHash[workflow] = .some(hash)
    return hash
  }

  /// Every stored definition version, by workflow then revision.
  public func definitions() throws -> [StoredDefinition] {
    try connection.query("SELECT hash, workflow, version, revision, loaded_at, source FROM definitions ORDER BY workflow, revision")
      .map { try makeStored($0) }
  }

  private func makeStored(_ row: [SQLValue]) throws -> StoredDefinition {
    let hash = row[0].text ?? ""
    return StoredDefinition(
      hash: hash, workflow: row[1].text ?? "", version: Int(row[2].integer ?? 0), revision: Int(row[3].integer ?? 0),
      loadedAt: row[4].text ?? "", definition: try engine(hash: hash, source: row[5].text).definition)
  }

  /// The engine for a definition version (compiled once per process).
  public func engine(hash: String, source: String? = nil) throws -> Engine {
    if let e = cachedEngine(hash) { return e }
    let text: String
    if let source {
      text = source
    } else {
      guard let s = try connection.scalar("SELECT source FROM definitions WHERE hash = ?", [.text(hash)])?.text else {
        throw StoreError.corrupt("definition \(hash) is not stored")
      }
      text = s
    }
    let definition: WorkflowDefinition
    do {
      definition = try DefinitionLoader.load(text: text, file: "definition \(hash.prefix(12))")
    } catch {
      throw StoreError.corrupt(error.description)
    }
    let engine = Engine(definition: definition, definitionHash: hash, calendar: try businessCalendar(for: definition))
    cache(engine)
    return engine
  }

  /// The calendar a definition counts working days in: the stored calendar it names, or Monday–Friday.
  func businessCalendar(for definition: WorkflowDefinition) throws -> any BusinessCalendar {
    guard let name = definition.calendarName else { return WeekdayCalendar() }
    guard let calendar = try calendar(id: name) else {
      throw StoreError.input(
        "workflow '\(definition.id)' counts working days on calendar '\(name)', which is not loaded: load Workflows/calendars/\(name).json with 'stflow calendar load'",
        vi:
          "quy trình '\(definition.id)' tính ngày làm việc theo lịch '\(name)' nhưng lịch này chưa được nạp: nạp Workflows/calendars/\(name).json bằng 'stflow calendar load'"
      )
    }
    return calendar
  }
}
