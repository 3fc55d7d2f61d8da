import Foundation
import STFlowRules

/// What a user asks of a task.
public enum Command: Sendable, Equatable {
  case create(key: String, fields: [String: Value])
  /// Brings in an existing task at the state it has reached (a CSV import), its effective time backfilled.
  case importTask(key: String, state: String, fields: [String: Value], past: ImportedPast)
  case fire(transition: String, fields: [String: Value], comment: String?)
  case set(fields: [String: Value], comment: String?)
  case attach(field: String, document: DocumentRef)
  /// Opens a council session with its members (and declared relations to the applicant: name → reason).
  /// `decision` is the decision that set the council up (Quyết định số …/QĐ-SKHCN) and `place` where it sits,
  /// both for its minutes.
  case openCouncil(council: String, members: [CouncilMember], related: [String: String], decision: String? = nil, place: String? = nil)
  /// Records who is present.
  case attend(council: String, members: [String])
  /// The acting member's ballot.
  case ballot(council: String, ballot: CouncilBallot)
  /// Checks the quorum and computes the outcome by the council's policy.
  case closeCouncil(council: String)
  /// The scheduler records a due timer (actor `system` only). Refused when the timer no longer
  /// follows from the task's state, so nothing is sent for a change that did not happen.
  case recordNotice(timer: PlannedTimer)
}

extension Command {
  /// Whether the command brings a new task into being.
  public var createsTask: Bool {
    switch self {
    case .create, .importTask: return true
    default: return false
    }
  }
}

/// Who asks, when, and under which idempotency and concurrency conditions.
///
/// A value whose properties live in one copy-on-write storage object, as ``TaskState``'s do: the checkers a
/// command makes each hold the context with one retain instead of one per property.
public struct CommandContext: Sendable {
  /// Mutated only through `unique()`, when this value holds the sole reference, so a storage object that
  /// several values (and threads) share is never written: `@unchecked Sendable`. The accessors below are the only
  /// way in, each one access of one property: `@exclusivity(unchecked)`.
  final class Storage: @unchecked Sendable {
    @exclusivity(unchecked) var actor: Actor
    @exclusivity(unchecked) var effectiveAt: Date
    @exclusivity(unchecked) var recordedAt: Date
    @exclusivity(unchecked) var requestId: String?
    @exclusivity(unchecked) var expectedVersion: Int?
    @exclusivity(unchecked) var names: [String: String]

    init(actor: Actor, effectiveAt: Date, recordedAt: Date, requestId: String?, expectedVersion: Int?, names: [String: String]) {
      self.actor = actor
      self.effectiveAt = effectiveAt
      self.recordedAt = recordedAt
      self.requestId = requestId
      self.expectedVersion = expectedVersion
      self.names = names
    }
  }

  private var storage: Storage

  private mutating func unique() -> Storage {
    if !isKnownUniquelyReferenced(&storage) {
      storage = Storage(
        actor: storage.actor, effectiveAt: storage.effectiveAt, recordedAt: storage.recordedAt, requestId: storage.requestId,
        expectedVersion: storage.expectedVersion, names: storage.names)
    }
    return storage
  }

  public var actor: Actor {
    _read { yield storage.actor }
    set { unique().actor = newValue }
  }
  /// The business time of the command (defaults to `recordedAt`).
  public var effectiveAt: Date {
    get { storage.effectiveAt }
    set { unique().effectiveAt = newValue }
  }
  /// The wall-clock time the command is processed.
  public var recordedAt: Date {
    get { storage.recordedAt }
    set { unique().recordedAt = newValue }
  }
  public var requestId: String? {
    get { storage.requestId }
    set { unique().requestId = newValue }
  }
  /// When set, the command is refused unless the task is at exactly this version.
  public var expectedVersion: Int? {
    get { storage.expectedVersion }
    set { unique().expectedVersion = newValue }
  }
  /// People's names by login id (TS. Nông Thanh Bình for ts.binh), for refusals that name them; filled for
  /// council commands. A login without a name here reads as itself.
  public var names: [String: String] {
    _read { yield storage.names }
    set { unique().names = newValue }
  }

  public init(actor: Actor, effectiveAt: Date? = nil, recordedAt: Date, requestId: String? = nil, expectedVersion: Int? = nil) {
    storage = Storage(
      actor: actor, effectiveAt: effectiveAt ?? recordedAt, recordedAt: recordedAt, requestId: requestId,
      expectedVersion: expectedVersion, names: [:])
  }
}
