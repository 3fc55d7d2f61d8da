/// Someone who acts: a registered person (or script) with global roles.
public struct Actor: Sendable, Equatable {
  public var name: String
  /// Roles held everywhere (from the actor registry). Task-scoped roles come from actor fields.
  public var roles: Set<String>
  public var email: String?
  /// The organisation the actor works for (for conflict-of-interest rules).
  public var organisation: String?
  /// The person's name as written on documents (TS. Nguyễn Văn An); `name` is the login id.
  public var displayName: String?

  /// The name to show a person: the display name, else the id.
  public var shownName: String { displayName ?? name }

  public init(name: String, roles: Set<String>, email: String? = nil, organisation: String? = nil, displayName: String? = nil) {
    self.displayName = displayName
    self.name = name
    self.roles = roles
    self.email = email
    self.organisation = organisation
  }

  /// The engine itself, which fires automatic transitions.
  public static let system = Actor(name: "system", roles: [])
}
