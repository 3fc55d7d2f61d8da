import Foundation
import STFlowRules

/// Turns definition JSON into a validated ``WorkflowDefinition``, or a ``DefinitionError`` listing
/// every problem with its file and JSON path.
public enum DefinitionLoader {
  static let topLevelKeys = [
    "id", "version", "title", "calendar", "timeZone", "roles", "fields", "initial", "states", "transitions",
    "createBy", "editBy", "deadlines", "councils", "description", "report", "import",
  ]

  /// Loads and validates the file at `path`.
  public static func load(file path: String) throws(DefinitionError) -> WorkflowDefinition {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw DefinitionError(problems: [DefinitionProblem(file: path, path: "$", message: "file cannot be read")])
    }
    return try load(bytes: Array(data), file: path)
  }

  /// Loads and validates definition JSON text.
  public static func load(text: String, file: String? = nil) throws(DefinitionError) -> WorkflowDefinition {
    try load(bytes: Array(text.utf8), file: file)
  }

  public static func load(bytes: [UInt8], file: String? = nil) throws(DefinitionError) -> WorkflowDefinition {
    let json: JSON
    do {
      json = try JSONParser.parse(bytes: bytes)
    } catch {
      throw DefinitionError(problems: [
        DefinitionProblem(file: file, path: "$", message: "not valid JSON: \(error.description)")
      ])
    }
    return try load(json: json, file: file)
  }

  public static func load(json: JSON, file: String? = nil) throws(DefinitionError) -> WorkflowDefinition {
    var problems: [DefinitionProblem] = []
    let definition = decode(json, problems: &problems)
    if let definition, problems.isEmpty {
      problems += DefinitionValidator(definition: definition).validate()
    }
    guard problems.isEmpty, let definition else {
      throw DefinitionError(
        problems: problems.map {
          var p = $0; p.file = file; return p
        })
    }
    return definition
  }

  static func decode(_ json: JSON, problems: inout [DefinitionProblem]) -> WorkflowDefinition? {
    guard var top = ObjectReader(json, path: "$", problems: &problems) else { return nil }
    top.rejectUnknownKeys(topLevelKeys)
    let id = top.string("id", required: true)
    if let id, !isName(id) { top.fail("id", "'\(id)' is not a valid name (letters, digits, '_' and '-')") }
    let version = top.integer("version", required: true)
    if let version, version < 1 { top.fail("version", "must be 1 or more") }
    let title = top.localized("title", required: true)
    let calendar = top.string("calendar")
    var timeZone = TimeZone.vietnam
    if let tz = top.string("timeZone") {
      if let z = TimeZone(identifier: tz) { timeZone = z } else { top.fail("timeZone", "unknown time zone '\(tz)'") }
    }
    let roles = top.names("roles", required: true) ?? []
    let initial = top.string("initial", required: true)
    let createBy = top.names("createBy") ?? []
    let editBy = top.names("editBy") ?? createBy
    let fields = decodeFields(top["fields"], path: top.childPath("fields"), problems: &top)
    let states = decodeStates(top["states"], path: top.childPath("states"), problems: &top)
    let transitions = decodeTransitions(top["transitions"], path: top.childPath("transitions"), problems: &top)
    let deadlines = DeadlineDecoder.decode(top["deadlines"], problems: &top.problems)
    let councils = CouncilDecoder.decode(top["councils"], problems: &top.problems)
    let report = ReportDecoder.decode(top["report"], problems: &top.problems)
    let importing = ReportDecoder.decodeImport(top["import"], problems: &top.problems)
    problems += top.problems
    guard let id, let version, let title, let initial else { return nil }
    return WorkflowDefinition(
      id: id, version: version, title: title, calendarName: calendar, timeZone: timeZone, roles: roles,
      fields: fields, initial: initial, states: states, transitions: transitions,
      createBy: createBy.isEmpty ? roles : createBy, editBy: editBy.isEmpty ? roles : editBy,
      deadlines: deadlines, councils: councils,
      report: ReportDecoder.complete(report, initial: initial, states: states, transitions: top["transitions"]),
      importing: importing, source: json)
  }

  /// `"report": "contracted"`; the older `"acceptance:FIELD"` reads as `acceptance` (the rating field is
  /// named once, in the report section).
  static func reportCategory(_ r: inout ObjectReader) -> ReportCategory? {
    guard let text = r.string("report") else { return nil }
    let name = text.hasPrefix("acceptance:") ? "acceptance" : text
    guard let category = ReportCategory(rawValue: name) else {
      r.fail("report", "unknown report category '\(text)' (categories: \(ReportCategory.allCases.map(\.rawValue).joined(separator: ", ")))")
      return nil
    }
    return category
  }

  static func isName(_ s: String) -> Bool {
    !s.isEmpty
      && s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
  }

  static func decodeFields(_ json: JSON?, path: String, problems top: inout ObjectReader) -> [FieldDefinition] {
    guard let json else {
      top.fail("fields", "is required (an object of field definitions)")
      return []
    }
    var problems: [DefinitionProblem] = []
    defer { top.problems.append(contentsOf: problems) }
    guard let list = ObjectReader(json, path: path, problems: &problems) else { return [] }
    var fields: [FieldDefinition] = []
    for (name, spec) in list.members {
      let p = "\(path).\(name)"
      if !isName(name) || name.contains("-") {
        problems.append(DefinitionProblem(path: p, message: "'\(name)' is not a valid field name (letters, digits and '_')"))
      }
      guard var r = ObjectReader(spec, path: p, problems: &problems) else { continue }
      r.rejectUnknownKeys(["type", "required", "values", "valueLabels", "grantsRole", "editBy", "label", "description", "aliases"])
      let typeName = r.string("type", required: true)
      let type = typeName.flatMap(FieldType.init(rawValue:))
      if let typeName, type == nil {
        r.fail("type", "unknown type '\(typeName)' (expected one of: \(FieldType.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      let values = r.names("values") ?? []
      if type == .enum && values.isEmpty { r.fail("values", "an enum field needs a non-empty list of values") }
      if type != .enum && r["values"] != nil { r.fail("values", "only an enum field has values") }
      let grants = r.string("grantsRole")
      if grants != nil && type != .actor { r.fail("grantsRole", "only an actor field can grant a role") }
      var field = FieldDefinition(
        name: name, type: type ?? .string, required: r.bool("required"), enumValues: values, grantsRole: grants,
        editBy: r.names("editBy"), label: r.localized("label"))
      field.aliases = r.names("aliases") ?? []
      if let labels = r["valueLabels"] {
        if type != .enum { r.fail("valueLabels", "only an enum field has value labels") }
        if var lr = ObjectReader(labels, path: r.childPath("valueLabels"), problems: &r.problems) {
          for (value, _) in lr.members {
            if !values.contains(value) { lr.fail(value, "'\(value)' is not one of the values (\(values.joined(separator: ", ")))") }
            if let text = lr.localized(value) { field.valueLabels[value] = text }
          }
          r.absorb(lr)
        }
      }
      problems += r.problems
      fields.append(field)
    }
    return fields
  }

  static func decodeStates(_ json: JSON?, path: String, problems top: inout ObjectReader) -> [StateDefinition] {
    guard let json else {
      top.fail("states", "is required (an object of states)")
      return []
    }
    var problems: [DefinitionProblem] = []
    defer { top.problems.append(contentsOf: problems) }
    guard let list = ObjectReader(json, path: path, problems: &problems) else { return [] }
    var states: [StateDefinition] = []
    for (name, spec) in list.members {
      let p = "\(path).\(name)"
      if !isName(name) { problems.append(DefinitionProblem(path: p, message: "'\(name)' is not a valid state name")) }
      guard var r = ObjectReader(spec, path: p, problems: &problems) else { continue }
      r.rejectUnknownKeys(["label", "final", "stage", "description", "aliases"])
      var state = StateDefinition(
        name: name, label: r.localized("label", required: true) ?? LocalizedText(en: name), isFinal: r.bool("final"),
        stage: r.string("stage"))
      state.aliases = r.names("aliases") ?? []
      problems += r.problems
      states.append(state)
    }
    return states
  }

  static func decodeTransitions(_ json: JSON?, path: String, problems top: inout ObjectReader) -> [TransitionDefinition] {
    guard let json else {
      top.fail("transitions", "is required (an array of transitions)")
      return []
    }
    guard case .array(let items) = json else {
      top.fail("transitions", "expected an array, found \(json.kindDescription)")
      return []
    }
    var problems: [DefinitionProblem] = []
    defer { top.problems.append(contentsOf: problems) }
    var transitions: [TransitionDefinition] = []
    for (i, item) in items.enumerated() {
      let p = "\(path)[\(i)]"
      guard var r = ObjectReader(item, path: p, problems: &problems) else { continue }
      r.rejectUnknownKeys([
        "id", "from", "to", "by", "requires", "accepts", "when", "rules", "set", "automatic", "report", "requiresComment", "label",
        "basis", "description",
      ])
      let id = r.string("id", required: true)
      if let id, !isName(id) { r.fail("id", "'\(id)' is not a valid transition id") }
      let from = r.names("from", required: true) ?? []
      if r["from"] != nil && from.isEmpty { r.fail("from", "needs at least one state") }
      var guardExpression: GuardExpression?
      if let source = r.string("when") {
        do {
          guardExpression = try GuardExpression(parsing: source)
        } catch {
          r.fail("when", "guard does not parse at \(error.description): \(source)")
        }
      }
      var assignments: [(field: String, expression: GuardExpression)] = []
      if let setJSON = r["set"] {
        if case .object(let members) = setJSON {
          for (field, value) in members {
            guard case .string(let source) = value else {
              r.problems.append(DefinitionProblem(path: "\(p).set.\(field)", message: "expected an expression string"))
              continue
            }
            do {
              assignments.append((field, try GuardExpression(parsing: source)))
            } catch {
              r.problems.append(
                DefinitionProblem(path: "\(p).set.\(field)", message: "expression does not parse at \(error.description): \(source)"))
            }
          }
        } else {
          r.fail("set", "expected an object of field: expression")
        }
      }
      var rules: [GuardRule] = []
      for (j, item) in (r["rules"]?.arrayValue ?? []).enumerated() {
        let rp = "\(p).rules[\(j)]"
        guard var rr = ObjectReader(item, path: rp, problems: &r.problems) else { continue }
        rr.rejectUnknownKeys(["id", "when", "message", "basis", "values"])
        let ruleId = rr.string("id", required: true) ?? "#\(j)"
        var condition: GuardExpression?
        if let source = rr.string("when", required: true) {
          do {
            condition = try GuardExpression(parsing: source)
          } catch {
            rr.fail("when", "guard does not parse at \(error.description): \(source)")
          }
        }
        var values: [GuardRule.Shown] = []
        for (name, v) in rr["values"]?.objectValue ?? [] {
          // "name": "expression", or "name": {"expression": …, "label": {"vi": …, "en": …}}.
          var label: LocalizedText?
          var source = v.stringValue
          if v.objectValue != nil, var vr = ObjectReader(v, path: "\(rp).values.\(name)", problems: &rr.problems) {
            vr.rejectUnknownKeys(["expression", "label"])
            source = vr.string("expression", required: true)
            label = vr.localized("label")
            rr.absorb(vr)
          }
          guard let source, let e = try? GuardExpression(parsing: source) else {
            rr.problems.append(
              DefinitionProblem(path: "\(rp).values.\(name)", message: "expected an expression that parses, or {expression, label}"))
            continue
          }
          values.append(GuardRule.Shown(name: name, expression: e, label: label))
        }
        if let condition {
          rules.append(
            GuardRule(id: ruleId, condition: condition, message: rr.localized("message"), basis: rr.string("basis"), values: values))
        }
        r.absorb(rr)
      }
      if r["rules"] != nil && r["rules"]?.arrayValue == nil { r.fail("rules", "expected an array of {id, when, message}") }
      let automatic = r.bool("automatic")
      if automatic && guardExpression == nil { r.fail("automatic", "an automatic transition needs a guard ('when')") }
      let t = TransitionDefinition(
        id: id ?? "#\(i)", from: from, to: r.string("to"), by: r.names("by") ?? [], requires: r.names("requires") ?? [],
        accepts: r.names("accepts") ?? [],
        guardExpression: guardExpression, rules: rules, assignments: assignments, isAutomatic: automatic,
        requiresComment: r.bool("requiresComment"),
        label: r.localized("label"), basis: r.string("basis"), reportCategory: reportCategory(&r))
      if !automatic && t.by.isEmpty { r.fail("by", "is required: the roles allowed to fire '\(t.id)'") }
      problems += r.problems
      transitions.append(t)
    }
    return transitions
  }
}
