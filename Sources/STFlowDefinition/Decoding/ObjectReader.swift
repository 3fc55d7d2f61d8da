import STFlowRules

/// Reads the members of one JSON object for the decoder, recording a problem (with the JSON path)
/// for every member that is missing, of the wrong kind, or unknown.
struct ObjectReader {
  let path: String
  let members: [(String, JSON)]
  var problems: [DefinitionProblem] = []

  /// `nil` (and a problem recorded) when `json` is not an object.
  init?(_ json: JSON, path: String, problems: inout [DefinitionProblem]) {
    guard case .object(let members) = json else {
      problems.append(DefinitionProblem(path: path, message: "expected an object, found \(json.kindDescription)"))
      return nil
    }
    self.path = path
    self.members = members
  }

  func childPath(_ key: String) -> String { "\(path).\(key)" }

  subscript(key: String) -> JSON? { members.first(where: { $0.0 == key })?.1 }

  mutating func fail(_ key: String, _ message: String) {
    problems.append(DefinitionProblem(path: childPath(key), message: message))
  }

  /// Records every key not in `allowed` (keys starting with `_` or `$` are comments and are allowed).
  mutating func rejectUnknownKeys(_ allowed: [String]) {
    for (key, _) in members where !allowed.contains(key) && !key.hasPrefix("_") && !key.hasPrefix("$") {
      problems.append(
        DefinitionProblem(
          path: childPath(key), message: "unknown key '\(key)' (expected one of: \(allowed.joined(separator: ", ")))"))
    }
  }

  mutating func string(_ key: String, required: Bool = false) -> String? {
    guard let v = self[key] else {
      if required { fail(key, "is required (a string)") }
      return nil
    }
    guard case .string(let s) = v, !s.isEmpty else {
      fail(key, "expected a non-empty string, found \(v.kindDescription)")
      return nil
    }
    return s
  }

  mutating func bool(_ key: String) -> Bool {
    guard let v = self[key] else { return false }
    guard case .bool(let b) = v else {
      fail(key, "expected true or false, found \(v.kindDescription)")
      return false
    }
    return b
  }

  mutating func integer(_ key: String, required: Bool = false) -> Int? {
    guard let v = self[key] else {
      if required { fail(key, "is required (an integer)") }
      return nil
    }
    guard let i = v.intValue else {
      fail(key, "expected an integer, found \(v.kindDescription)")
      return nil
    }
    return Int(i)
  }

  /// A list of names: either a single string or an array of strings.
  mutating func names(_ key: String, required: Bool = false) -> [String]? {
    guard let v = self[key] else {
      if required { fail(key, "is required (a name or a list of names)") }
      return nil
    }
    if case .string(let s) = v { return [s] }
    guard case .array(let items) = v else {
      fail(key, "expected a string or an array of strings, found \(v.kindDescription)")
      return nil
    }
    var out: [String] = []
    for (i, item) in items.enumerated() {
      guard case .string(let s) = item, !s.isEmpty else {
        problems.append(
          DefinitionProblem(path: "\(childPath(key))[\(i)]", message: "expected a string, found \(item.kindDescription)"))
        continue
      }
      out.append(s)
    }
    return out
  }

  mutating func localized(_ key: String, required: Bool = false) -> LocalizedText? {
    guard let v = self[key] else {
      if required { fail(key, "is required (an object with \"vi\" and \"en\" texts)") }
      return nil
    }
    if case .string(let s) = v { return LocalizedText(vi: s, en: s) }
    guard var reader = ObjectReader(v, path: childPath(key), problems: &problems) else { return nil }
    let text = LocalizedText(vi: reader.string("vi"), en: reader.string("en"))
    reader.rejectUnknownKeys(["vi", "en"])
    if text.vi == nil && text.en == nil { reader.problems.append(DefinitionProblem(path: reader.path, message: "needs \"vi\" or \"en\"")) }
    problems += reader.problems
    return text
  }

  mutating func absorb(_ other: ObjectReader) { problems += other.problems }
}
