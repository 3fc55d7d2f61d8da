import STFlowRules

/// Decodes the `report` and `import` sections of a definition, recording problems with their JSON paths.
/// Names are checked against the fields and states by ``DefinitionValidator``.
enum ReportDecoder {
  static func decode(_ json: JSON?, problems: inout [DefinitionProblem]) -> ReportDefinition? {
    guard let json, var r = ObjectReader(json, path: "$.report", problems: &problems) else { return nil }
    r.rejectUnknownKeys([
      "startYear", "startDate", "proposalStates", "planStates", "followed", "breakdowns", "budgetApproved", "budgetDisbursed", "rating",
      "annex", "description",
    ])
    var followed: (field: String, values: [String])?
    if let f = r["followed"], var fr = ObjectReader(f, path: r.childPath("followed"), problems: &r.problems) {
      fr.rejectUnknownKeys(["field", "values"])
      if let field = fr.string("field", required: true), let values = fr.names("values", required: true) {
        followed = (field, values)
      }
      r.absorb(fr)
    }
    var annex: AnnexColumns?
    if let a = r["annex"], var ar = ObjectReader(a, path: r.childPath("annex"), problems: &r.problems) {
      ar.rejectUnknownKeys(AnnexColumns.keys.map(\.key) + ["description"])
      var columns = AnnexColumns()
      for k in AnnexColumns.keys { columns[keyPath: k.path] = ar.string(k.key) }
      annex = columns
      r.absorb(ar)
    }
    let report = ReportDefinition(
      startYear: r.string("startYear"), startDate: r.string("startDate"), proposalStates: r.names("proposalStates") ?? [],
      planStates: r.names("planStates") ?? [], followed: followed, breakdowns: r.names("breakdowns") ?? [],
      budgetApproved: r.string("budgetApproved"), budgetDisbursed: r.string("budgetDisbursed"), rating: r.string("rating"), annex: annex)
    problems += r.problems
    return report
  }

  /// Fills what the section left out: the initial state as the proposal state, every other non-final
  /// state as on the plan, and the rating field of an older `"acceptance:FIELD"` category.
  static func complete(_ report: ReportDefinition?, initial: String, states: [StateDefinition], transitions: JSON?) -> ReportDefinition {
    let defaults = ReportDefinition.defaults(initial: initial, states: states)
    var r = report ?? defaults
    if r.proposalStates.isEmpty { r.proposalStates = defaults.proposalStates }
    if r.planStates.isEmpty { r.planStates = defaults.planStates }
    if r.rating == nil {
      for t in transitions?.arrayValue ?? [] {
        if let text = t["report"]?.stringValue, text.hasPrefix("acceptance:") {
          r.rating = String(text.dropFirst("acceptance:".count))
          break
        }
      }
    }
    return r
  }

  static func decodeImport(_ json: JSON?, problems: inout [DefinitionProblem]) -> ImportDefinition {
    guard let json, var r = ObjectReader(json, path: "$.import", problems: &problems) else { return ImportDefinition() }
    r.rejectUnknownKeys(["period", "ignore", "keyPrefix", "description"])
    var result = ImportDefinition(ignore: r.names("ignore") ?? [])
    if let p = r["period"], var pr = ObjectReader(p, path: r.childPath("period"), problems: &r.problems) {
      pr.rejectUnknownKeys(["headers", "start", "end"])
      if let headers = pr.names("headers", required: true), let start = pr.string("start", required: true),
        let end = pr.string("end", required: true)
      {
        result.period = ImportDefinition.PeriodColumn(headers: headers, start: start, end: end)
      }
      r.absorb(pr)
    }
    if let k = r["keyPrefix"], var kr = ObjectReader(k, path: r.childPath("keyPrefix"), problems: &r.problems) {
      kr.rejectUnknownKeys(["field", "prefixes", "fallback"])
      var prefixes: [String: String] = [:]
      for (value, prefix) in kr["prefixes"]?.objectValue ?? [] {
        if let s = prefix.stringValue { prefixes[value] = s } else { kr.fail("prefixes", "expected strings, e.g. {\"de_tai\": \"ĐT\"}") }
      }
      if let field = kr.string("field", required: true) {
        result.keyPrefix = (field, prefixes, kr.string("fallback") ?? "NV")
      }
      r.absorb(kr)
    }
    problems += r.problems
    return result
  }
}
