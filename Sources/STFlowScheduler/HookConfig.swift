import Foundation
import STFlowStore

/// Where hook deliveries go and how they are retried, kept in the database (`stflow hooks config`).
public struct HookConfig: Sendable, Equatable {
  /// The executable run for each delivery; `nil` keeps deliveries queued until one is configured.
  public var command: String?
  public var arguments: [String]
  public var timeout: TimeInterval
  public var retry: RetryPolicy

  public init(command: String? = nil, arguments: [String] = [], timeout: TimeInterval = 30, retry: RetryPolicy = RetryPolicy()) {
    self.command = command
    self.arguments = arguments
    self.timeout = timeout
    self.retry = retry
  }

  /// A hook may run from 0.1 s to a day; retries wait 1 s to a week between attempts, 1 to 100 attempts.
  public static let timeoutLimits: ClosedRange<Double> = 0.1...86_400
  public static let backoffLimits: ClosedRange<Double> = 1...604_800
  public static let attemptLimits: ClosedRange<Int> = 1...100

  public static func load(from store: EventStore) throws -> HookConfig {
    var c = HookConfig()
    c.command = try store.meta("hook.command")
    if let a = try store.meta("hook.arguments"), !a.isEmpty { c.arguments = a.components(separatedBy: "\u{1F}") }
    // Values outside their limits (a hand-edited database) fall back to the defaults rather than trap.
    if let t = try store.meta("hook.timeout").flatMap(Double.init), HookConfig.timeoutLimits.contains(t) { c.timeout = t }
    if let m = try store.meta("hook.maxAttempts").flatMap(Int.init), HookConfig.attemptLimits.contains(m) { c.retry.maxAttempts = m }
    if let b = try store.meta("hook.backoff").flatMap(Double.init), HookConfig.backoffLimits.contains(b) { c.retry.backoff = b }
    return c
  }

  /// Saves the configuration; each changed value is recorded in the hash chain as made by `caller`.
  public func save(to store: EventStore, by caller: String? = nil) throws {
    try store.transaction {
      try store.setRecordedMeta("hook.command", command ?? "", by: caller)
      try store.setRecordedMeta("hook.arguments", arguments.joined(separator: "\u{1F}"), by: caller)
      try store.setRecordedMeta("hook.timeout", String(timeout), by: caller)
      try store.setRecordedMeta("hook.maxAttempts", String(retry.maxAttempts), by: caller)
      try store.setRecordedMeta("hook.backoff", String(retry.backoff), by: caller)
    }
  }

}
