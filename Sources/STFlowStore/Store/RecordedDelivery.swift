import STFlowRules

/// A hook delivery as the chain records it: each column a recorded change set. A column no change
/// spoke of (a delivery enqueued before every column was recorded) stays `nil` and is not compared.
struct RecordedDelivery: Sendable, Equatable {
  var digest = ""
  var status = "pending"
  var taskKey: String?
  var kind: String?
  var createdAt: String?
  var nextAttemptAt: String?
  var attempts: Int64?
  var lastError: JSON?
  var deliveredAt: JSON?
  /// Until when a scheduler claimed it (`null` when not claimed).
  var leaseUntil: JSON?
  /// The node that claimed it (`null` when not claimed).
  var leaseNode: JSON?

  /// Applies one recorded change (`delivery.enqueued`, `.claimed`, `.failed`, `.delivered`, `.dead`, `.retried`).
  mutating func apply(_ kind: String, _ json: JSON) {
    if kind == "delivery.enqueued" { digest = json["sha256"]?.stringValue ?? "" }
    switch kind {
    case "delivery.delivered": status = "delivered"
    case "delivery.dead": status = "dead"
    case "delivery.retried", "delivery.failed": status = "pending"
    default: break
    }
    if let s = json["status"]?.stringValue { status = s }
    if let t = json["task"]?.stringValue { taskKey = t }
    if let k = json["kind"]?.stringValue { self.kind = k }
    if let c = json["createdAt"]?.stringValue { createdAt = c }
    if let n = json["next"]?.stringValue { nextAttemptAt = n }
    if case .integer(let a)? = json["attempts"] { attempts = a }
    if let e = json["error"] { lastError = e }
    if let d = json["deliveredAt"] { deliveredAt = d }
    if let l = json["leaseUntil"] { leaseUntil = l }
    if let n = json["leaseNode"] { leaseNode = n }
  }
}
