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
    var read = ProjectionRead()
    do {
      try JSONParser.read(projection) { (p: inout JSONParser) throws(JSONParser.SyntaxError) in
        try p.members { (p: inout JSONParser, name: JSONParser.Key) throws(JSONParser.SyntaxError) in try read.member(name, &p) }
      }
    } catch {
      throw ValueCoding.Failure(description: "task \(key) projection is not JSON")
    }
    func required(_ name: String, _ time: Date?) throws(ValueCoding.Failure) -> Date {
      guard let time else { throw ValueCoding.Failure(description: "task \(key) projection lacks '\(name)'") }
      return time
    }
    let fields = try ValueCoding.fields(read.fields, definition: definition)
    return TaskState(
      key: key, workflowId: workflow, definitionHash: definitionHash, state: state, fields: fields, documents: read.documents,
      counts: read.counts, lastFired: read.lastFired, entered: read.entered, timeIn: read.timeIn, councils: read.councils,
      version: version, createdAt: try required("createdAt", read.createdAt), enteredAt: try required("enteredAt", read.enteredAt),
      lastEffectiveAt: try required("lastEffectiveAt", read.lastEffectiveAt), lastActedAt: read.lastActedAt,
      trackedSince: read.trackedSince, importedCounts: read.importedCounts)
  }
}

/// The parts of a projection as they are read; what is absent, or not of its kind, stays empty. The three times every
/// projection must have are read in any form people write times; the others only as the store writes them.
private struct ProjectionRead {
  var fields: JSON?
  var documents: [String: DocumentRef] = [:]
  var counts: [String: Int] = [:]
  var lastFired: [String: Date] = [:]
  var entered: [String: Date] = [:]
  var timeIn: [String: Double] = [:]
  var councils: [String: CouncilSession] = [:]
  var importedCounts: [String: Int] = [:]
  var createdAt: Date?
  var enteredAt: Date?
  var lastEffectiveAt: Date?
  var lastActedAt: Date?
  var trackedSince: Date?

  mutating func member(_ name: JSONParser.Key, _ p: inout JSONParser) throws(JSONParser.SyntaxError) {
    if name.is("fields") {
      fields = try p.value()
    } else if name.is("documents") {
      try p.members { (p: inout JSONParser, k: JSONParser.Key) throws(JSONParser.SyntaxError) in
        documents[k.string] = EventCoding.document(try p.value())
      }
    } else if name.is("counts") {
      counts = try Self.integers(&p)
    } else if name.is("lastFired") {
      lastFired = try Self.stamps(&p)
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
