import STFlowRules

/// One change recorded under a registry key (`@actors`, `@config`, `@outbox`, `@notices`).
struct RegistryChange: Sendable {
  let seq: Int64
  let kind: String
  /// `nil` when the payload cannot be read.
  let json: JSON?
  let actor: String
  /// As stored (the chain's own text).
  let recordedAt: String
}
