import Foundation
import STFlowRules

/// The current state of one task: the projection of its events.
public struct TaskState: Sendable, Equatable {
  public var key: String
  public var workflowId: String
  /// The content hash of the definition version the task is pinned to.
  public var definitionHash: String
  public var state: String
  /// Field values; a field without a value is absent.
  public var fields: [String: Value]
  /// Documents attached to document fields.
  public var documents: [String: DocumentRef]
  /// How often and when last each transition fired (guards read `count.ID` and `fired.ID`). One
  /// dictionary, so recording a firing costs one lookup.
  public var firings: [String: Firing]
  /// How many times each transition has fired.
  public var counts: [String: Int] { firings.mapValues(\.count) }
  /// When each transition last fired.
  public var lastFired: [String: Date] { firings.mapValues(\.last) }
  /// When the task last entered each state (guards read them as `entered.STATE`).
  public var entered: [String: Date]
  /// Seconds spent in each state before the current stay (for deadlines that stop the clock).
  public var timeIn: [String: Double]
  /// The latest session of each council.
  public var councils: [String: CouncilSession]
  /// The number of events applied; the sequence number of the last one.
  public var version: Int
  public var createdAt: Date
  /// When (effective time) the current state was entered.
  public var enteredAt: Date
  /// The latest effective time of any event (notices included).
  public var lastEffectiveAt: Date
  /// The effective time of the latest event entered by a person (or caused by one); a person's new
  /// event may not be earlier. Scheduler notices keep the time they were raised and do not move it.
  public var lastActedAt: Date
  /// For an imported task: when tracking began; deadline occurrences due before it are not tracked.
  public var trackedSince: Date?
  /// For an imported task: how often each transition had fired before tracking began.
  public var importedCounts: [String: Int] = [:]

  public init(
    key: String, workflowId: String, definitionHash: String, state: String, fields: [String: Value] = [:],
    documents: [String: DocumentRef] = [:], counts: [String: Int] = [:], lastFired: [String: Date] = [:],
    entered: [String: Date] = [:], timeIn: [String: Double] = [:], councils: [String: CouncilSession] = [:], version: Int = 0,
    createdAt: Date,
    enteredAt: Date, lastEffectiveAt: Date, lastActedAt: Date? = nil, trackedSince: Date? = nil, importedCounts: [String: Int] = [:]
  ) {
    self.lastActedAt = lastActedAt ?? lastEffectiveAt
    self.trackedSince = trackedSince
    self.importedCounts = importedCounts
    self.key = key
    self.workflowId = workflowId
    self.definitionHash = definitionHash
    self.state = state
    self.fields = fields
    self.documents = documents
    var firings: [String: Firing] = [:]
    for (t, n) in counts { firings[t] = Firing(count: n, last: lastFired[t] ?? createdAt) }
    self.firings = firings
    self.entered = entered.isEmpty ? [state: enteredAt] : entered
    self.timeIn = timeIn
    self.councils = councils
    self.version = version
    self.createdAt = createdAt
    self.enteredAt = enteredAt
    self.lastEffectiveAt = lastEffectiveAt
  }
}

/// How often a transition fired on a task, and when last.
public struct Firing: Sendable, Equatable {
  public var count: Int
  public var last: Date

  public init(count: Int, last: Date) {
    self.count = count
    self.last = last
  }

  mutating func record(_ at: Date) {
    count += 1
    last = at
  }
}
