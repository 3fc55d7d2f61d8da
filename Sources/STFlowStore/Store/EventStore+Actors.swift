import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules

extension EventStore {
  /// The role that may manage actors and load definitions once any actor holds it.
  public static let adminRole = "admin"

  /// Registers or updates an actor. Once an actor with the `admin` role exists, only an admin may do this.
  public func addActor(_ actor: Actor, by caller: String?) throws {
    try Self.checkName(actor)
    try transaction {
      try requireAdmin(caller, doing: "add or change actors", vi: "thêm hoặc sửa người dùng")
      try checkRoles(actor.roles)
      try checkLookAlike(actor.name)
      try recordActor(actor, by: caller)
    }
  }

  /// A login id is one line of 1–64 visible characters without spaces; a display name one line.
  static func checkName(_ actor: Actor) throws {
    let n = actor.name
    if n.isEmpty || n.count > 64 || n.hasControlCharacters || n.contains(where: \.isWhitespace) {
      throw StoreError.input(
        "actor name '\(n.debugDescription.dropFirst().dropLast())' must be 1–64 visible characters without spaces (e.g. lan.nguyen)",
        vi:
          "tên đăng nhập '\(n.debugDescription.dropFirst().dropLast())' phải có 1–64 ký tự nhìn thấy được, không có dấu cách (ví dụ lan.nguyen)"
      )
    }
    if n == Actor.system.name {
      throw StoreError.input("'system' is reserved for the engine itself", vi: "tên 'system' dành riêng cho hệ thống")
    }
    for (what, vi, text) in [
      ("display name", "họ tên hiển thị", actor.displayName), ("e-mail", "e-mail", actor.email),
      ("organisation", "cơ quan", actor.organisation),
    ] {
      if let text, text.isEmpty || text.count > 200 || text.hasControlCharacters {
        throw StoreError.input(
          "the \(what) of '\(n)' must be one line of 1–200 characters", vi: "\(vi) của '\(n)' phải là một dòng 1–200 ký tự")
      }
    }
  }

  /// A new name may not differ from an existing one only by case or Unicode form (lan.nguyen / Lan.Nguyen).
  func checkLookAlike(_ name: String) throws {
    let folded = Self.folded(name)
    for other in try actors() where other.name != name && Self.folded(other.name) == folded {
      throw StoreError.input(
        "actor name '\(name)' looks like the existing '\(other.name)': choose a clearly different name",
        vi: "tên đăng nhập '\(name)' dễ nhầm với '\(other.name)' đã có: hãy chọn tên khác hẳn")
    }
  }

  static func folded(_ s: String) -> String {
    s.precomposedStringWithCanonicalMapping.folding(options: [.caseInsensitive, .widthInsensitive], locale: nil)
  }

  /// Every role is declared by a stored workflow (or is `admin`), exactly as written, and none is a role
  /// that a task field grants: those are held per task, by naming the person in the field.
  func checkRoles(_ roles: Set<String>) throws {
    guard !roles.isEmpty else { return }
    let definitions = try self.definitions().map(\.definition)
    var declared: Set<String> = [EventStore.adminRole]
    for d in definitions { declared.formUnion(d.roles) }
    for role in roles.sorted() {
      for d in definitions {
        if let grant = d.roleGrants.first(where: { $0.role == role }) {
          let label = d.field(grant.field)?.label.map { " (\($0.text("vi")))" } ?? ""
          throw StoreError.forbidden(
            "role '\(role)' is held per task, through the field '\(grant.field)'\(label) of workflow '\(d.id)': name the person in that field instead of granting the role to everyone",
            vi:
              "vai trò '\(role)' được giao theo từng nhiệm vụ, qua trường '\(grant.field)'\(label) của quy trình '\(d.id)': hãy ghi tên người vào trường đó thay vì giao vai trò cho mọi nhiệm vụ"
          )
        }
      }
      guard declared.contains(role) else {
        throw StoreError.input(
          "unknown role '\(role)': roles are \(declared.sorted().joined(separator: ", ")) (declared by the loaded workflows; names are exact)",
          vi:
            "không có vai trò '\(role)': các vai trò là \(declared.sorted().map { "\(RoleLabels.text($0, "vi")) [\($0)]" }.joined(separator: ", ")) (do các quy trình đã nạp khai báo; viết đúng mã trong ngoặc)"
        )
      }
    }
  }

  /// Inserts or updates an actor; the caller holds the write transaction.
  func insertActor(_ actor: Actor, addedAt: String) throws {
    try connection.query(
      "INSERT INTO actors(name, roles, email, added_at, organisation, display_name) VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET roles = excluded.roles, email = excluded.email, organisation = excluded.organisation, display_name = coalesce(excluded.display_name, actors.display_name)",
      [
        .text(actor.name), .text(actor.roles.sorted().joined(separator: ",")), actor.email.map { .text($0) } ?? .null,
        .text(addedAt), actor.organisation.map { .text($0) } ?? .null, actor.displayName.map { .text($0) } ?? .null,
      ])
  }

  /// Refuses unless `caller` is an admin, or no admin exists yet (bootstrapping a new database).
  public func requireAdmin(_ caller: String?, doing what: String, vi: String) throws {
    let admins = try connection.scalar("SELECT COUNT(*) FROM actors WHERE ',' || roles || ',' LIKE '%,admin,%'")?.integer ?? 0
    if admins == 0 { return }
    guard let caller, let a = try actor(named: caller), a.roles.contains(EventStore.adminRole) else {
      throw StoreError.forbidden(
        "only an actor with the role 'admin' may \(what) (acting as \(caller.map { "'\($0)'" } ?? "nobody"); use --as)",
        vi:
          "chỉ người có vai trò Quản trị hệ thống (admin) mới được \(vi) (đang thực hiện với tư cách \(caller.map { "'\($0)'" } ?? "chưa rõ ai"); dùng --as)"
      )
    }
  }

  public func actor(named name: String) throws -> Actor? {
    if let batch, let known = batch.actors[name] { return known }
    let found = try connection.query(actorRead(name: name)).first.map(Self.makeActor)
    batch?.actors[name] = .some(found)
    return found
  }

  /// The query ``actor(named:)`` makes.
  func actorRead(name: String) -> SQLRead {
    SQLRead("SELECT name, roles, email, organisation, display_name FROM actors WHERE name = ?", [.text(name)])
  }

  public func actors() throws -> [Actor] {
    try connection.query("SELECT name, roles, email, organisation, display_name FROM actors ORDER BY name").map(Self.makeActor)
  }

  /// Every person by login id, to write their names (display names) where a login id is recorded.
  public func peopleByLogin() throws -> [String: Actor] {
    Dictionary(try actors().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
  }

  private static func makeActor(_ row: [SQLValue]) -> Actor {
    Actor(
      name: row[0].text ?? "", roles: Set((row[1].text ?? "").split(separator: ",").map(String.init)), email: row[2].text,
      organisation: row[3].text, displayName: row.count > 4 ? row[4].text : nil)
  }
}
