import Foundation
import STFlowEngine
import STFlowRules

/// Who holds which role is part of the record: every registration or change of a person is an event in the
/// same hash chain as the tasks' events (key `@actors`), saying who made it; the `actors` table is its
/// projection, which `audit verify` checks and `audit rebuild` restores.
extension EventStore {
  /// The chain key under which changes to people and their roles are recorded.
  public static let actorRegistryKey = "@actors"
  /// The chain key under which the department's settings, the hook configuration and calendar loads are recorded.
  public static let configRegistryKey = "@config"
  /// The chain key under which notices that were not sent (skipped, stale) are recorded.
  public static let noticeRegistryKey = "@notices"

  /// Whether a chain key is a registry's (`@…`) rather than a task's: task keys never start with `@`.
  static func isRegistryKey(_ key: String) -> Bool { key.hasPrefix("@") }

  /// The changes recorded under a registry key, oldest first; `json` is `nil` for one that cannot be read.
  func registryChanges(_ key: String) throws -> [RegistryChange] {
    try connection.query(
      "SELECT seq, kind, payload, actor, recorded_at FROM events WHERE task_key = ? ORDER BY task_version", [.text(key)]
    ).map {
      RegistryChange(
        seq: $0[0].integer ?? 0, kind: $0[1].text ?? "", json: try? JSONParser.parse($0[2].text ?? ""), actor: $0[3].text ?? "",
        recordedAt: $0[4].text ?? "")
    }
  }

  /// Timers handled without a notice, with how (skipped, stale), as the chain records them.
  func recordedUnsentNotices() throws -> [String: (status: String, change: RegistryChange)] {
    var out: [String: (status: String, change: RegistryChange)] = [:]
    for change in try registryChanges(Self.noticeRegistryKey) {
      if let timer = change.json?["timer"]?.stringValue { out[timer] = (String(change.kind.dropFirst("notice.".count)), change) }
    }
    return out
  }

  /// The chain key under which hook deliveries are recorded: the digest of each payload when it is
  /// enqueued, and when it is delivered, dead-lettered or retried by hand.
  public static let outboxRegistryKey = "@outbox"

  /// Records a change to a hook delivery (`details`: the columns it sets); the caller holds the write transaction.
  func recordDeliveryChange(key: String, kind: String, details: [(String, JSON)] = [], by caller: String? = nil, at: Date? = nil) throws {
    try appendRegistryEvent(
      key: Self.outboxRegistryKey, kind: kind, payload: .object([("key", .string(key))] + details), by: caller ?? Actor.system.name, at: at)
  }

  /// The deliveries as the chain records them: what each recorded change set.
  func recordedDeliveries() throws -> [String: RecordedDelivery] {
    var out: [String: RecordedDelivery] = [:]
    for change in try registryChanges(Self.outboxRegistryKey) {
      guard let json = change.json, let key = json["key"]?.stringValue else { continue }
      if change.kind == "delivery.enqueued" { out[key] = RecordedDelivery() }
      out[key]?.apply(change.kind, json)
    }
    return out
  }

  /// The metadata keys that are configuration, recorded in the chain (others are internal bookkeeping).
  static func isRecordedMeta(_ key: String) -> Bool { key.hasPrefix("setting.") || key.hasPrefix("hook.") }

  /// Appends a registry change (the caller holds the write transaction).
  /// Returns the time recorded, for the row the change explains to carry the same.
  @discardableResult
  func appendRegistryEvent(key: String, kind: String, payload: JSON, by caller: String, at: Date? = nil) throws -> Date {
    let version =
      (try connection.scalar("SELECT COALESCE(MAX(task_version), 0) FROM events WHERE task_key = ?", [.text(key)])?.integer ?? 0) + 1
    let now = at ?? self.now()
    try appendRaw(key: key, version: version, kind: kind, payload: payload.compactText, actor: caller, effectiveAt: now, recordedAt: now)
    return now
  }

  /// Sets a configuration value (a setting, the hook) and records the change in the chain; the caller
  /// holds the write transaction. An unchanged value records nothing.
  public func setRecordedMeta(_ key: String, _ value: String, by caller: String?) throws {
    if try meta(key) == value { return }
    try appendRegistryEvent(
      key: Self.configRegistryKey, kind: "config.changed", payload: .object([("key", .string(key)), ("value", .string(value))]),
      by: caller ?? "bootstrap")
    try setMeta(key, value)
  }

  /// Records which revision of a workflow is current (loaded, or loaded again to roll back).
  func recordCurrentDefinition(workflow: String, hash: String, by caller: String?, at: Date? = nil) throws {
    let rank = try connection.scalar("SELECT current_rank FROM definitions WHERE hash = ?", [.text(hash)])?.integer ?? 0
    try appendRegistryEvent(
      key: Self.configRegistryKey, kind: "definition.current",
      payload: .object([("workflow", .string(workflow)), ("hash", .string(hash)), ("rank", .integer(rank))]),
      by: caller ?? "bootstrap", at: at)
  }

  /// Each definition's rank among its workflow's revisions as the last recorded change set it (the highest is current).
  func recordedRanks() throws -> [String: Int64] {
    var out: [String: Int64] = [:]
    for change in try registryChanges(Self.configRegistryKey) where change.kind.hasPrefix("definition.") {
      if let hash = change.json?["hash"]?.stringValue, case .integer(let rank)? = change.json?["rank"] { out[hash] = rank }
    }
    return out
  }

  /// Records a calendar load (its content hash) in the chain; the caller holds the write transaction.
  func recordCalendar(id: String, hash: String, by caller: String?, at: Date? = nil, extra: [(String, JSON)] = []) throws {
    try appendRegistryEvent(
      key: Self.configRegistryKey, kind: "calendar.loaded", payload: .object([("id", .string(id)), ("hash", .string(hash))] + extra),
      by: caller ?? "bootstrap", at: at)
  }

  /// The person as an event payload.
  static func registryPayload(_ a: Actor) -> JSON {
    .object([
      ("name", .string(a.name)), ("roles", .array(a.roles.sorted().map { .string($0) })),
      ("email", a.email.map { .string($0) } ?? .null), ("organisation", a.organisation.map { .string($0) } ?? .null),
      ("displayName", a.displayName.map { .string($0) } ?? .null),
    ])
  }

  static func registryActor(_ json: JSON) -> Actor? {
    guard let name = json["name"]?.stringValue, let roles = json["roles"]?.arrayValue else { return nil }
    return Actor(
      name: name, roles: Set(roles.compactMap(\.stringValue)), email: json["email"]?.stringValue,
      organisation: json["organisation"]?.stringValue, displayName: json["displayName"]?.stringValue)
  }

  /// Records the registration (or change) of `actor` by `caller` in the chain and updates the projection;
  /// the caller holds the write transaction. An unchanged person records nothing.
  func recordActor(_ actor: Actor, by caller: String?) throws {
    let existing = try self.actor(named: actor.name)
    var merged = actor
    if merged.displayName == nil { merged.displayName = existing?.displayName }
    if let existing, existing == merged { return }
    let at = try appendRegistryEvent(
      key: Self.actorRegistryKey, kind: existing == nil ? "actor.registered" : "actor.changed", payload: Self.registryPayload(merged),
      by: caller ?? "bootstrap")
    try insertActor(merged, addedAt: Timestamp.format(at))
  }

  /// Adopts what an older database holds without a recorded change — people, settings, the hook,
  /// calendars, the current revisions, deliveries and unsent notices — each recorded once by `migration`,
  /// so the audit can answer for every row from then on.
  func adoptUnrecorded() throws {
    let recorded = try recordedActors()
    let missing = try connection.query("SELECT name, added_at FROM actors ORDER BY name").filter { recorded[$0[0].text ?? ""] == nil }
    let config = try recordedConfig()
    let metaRows = try connection.query("SELECT key, value FROM meta ORDER BY key").filter { Self.isRecordedMeta($0[0].text ?? "") }
    let unrecordedMeta = metaRows.filter { config.values[$0[0].text ?? ""] == nil }
    let unrecordedCalendars = try connection.query("SELECT id, hash, loaded_at FROM calendars ORDER BY id").filter {
      config.calendars[$0[0].text ?? ""] == nil
    }
    let workflows = try connection.query("SELECT DISTINCT workflow FROM definitions ORDER BY workflow").compactMap { $0[0].text }
    let unrecordedCurrent = workflows.filter { config.current[$0] == nil }
    let recordedOutbox = try recordedDeliveries()
    let unrecordedOutbox = try connection.query(
      "SELECT idempotency_key, payload, status, task_key, kind, created_at, next_attempt_at, attempts, last_error, delivered_at, lease_until, lease_node FROM outbox ORDER BY id"
    ).filter {
      recordedOutbox[$0[0].text ?? ""] == nil
    }
    let recordedUnsent = try recordedUnsentNotices()
    let unrecordedNotices = try connection.query(
      "SELECT timer_key, status, task_key, fire_at FROM notices WHERE status != 'recorded' ORDER BY timer_key"
    )
    .filter { recordedUnsent[$0[0].text ?? ""] == nil }
    let loads = try recordedLoads()
    let unrecordedDefinitions = try connection.query(
      "SELECT hash, workflow, loaded_at, loaded_by, current_rank FROM definitions ORDER BY workflow, revision"
    )
    .filter { loads[$0[0].text ?? ""] == nil }
    try transaction {
      for row in missing {
        guard let a = try actor(named: row[0].text ?? "") else { continue }
        var payload = Self.registryPayload(a)
        if case .object(let fields) = payload { payload = .object(fields + [("addedAt", .string(row[1].text ?? ""))]) }
        try appendRegistryEvent(key: Self.actorRegistryKey, kind: "actor.registered", payload: payload, by: "migration")
      }
      for row in unrecordedDefinitions {
        try appendRegistryEvent(
          key: Self.configRegistryKey, kind: "definition.adopted",
          payload: .object([
            ("workflow", .string(row[1].text ?? "")), ("hash", .string(row[0].text ?? "")), ("loadedAt", .string(row[2].text ?? "")),
            ("loadedBy", .string(row[3].text ?? "")), ("rank", .integer(row[4].integer ?? 0)),
          ]), by: "migration")
      }
      for row in unrecordedMeta {
        try appendRegistryEvent(
          key: Self.configRegistryKey, kind: "config.changed",
          payload: .object([("key", .string(row[0].text ?? "")), ("value", .string(row[1].text ?? ""))]), by: "migration")
      }
      for row in unrecordedCalendars {
        try recordCalendar(
          id: row[0].text ?? "", hash: row[1].text ?? "", by: "migration", extra: [("loadedAt", .string(row[2].text ?? ""))])
      }
      func text(_ v: SQLValue) -> JSON { v.text.map { .string($0) } ?? .null }
      for row in unrecordedOutbox {
        try recordDeliveryChange(
          key: row[0].text ?? "", kind: "delivery.enqueued",
          details: [
            ("sha256", .string(SHA256.hex(row[1].text ?? ""))), ("status", text(row[2])), ("task", text(row[3])), ("kind", text(row[4])),
            ("createdAt", text(row[5])), ("next", text(row[6])), ("attempts", .integer(row[7].integer ?? 0)), ("error", text(row[8])),
            ("deliveredAt", text(row[9])), ("leaseUntil", text(row[10])), ("leaseNode", text(row[11])),
          ], by: "migration")
      }
      for row in unrecordedNotices {
        try appendRegistryEvent(
          key: Self.noticeRegistryKey, kind: "notice.\(row[1].text ?? "")",
          payload: .object([("timer", .string(row[0].text ?? "")), ("task", text(row[2])), ("fireAt", text(row[3]))]), by: "migration")
      }
      for w in unrecordedCurrent {
        if let hash = try latestDefinition(workflow: w)?.hash { try recordCurrentDefinition(workflow: w, hash: hash, by: "migration") }
      }
      // Deadline rows counted before migration 7 are counted again as of the task's last change, so each carries its time.
      for row in try connection.query("SELECT DISTINCT task_key FROM deadlines WHERE as_of IS NULL") {
        let last = try connection.scalar(
          "SELECT recorded_at FROM events WHERE task_key = ? ORDER BY task_version DESC LIMIT 1", [.text(row[0].text ?? "")])
        if let task = try? task(key: row[0].text ?? ""), let engine = try? engine(hash: task.definitionHash),
          let at = last?.text.flatMap(Timestamp.parseStored)
        {
          try recordDeadlines(of: task, engine: engine, now: at)
        }
      }
      try setMeta(Self.adoptedKey, Self.adoptedVersion)
    }
  }

  /// Set once an older database's unrecorded rows were adopted: from then on every change records itself,
  /// so opening a database does not scan the registries again.
  static let adoptedKey = "registries.adopted"
  /// Raised when the registries record more (2: definition loads, delivery columns, times).
  static let adoptedVersion = "2"

  /// The configuration as the chain records it: values by metadata key, calendar content hashes by id.
  func recordedConfig() throws -> (
    values: [String: String], calendars: [String: (hash: String, at: String)], current: [String: String]
  ) {
    var values: [String: String] = [:]
    var calendars: [String: (hash: String, at: String)] = [:]
    var current: [String: String] = [:]
    for change in try registryChanges(Self.configRegistryKey) {
      guard let json = change.json else { continue }
      let kind = change.kind
      if kind == "calendar.loaded", let id = json["id"]?.stringValue, let hash = json["hash"]?.stringValue {
        calendars[id] = (hash, json["loadedAt"]?.stringValue ?? change.recordedAt)
      }
      if kind == "config.changed", let key = json["key"]?.stringValue, let value = json["value"]?.stringValue { values[key] = value }
      if kind == "definition.current", let w = json["workflow"]?.stringValue, let hash = json["hash"]?.stringValue {
        current[w] = hash
      }
    }
    return (values, calendars, current)
  }

  /// The people as the chain records them (the last event for each name wins).
  func recordedActors() throws -> [String: Actor] { try recordedPeople().mapValues(\.actor) }

  /// The people as the chain records them, each with when they were first registered.
  func recordedPeople() throws -> [String: (actor: Actor, addedAt: String)] {
    var out: [String: (actor: Actor, addedAt: String)] = [:]
    for change in try registryChanges(Self.actorRegistryKey) {
      guard let json = change.json, let a = Self.registryActor(json) else { continue }
      out[a.name] = (a, out[a.name]?.addedAt ?? json["addedAt"]?.stringValue ?? change.recordedAt)
    }
    return out
  }

  /// When and by whom each stored definition was first loaded, as the chain records it, by content hash.
  func recordedLoads() throws -> [String: (workflow: String, at: String, by: String)] {
    var out: [String: (workflow: String, at: String, by: String)] = [:]
    for change in try registryChanges(Self.configRegistryKey) {
      guard let json = change.json, let hash = json["hash"]?.stringValue, let w = json["workflow"]?.stringValue, out[hash] == nil else {
        continue
      }
      if change.kind == "definition.current" { out[hash] = (w, change.recordedAt, change.actor) }
      if change.kind == "definition.adopted" {
        out[hash] = (w, json["loadedAt"]?.stringValue ?? "", json["loadedBy"]?.stringValue ?? "")
      }
    }
    return out
  }
}
