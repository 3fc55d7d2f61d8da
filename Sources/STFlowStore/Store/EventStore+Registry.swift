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
  func registryChanges(_ key: String) throws -> [(seq: Int64, kind: String, json: JSON?)] {
    try connection.query("SELECT seq, kind, payload FROM events WHERE task_key = ? ORDER BY task_version", [.text(key)]).map {
      ($0[0].integer ?? 0, $0[1].text ?? "", try? JSONParser.parse($0[2].text ?? ""))
    }
  }

  /// Timers handled without a notice, with how (skipped, stale), as the chain records them.
  func recordedUnsentNotices() throws -> [String: String] {
    var out: [String: String] = [:]
    for change in try registryChanges(Self.noticeRegistryKey) {
      if let timer = change.json?["timer"]?.stringValue { out[timer] = String(change.kind.dropFirst("notice.".count)) }
    }
    return out
  }

  /// The chain key under which hook deliveries are recorded: the digest of each payload when it is
  /// enqueued, and when it is delivered, dead-lettered or retried by hand.
  public static let outboxRegistryKey = "@outbox"

  /// Records a change to a hook delivery; the caller holds the write transaction.
  func recordDeliveryChange(key: String, kind: String, digest: String? = nil, by caller: String? = nil) throws {
    var payload: [(String, JSON)] = [("key", .string(key))]
    if let digest { payload.append(("sha256", .string(digest))) }
    try appendRegistryEvent(key: Self.outboxRegistryKey, kind: kind, payload: .object(payload), by: caller ?? Actor.system.name)
  }

  /// The deliveries as the chain records them: payload digest and the status the recorded changes give.
  func recordedDeliveries() throws -> [String: (digest: String, status: String)] {
    var out: [String: (digest: String, status: String)] = [:]
    for change in try registryChanges(Self.outboxRegistryKey) {
      guard let json = change.json, let key = json["key"]?.stringValue else { continue }
      switch change.kind {
      case "delivery.enqueued": out[key] = (json["sha256"]?.stringValue ?? "", "pending")
      case "delivery.delivered": out[key]?.status = "delivered"
      case "delivery.dead": out[key]?.status = "dead"
      case "delivery.retried": out[key]?.status = "pending"
      default: break
      }
    }
    return out
  }

  /// The metadata keys that are configuration, recorded in the chain (others are internal bookkeeping).
  static func isRecordedMeta(_ key: String) -> Bool { key.hasPrefix("setting.") || key.hasPrefix("hook.") }

  /// Appends a registry change (the caller holds the write transaction).
  func appendRegistryEvent(key: String, kind: String, payload: JSON, by caller: String) throws {
    let version =
      (try connection.scalar("SELECT COALESCE(MAX(task_version), 0) FROM events WHERE task_key = ?", [.text(key)])?.integer ?? 0) + 1
    let now = self.now()
    try appendRaw(key: key, version: version, kind: kind, payload: payload.compactText, actor: caller, effectiveAt: now, recordedAt: now)
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
  func recordCurrentDefinition(workflow: String, hash: String, by caller: String?) throws {
    try appendRegistryEvent(
      key: Self.configRegistryKey, kind: "definition.current",
      payload: .object([("workflow", .string(workflow)), ("hash", .string(hash))]),
      by: caller ?? "bootstrap")
  }

  /// Records a calendar load (its content hash) in the chain; the caller holds the write transaction.
  func recordCalendar(id: String, hash: String, by caller: String?) throws {
    try appendRegistryEvent(
      key: Self.configRegistryKey, kind: "calendar.loaded", payload: .object([("id", .string(id)), ("hash", .string(hash))]),
      by: caller ?? "bootstrap")
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
    try appendRegistryEvent(
      key: Self.actorRegistryKey, kind: existing == nil ? "actor.registered" : "actor.changed", payload: Self.registryPayload(merged),
      by: caller ?? "bootstrap")
    try insertActor(merged)
  }

  /// Adopts what an older database holds without a recorded change — people, settings, the hook,
  /// calendars, the current revisions, deliveries and unsent notices — each recorded once by `migration`,
  /// so the audit can answer for every row from then on.
  func adoptUnrecorded() throws {
    let recorded = try recordedActors()
    let missing = try actors().filter { recorded[$0.name] == nil }
    let config = try recordedConfig()
    let metaRows = try connection.query("SELECT key, value FROM meta ORDER BY key").filter { Self.isRecordedMeta($0[0].text ?? "") }
    let unrecordedMeta = metaRows.filter { config.values[$0[0].text ?? ""] == nil }
    let unrecordedCalendars = try connection.query("SELECT id, hash FROM calendars ORDER BY id").filter {
      config.calendars[$0[0].text ?? ""] == nil
    }
    let workflows = try connection.query("SELECT DISTINCT workflow FROM definitions ORDER BY workflow").compactMap { $0[0].text }
    let unrecordedCurrent = workflows.filter { config.current[$0] == nil }
    let recordedOutbox = try recordedDeliveries()
    let unrecordedOutbox = try connection.query("SELECT idempotency_key, payload, status FROM outbox ORDER BY id").filter {
      recordedOutbox[$0[0].text ?? ""] == nil
    }
    let recordedUnsent = try recordedUnsentNotices()
    let unrecordedNotices = try connection.query("SELECT timer_key, status FROM notices WHERE status != 'recorded' ORDER BY timer_key")
      .filter { recordedUnsent[$0[0].text ?? ""] == nil }
    try transaction {
      for a in missing {
        try appendRegistryEvent(key: Self.actorRegistryKey, kind: "actor.registered", payload: Self.registryPayload(a), by: "migration")
      }
      for row in unrecordedMeta {
        try appendRegistryEvent(
          key: Self.configRegistryKey, kind: "config.changed",
          payload: .object([("key", .string(row[0].text ?? "")), ("value", .string(row[1].text ?? ""))]), by: "migration")
      }
      for row in unrecordedCalendars { try recordCalendar(id: row[0].text ?? "", hash: row[1].text ?? "", by: "migration") }
      for row in unrecordedOutbox {
        let key = row[0].text ?? ""
        try recordDeliveryChange(key: key, kind: "delivery.enqueued", digest: SHA256.hex(row[1].text ?? ""), by: "migration")
        if let status = row[2].text, status != "pending" { try recordDeliveryChange(key: key, kind: "delivery.\(status)", by: "migration") }
      }
      for row in unrecordedNotices {
        try appendRegistryEvent(
          key: Self.noticeRegistryKey, kind: "notice.\(row[1].text ?? "")", payload: .object([("timer", .string(row[0].text ?? ""))]),
          by: "migration")
      }
      for w in unrecordedCurrent {
        if let hash = try latestDefinition(workflow: w)?.hash { try recordCurrentDefinition(workflow: w, hash: hash, by: "migration") }
      }
      try setMeta(Self.adoptedKey, "1")
    }
  }

  /// Set once an older database's unrecorded rows were adopted: from then on every change records itself,
  /// so opening a database does not scan the registries again.
  static let adoptedKey = "registries.adopted"

  /// The configuration as the chain records it: values by metadata key, calendar content hashes by id.
  func recordedConfig() throws -> (values: [String: String], calendars: [String: String], current: [String: String]) {
    var values: [String: String] = [:]
    var calendars: [String: String] = [:]
    var current: [String: String] = [:]
    for change in try registryChanges(Self.configRegistryKey) {
      guard let json = change.json else { continue }
      let kind = change.kind
      if kind == "calendar.loaded", let id = json["id"]?.stringValue, let hash = json["hash"]?.stringValue { calendars[id] = hash }
      if kind == "config.changed", let key = json["key"]?.stringValue, let value = json["value"]?.stringValue { values[key] = value }
      if kind == "definition.current", let w = json["workflow"]?.stringValue, let hash = json["hash"]?.stringValue {
        current[w] = hash
      }
    }
    return (values, calendars, current)
  }

  /// The people as the chain records them (the last event for each name wins).
  func recordedActors() throws -> [String: Actor] {
    var out: [String: Actor] = [:]
    for change in try registryChanges(Self.actorRegistryKey) {
      if let json = change.json, let a = Self.registryActor(json) { out[a.name] = a }
    }
    return out
  }
}
