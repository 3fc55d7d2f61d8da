import Foundation
import STFlowRules

/// The current state of one task: the projection of its events.
///
/// A value type whose properties live in one shared, copy-on-write storage object: passing a task
/// around, or into a checker or a guard's resolver, costs one retain instead of one per property;
/// the first change to a shared copy copies the storage once.
public struct TaskState: Sendable, Equatable {
  /// The properties. Mutated only through `unique()`, i.e. only when this value holds the sole reference,
  /// so a storage object that several values (and threads) share is never written: `@unchecked Sendable`.
  /// The same holds the accesses apart that Swift would otherwise check at run time for a class's properties
  /// (each get and modify, a tenth of the engine's time): `@exclusivity(unchecked)`; the accessors below are the
  /// only way in, and each is one access of one property.
  final class Storage: @unchecked Sendable {
    @exclusivity(unchecked) var key: String
    @exclusivity(unchecked) var workflowId: String
    @exclusivity(unchecked) var definitionHash: String
    @exclusivity(unchecked) var state: String
    @exclusivity(unchecked) var fields: [String: Value]
    @exclusivity(unchecked) var documents: [String: DocumentRef]
    @exclusivity(unchecked) var firings: [String: Firing]
    @exclusivity(unchecked) var entered: [String: Date]
    @exclusivity(unchecked) var timeIn: [String: Double]
    @exclusivity(unchecked) var councils: [String: CouncilSession]
    @exclusivity(unchecked) var version: Int
    @exclusivity(unchecked) var createdAt: Date
    @exclusivity(unchecked) var enteredAt: Date
    @exclusivity(unchecked) var lastEffectiveAt: Date
    @exclusivity(unchecked) var lastActedAt: Date
    @exclusivity(unchecked) var trackedSince: Date?
    @exclusivity(unchecked) var importedCounts: [String: Int]

    init(
      key: String, workflowId: String, definitionHash: String, state: String, fields: [String: Value], documents: [String: DocumentRef],
      firings: [String: Firing], entered: [String: Date], timeIn: [String: Double], councils: [String: CouncilSession], version: Int,
      createdAt: Date, enteredAt: Date, lastEffectiveAt: Date, lastActedAt: Date, trackedSince: Date?, importedCounts: [String: Int]
    ) {
      self.key = key
      self.workflowId = workflowId
      self.definitionHash = definitionHash
      self.state = state
      self.fields = fields
      self.documents = documents
      self.firings = firings
      self.entered = entered
      self.timeIn = timeIn
      self.councils = councils
      self.version = version
      self.createdAt = createdAt
      self.enteredAt = enteredAt
      self.lastEffectiveAt = lastEffectiveAt
      self.lastActedAt = lastActedAt
      self.trackedSince = trackedSince
      self.importedCounts = importedCounts
    }

    func copy() -> Storage {
      Storage(
        key: key, workflowId: workflowId, definitionHash: definitionHash, state: state, fields: fields, documents: documents,
        firings: firings, entered: entered, timeIn: timeIn, councils: councils, version: version, createdAt: createdAt,
        enteredAt: enteredAt, lastEffectiveAt: lastEffectiveAt, lastActedAt: lastActedAt, trackedSince: trackedSince,
        importedCounts: importedCounts)
    }
  }

  private var storage: Storage

  /// The storage, copied first if another value shares it.
  private mutating func unique() -> Storage {
    if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    return storage
  }

  public var key: String {
    get { storage.key }
    _modify { yield &unique().key }
    set { unique().key = newValue }
  }
  public var workflowId: String {
    get { storage.workflowId }
    _modify { yield &unique().workflowId }
    set { unique().workflowId = newValue }
  }
  /// The content hash of the definition version the task is pinned to.
  public var definitionHash: String {
    get { storage.definitionHash }
    _modify { yield &unique().definitionHash }
    set { unique().definitionHash = newValue }
  }
  public var state: String {
    get { storage.state }
    _modify { yield &unique().state }
    set { unique().state = newValue }
  }
  /// Field values; a field without a value is absent.
  public var fields: [String: Value] {
    get { storage.fields }
    _modify { yield &unique().fields }
    set { unique().fields = newValue }
  }
  /// Documents attached to document fields.
  public var documents: [String: DocumentRef] {
    get { storage.documents }
    _modify { yield &unique().documents }
    set { unique().documents = newValue }
  }
  /// How often and when last each transition fired (guards read `count.ID` and `fired.ID`). One
  /// dictionary, so recording a firing costs one lookup.
  public var firings: [String: Firing] {
    get { storage.firings }
    _modify { yield &unique().firings }
    set { unique().firings = newValue }
  }
  /// When the task last entered each state (guards read them as `entered.STATE`).
  public var entered: [String: Date] {
    get { storage.entered }
    _modify { yield &unique().entered }
    set { unique().entered = newValue }
  }
  /// Seconds spent in each state before the current stay (for deadlines that stop the clock).
  public var timeIn: [String: Double] {
    get { storage.timeIn }
    _modify { yield &unique().timeIn }
    set { unique().timeIn = newValue }
  }
  /// The latest session of each council.
  public var councils: [String: CouncilSession] {
    get { storage.councils }
    _modify { yield &unique().councils }
    set { unique().councils = newValue }
  }
  /// The number of events applied; the sequence number of the last one.
  public var version: Int {
    get { storage.version }
    _modify { yield &unique().version }
    set { unique().version = newValue }
  }
  public var createdAt: Date {
    get { storage.createdAt }
    _modify { yield &unique().createdAt }
    set { unique().createdAt = newValue }
  }
  /// When (effective time) the current state was entered.
  public var enteredAt: Date {
    get { storage.enteredAt }
    _modify { yield &unique().enteredAt }
    set { unique().enteredAt = newValue }
  }
  /// The latest effective time of any event (notices included).
  public var lastEffectiveAt: Date {
    get { storage.lastEffectiveAt }
    _modify { yield &unique().lastEffectiveAt }
    set { unique().lastEffectiveAt = newValue }
  }
  /// The effective time of the latest event entered by a person (or caused by one); a person's new
  /// event may not be earlier. Scheduler notices keep the time they were raised and do not move it.
  public var lastActedAt: Date {
    get { storage.lastActedAt }
    _modify { yield &unique().lastActedAt }
    set { unique().lastActedAt = newValue }
  }
  /// For an imported task: when tracking began; deadline occurrences due before it are not tracked.
  public var trackedSince: Date? {
    get { storage.trackedSince }
    _modify { yield &unique().trackedSince }
    set { unique().trackedSince = newValue }
  }
  /// For an imported task: how often each transition had fired before tracking began.
  public var importedCounts: [String: Int] {
    get { storage.importedCounts }
    _modify { yield &unique().importedCounts }
    set { unique().importedCounts = newValue }
  }

  /// How many times each transition has fired.
  public var counts: [String: Int] { firings.mapValues(\.count) }
  /// When each transition last fired.
  public var lastFired: [String: Date] { firings.mapValues(\.last) }

  public init(
    key: String, workflowId: String, definitionHash: String, state: String, fields: [String: Value] = [:],
    documents: [String: DocumentRef] = [:], counts: [String: Int] = [:], lastFired: [String: Date] = [:],
    entered: [String: Date] = [:], timeIn: [String: Double] = [:], councils: [String: CouncilSession] = [:], version: Int = 0,
    createdAt: Date,
    enteredAt: Date, lastEffectiveAt: Date, lastActedAt: Date? = nil, trackedSince: Date? = nil, importedCounts: [String: Int] = [:]
  ) {
    var firings: [String: Firing] = [:]
    for (t, n) in counts { firings[t] = Firing(count: n, last: lastFired[t] ?? createdAt) }
    self.init(
      key: key, workflowId: workflowId, definitionHash: definitionHash, state: state, fields: fields, documents: documents,
      firings: firings, entered: entered, timeIn: timeIn, councils: councils, version: version, createdAt: createdAt,
      enteredAt: enteredAt, lastEffectiveAt: lastEffectiveAt, lastActedAt: lastActedAt, trackedSince: trackedSince,
      importedCounts: importedCounts)
  }

  /// A task with its firings as they are kept (what a projection reader has at hand).
  init(
    key: String, workflowId: String, definitionHash: String, state: String, fields: [String: Value], documents: [String: DocumentRef],
    firings: [String: Firing], entered: [String: Date], timeIn: [String: Double], councils: [String: CouncilSession], version: Int,
    createdAt: Date, enteredAt: Date, lastEffectiveAt: Date, lastActedAt: Date?, trackedSince: Date?, importedCounts: [String: Int]
  ) {
    storage = Storage(
      key: key, workflowId: workflowId, definitionHash: definitionHash, state: state, fields: fields, documents: documents,
      firings: firings, entered: entered.isEmpty ? [state: enteredAt] : entered, timeIn: timeIn, councils: councils,
      version: version, createdAt: createdAt, enteredAt: enteredAt, lastEffectiveAt: lastEffectiveAt,
      lastActedAt: lastActedAt ?? lastEffectiveAt, trackedSince: trackedSince, importedCounts: importedCounts)
  }

  public static func == (lhs: TaskState, rhs: TaskState) -> Bool {
    if lhs.storage === rhs.storage { return true }
    let a = lhs.storage
    let b = rhs.storage
    return a.key == b.key
      && a.workflowId == b.workflowId
      && a.definitionHash == b.definitionHash
      && a.state == b.state
      && a.fields == b.fields
      && a.documents == b.documents
      && a.firings == b.firings
      && a.entered == b.entered
      && a.timeIn == b.timeIn
      && a.councils == b.councils
      && a.version == b.version
      && a.createdAt == b.createdAt
      && a.enteredAt == b.enteredAt
      && a.lastEffectiveAt == b.lastEffectiveAt
      && a.lastActedAt == b.lastActedAt
      && a.trackedSince == b.trackedSince
      && a.importedCounts == b.importedCounts
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
