/// Someone who acts: a registered person (or script) with global roles.
public struct Actor: Sendable, Equatable {
  public var name: String
  /// Roles held everywhere (from the actor registry). Task-scoped roles come from actor fields.
  public var roles: Set<String>
  public var email: String?
  /// The organisation the actor works for (for conflict-of-interest rules).
  public var organisation: String?

  public init(name: String, roles: Set<String>, email: String? = nil, organisation: String? = nil) {
    self.name = name
    self.roles = roles
    self.email = email
    self.organisation = organisation
  }

  /// The engine itself, which fires automatic transitions.
  public static let system = Actor(name: "system", roles: [])
}
