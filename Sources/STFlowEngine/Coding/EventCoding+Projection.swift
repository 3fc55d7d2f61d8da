import Foundation
import STFlowDefinition
import STFlowRules

extension EventCoding {
  /// A task's state from its projection row: the columns of its own and the JSON ``json(_:)-(TaskState)`` wrote.
  ///
  /// The JSON is read value by value straight into the state, with no tree but for the parts decoded elsewhere (the
  /// fields, by their definition; councils; documents): reading a large portfolio is mostly this. Text that is not
  /// JSON fails as "not JSON", whatever else is wrong with it; a projection without its times fails naming the first
  /// missing one.
  public static func task(
    key: String, workflow: String, definitionHash: String, state: String, version: Int, projection: String,
    definition: WorkflowDefinition
  ) throws(ValueCoding.Failure) -> TaskState {
    var read = ProjectionRead(definition: definition)
    do {
      try JSONParser.read(projection) { (p: inout JSONParser) throws(JSONParser.SyntaxError) in
        try p.members { (p: inout JSONParser, name: JSONParser.Key) throws(JSONParser.SyntaxError) in try read.member(name, &p) }
      }
    } catch {
      throw ValueCoding.Failure(description: "task \(key) projection is not JSON")
    }
    if let failure = read.failure { throw failure }
    func required(_ name: String, _ time: Date?) throws(ValueCoding.Failure) -> Date {
      guard let time else { throw ValueCoding.Failure(description: "task \(key) projection lacks '\(name)'") }
      return time
    }
    let createdAt = try required("createdAt", read.createdAt)
    return TaskState(
      key: key, workflowId: workflow, definitionHash: definitionHash, state: state, fields: read.fields, documents: read.documents,
      firings: read.firings(since: createdAt), entered: read.entered, timeIn: read.timeIn, councils: read.councils, version: version,
      createdAt: createdAt, enteredAt: try required("enteredAt", read.enteredAt),
      lastEffectiveAt: try required("lastEffectiveAt", read.lastEffectiveAt), lastActedAt: read.lastActedAt,
      trackedSince: read.trackedSince, importedCounts: read.importedCounts)
  }
}

/// The parts of a projection as they are read; what is absent, or not of its kind, stays empty. The three times every
/// projection must have are read in any form people write times; the others only as the store writes them.
private struct ProjectionRead {
  let definition: WorkflowDefinition
  /// The fields, each decoded as its definition types it as it is read.
  var fields: [String: Value] = [:]
  /// The first field that is unknown or not of its type.
  var failure: ValueCoding.Failure?
  var documents: [String: DocumentRef] = [:]
  /// How often each transition fired, with when last once `lastFired` is read (`nil` until then).
  var counts: [String: (count: Int, last: Date?)] = [:]
  /// `lastFired` when it comes before `counts` (the store writes it after).
  var lastFiredFirst: [String: Date] = [:]
  var entered: [String: Date] = [:]
  var timeIn: [String: Double] = [:]
  var councils: [String: CouncilSession] = [:]
  var importedCounts: [String: Int] = [:]
  var createdAt: Date?
  var enteredAt: Date?
  var lastEffectiveAt: Date?
  var lastActedAt: Date?
  var trackedSince: Date?

  init(definition: WorkflowDefinition) {
    self.definition = definition
  }

  /// The firings: every counted transition, last fired when `lastFired` says, else at the task's creation.
  func firings(since createdAt: Date) -> [String: Firing] {
    var out: [String: Firing] = [:]
    out.reserveCapacity(counts.count)
    for (t, c) in counts { out[t] = Firing(count: c.count, last: c.last ?? lastFiredFirst[t] ?? createdAt) }
    return out
  }

  mutating func member(_ name: JSONParser.Key, _ p: inout JSONParser) throws(JSONParser.SyntaxError) {
    if name.is("fields") {
      try p.members { (p: inout JSONParser, k: JSONParser.Key) throws(JSONParser.SyntaxError) in
        let field = k.string
        let json = try p.value()
        guard failure == nil else { return }
        guard let i = definition.fieldIndex[field] else {
          failure = ValueCoding.Failure(description: "unknown field '\(field)'")
          return
        }
        do throws(ValueCoding.Failure) { fields[field] = try ValueCoding.value(json, as: definition.fields[i].type) } catch {
          failure = error
        }
      }
    } else if name.is("documents") {
      try p.members { (p: inout JSONParser, k: JSONParser.Key) throws(JSONParser.SyntaxError) in
        documents[k.string] = EventCoding.document(try p.value())
      }
    } else if name.is("counts") {
      try p.members { (p: inout JSONParser, k: JSONParser.Key) throws(JSONParser.SyntaxError) in
        counts[k.string] = (Int(try p.value().intValue ?? 0), nil)
      }
    } else if name.is("lastFired") {
      try p.members { (p: inout JSONParser, k: JSONParser.Key) throws(JSONParser.SyntaxError) in
        let t = k.string
        guard let at = try Self.stamp(&p) else { return }
        if counts[t] != nil { counts[t]?.last = at } else { lastFiredFirst[t] = at }
      }
    } else if name.is("entered") {
      entered = try Self.stamps(&p)
    } else if name.is("timeIn") {
      try p.members { (p: inout JSONParser, k: JSONParser.Key) throws(JSONParser.SyntaxError) in
        switch try p.value() {
        case .integer(let i): timeIn[k.string] = Double(i)
        case .number(let d): timeIn[k.string] = d
        default: break
        }
      }
    } else if name.is("councils") {
      try p.members { (p: inout JSONParser, k: JSONParser.Key) throws(JSONParser.SyntaxError) in
        councils[k.string] = CouncilCoding.session(try p.value())
      }
    } else if name.is("createdAt") {
      createdAt = try Self.time(&p)
    } else if name.is("enteredAt") {
      enteredAt = try Self.time(&p)
    } else if name.is("lastEffectiveAt") {
      lastEffectiveAt = try Self.time(&p)
    } else if name.is("lastActedAt") {
      lastActedAt = try Self.stamp(&p)
    } else if name.is("trackedSince") {
      trackedSince = try Self.stamp(&p)
    } else if name.is("importedCounts") {
      importedCounts = try Self.integers(&p)
    } else {
      _ = try p.value()
    }
  }

  static func integers(_ p: inout JSONParser) throws(JSONParser.SyntaxError) -> [String: Int] {
    var out: [String: Int] = [:]
    try p.members { (p: inout JSONParser, k: JSONParser.Key) throws(JSONParser.SyntaxError) in
      out[k.string] = Int(try p.value().intValue ?? 0)
    }
    return out
  }

  static func stamps(_ p: inout JSONParser) throws(JSONParser.SyntaxError) -> [String: Date] {
    var out: [String: Date] = [:]
    try p.members { (p: inout JSONParser, k: JSONParser.Key) throws(JSONParser.SyntaxError) in out[k.string] = try stamp(&p) }
    return out
  }

  /// A time as `Timestamp.format` writes it, `nil` otherwise.
  static func stamp(_ p: inout JSONParser) throws(JSONParser.SyntaxError) -> Date? {
    if let text = p.plainString() { return Timestamp.parseStored(utf8: text) }
    return try p.value().stringValue.flatMap(Timestamp.parseStored)
  }

  /// A time in any form `Timestamp.parse` reads (in UTC when it names no zone), `nil` otherwise.
  static func time(_ p: inout JSONParser) throws(JSONParser.SyntaxError) -> Date? {
    if let text = p.plainString() {
      return Timestamp.parseStored(utf8: text) ?? Timestamp.parse(String(decoding: text, as: UTF8.self), in: .gmt)
    }
    return try p.value().stringValue.flatMap { Timestamp.parse($0, in: .gmt) }
  }
}
