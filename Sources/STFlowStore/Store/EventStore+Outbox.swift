import Foundation
import STFlowRules

/// One hook delivery in the outbox.
public struct Delivery: Sendable {
  public enum Status: String, Sendable {
    case pending, delivered, dead
  }

  public let id: Int64
  public let idempotencyKey: String
  public let taskKey: String
  public let kind: String
  public let payload: String
  public let status: Status
  public let attempts: Int
  public let nextAttemptAt: Date
  public let lastError: String?
  public let createdAt: Date
  public let deliveredAt: Date?
}

/// How deliveries are retried.
public struct RetryPolicy: Sendable, Equatable {
  public var maxAttempts: Int
  /// The wait after the first failure; doubled after each further one.
  public var backoff: TimeInterval
  public var maxBackoff: TimeInterval

  public init(maxAttempts: Int = 6, backoff: TimeInterval = 30, maxBackoff: TimeInterval = 6 * 3600) {
    self.maxAttempts = maxAttempts
    self.backoff = backoff
    self.maxBackoff = maxBackoff
  }

  public func delay(afterAttempt attempt: Int) -> TimeInterval {
    min(maxBackoff, backoff * pow(2, Double(max(0, attempt - 1))))
  }
}

extension EventStore {
  static let deliveryColumns =
    "id, idempotency_key, task_key, kind, payload, status, attempts, next_attempt_at, last_error, created_at, delivered_at"

  static func delivery(_ r: [SQLValue]) -> Delivery {
    Delivery(
      id: r[0].integer ?? 0, idempotencyKey: r[1].text ?? "", taskKey: r[2].text ?? "", kind: r[3].text ?? "", payload: r[4].text ?? "",
      status: Delivery.Status(rawValue: r[5].text ?? "") ?? .pending, attempts: Int(r[6].integer ?? 0),
      nextAttemptAt: r[7].text.flatMap(Timestamp.parseStored) ?? .distantPast, lastError: r[8].text,
      createdAt: r[9].text.flatMap(Timestamp.parseStored) ?? .distantPast, deliveredAt: r[10].text.flatMap(Timestamp.parseStored))
  }

  /// The longest a delivery may be claimed for: the longest hook timeout (a day) and ten seconds. A lease
  /// beyond it was not taken by a scheduler (the audit reports it: it would silence a reminder).
  public static let longestLease: TimeInterval = 86_410

  /// Claims the next delivery due at `now` for `lease` seconds, in the name of this store's ``nodeId``, so two
  /// schedulers — in one process or on several nodes — never run the same one. A node that dies holding a
  /// lease loses it when it expires, and another node delivers (the hook's idempotency key makes that harmless).
  /// In PostgreSQL the row is taken `FOR UPDATE SKIP LOCKED`: a row another node is claiming is passed over.
  public func claimDelivery(now: Date, lease: TimeInterval) throws -> Delivery? {
    try transaction {
      let rows = try connection.query(
        "SELECT \(Self.deliveryColumns) FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt_at, id LIMIT 1"
          + connection.dialect.skipLocked,
        [.text(Timestamp.format(now)), .text(Timestamp.format(now))])
      guard let row = rows.first else { return nil }
      let d = Self.delivery(row)
      let until = Timestamp.format(now.addingTimeInterval(min(lease, Self.longestLease)))
      let node: JSON = nodeId.map { .string($0) } ?? .null
      try connection.query(
        "UPDATE outbox SET lease_until = ?, lease_node = ? WHERE id = ?", [.text(until), nodeId.map { .text($0) } ?? .null, .integer(d.id)])
      // The claim is recorded too: a lease set by hand would hold a reminder back.
      try recordDeliveryChange(
        key: d.idempotencyKey, kind: "delivery.claimed", details: [("leaseUntil", .string(until)), ("leaseNode", node)])
      return d
    }
  }

  /// Records a hook's result: delivered, or retried after a back-off, or dead-lettered after the last attempt.
  @discardableResult
  public func recordDelivery(_ d: Delivery, succeeded: Bool, error: String?, now: Date, policy: RetryPolicy) throws -> Delivery.Status {
    try transaction {
      let attempts = d.attempts + 1
      let status: Delivery.Status = succeeded ? .delivered : attempts >= policy.maxAttempts ? .dead : .pending
      let next = Timestamp.format(now.addingTimeInterval(policy.delay(afterAttempt: attempts)))
      let lastError: JSON = error.map { .string(String($0.prefix(2000))) } ?? .null
      let deliveredAt: JSON = succeeded ? .string(Timestamp.format(now)) : .null
      try connection.query(
        "UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, lease_until = NULL, lease_node = NULL, last_error = ?, delivered_at = ? WHERE id = ?",
        [
          .text(status.rawValue), .integer(Int64(attempts)), .text(next), lastError.stringValue.map { .text($0) } ?? .null,
          deliveredAt.stringValue.map { .text($0) } ?? .null, .integer(d.id),
        ])
      // Every attempt is recorded, failed ones too: the count, the error and the next try are part of the record.
      try recordDeliveryChange(
        key: d.idempotencyKey, kind: status == .pending ? "delivery.failed" : "delivery.\(status.rawValue)",
        details: [
          ("status", .string(status.rawValue)), ("attempts", .integer(Int64(attempts))), ("next", .string(next)), ("error", lastError),
          ("deliveredAt", deliveredAt), ("leaseUntil", .null), ("leaseNode", .null),
        ])
      return status
    }
  }

  /// Deliveries, newest first; only failed ones (dead, or pending after a failure) with `failed`.
  public func deliveries(failed: Bool = false, limit: Int = 200) throws -> [Delivery] {
    try connection.query(
      "SELECT \(Self.deliveryColumns) FROM outbox" + (failed ? " WHERE status = 'dead' OR (status = 'pending' AND attempts > 0)" : "")
        + " ORDER BY id DESC LIMIT ?", [.integer(Int64(limit))]
    ).map(Self.delivery)
  }

  /// Puts a dead (or failing) delivery back in the queue for an immediate attempt.
  public func retryDelivery(id: Int64, now: Date, by caller: String? = nil) throws {
    try transaction {
      guard let row = try connection.query("SELECT status, idempotency_key FROM outbox WHERE id = ?", [.integer(id)]).first else {
        throw StoreError.input("no delivery #\(id) (see 'stflow hooks list')", vi: "không có lần gửi số \(id) (xem 'stflow hooks list')")
      }
      guard row[0].text != "delivered" else {
        throw StoreError.input("delivery #\(id) was already delivered", vi: "lần gửi số \(id) đã gửi xong")
      }
      try connection.query(
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, lease_until = NULL, lease_node = NULL WHERE id = ?",
        [.text(Timestamp.format(now)), .integer(id)])
      try recordDeliveryChange(
        key: row[1].text ?? "", kind: "delivery.retried",
        details: [
          ("status", .string("pending")), ("attempts", .integer(0)), ("next", .string(Timestamp.format(now))), ("leaseUntil", .null),
          ("leaseNode", .null),
        ], by: caller)
    }
  }

  /// When the next pending delivery may be attempted.
  public func nextDeliveryTime() throws -> Date? {
    try connection.scalar("SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'")?.text.flatMap(Timestamp.parseStored)
  }
}
