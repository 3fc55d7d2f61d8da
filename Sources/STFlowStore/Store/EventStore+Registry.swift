import Foundation
import STFlowEngine
import STFlowRules

/// Who holds which role is part of the record: every registration or change of a person is an event in the
/// same hash chain as the tasks' events (key `@actors`), saying who made it; the `actors` table is its
/// projection, which `audit verify` checks and `audit rebuild` restores.
extension EventStore {
  /// The chain key under which changes to people and their roles are recorded.
  public static let actorRegistryKey = "@actors"

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
    let version =
      (try connection.scalar("SELECT COALESCE(MAX(task_version), 0) FROM events WHERE task_key = ?", [.text(Self.actorRegistryKey)])?
        .integer ?? 0) + 1
    let now = self.now()
    try appendRaw(
      key: Self.actorRegistryKey, version: version, kind: existing == nil ? "actor.registered" : "actor.changed",
      payload: Self.registryPayload(merged).compactText, actor: caller ?? "bootstrap", effectiveAt: now, recordedAt: now)
    try insertActor(merged)
  }

  /// Adopts people registered before changes were recorded (databases from before schema 7): each gets an
  /// `actor.registered` event by `migration`, once, so the audit can answer for every row.
  func adoptUnrecordedActors() throws {
    let recorded = try recordedActors()
    let missing = try actors().filter { recorded[$0.name] == nil }
    guard !missing.isEmpty else { return }
    try transaction {
      for a in missing {
        let version =
          (try connection.scalar("SELECT COALESCE(MAX(task_version), 0) FROM events WHERE task_key = ?", [.text(Self.actorRegistryKey)])?
            .integer ?? 0) + 1
        let now = self.now()
        try appendRaw(
          key: Self.actorRegistryKey, version: version, kind: "actor.registered", payload: Self.registryPayload(a).compactText,
          actor: "migration", effectiveAt: now, recordedAt: now)
      }
    }
  }

  /// The people as the chain records them (the last event for each name wins).
  func recordedActors() throws -> [String: Actor] {
    var out: [String: Actor] = [:]
    for row in try connection.query("SELECT payload FROM events WHERE task_key = ? ORDER BY task_version", [.text(Self.actorRegistryKey)]) {
      if let json = try? JSONParser.parse(row[0].text ?? ""), let a = Self.registryActor(json) { out[a.name] = a }
    }
    return out
  }
}
