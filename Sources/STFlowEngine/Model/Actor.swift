/// Someone who acts: a registered person (or script) with global roles.
public struct Actor: Sendable, Equatable {
  public var name: String
  /// Roles held everywhere (from the actor registry). Task-scoped roles come from actor fields.
  public var roles: Set<String>
  public var email: String?

  public init(name: String, roles: Set<String>, email: String? = nil) {
    self.name = name
    self.roles = roles
    self.email = email
  }

  /// The engine itself, which fires automatic transitions.
  public static let system = Actor(name: "system", roles: [])
}
