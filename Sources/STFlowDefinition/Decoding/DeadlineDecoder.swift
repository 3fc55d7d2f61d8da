import STFlowRules

/// Decodes the `deadlines` array of a definition, recording problems with their JSON paths.
enum DeadlineDecoder {
  static let keys = [
    "id", "label", "due", "every", "from", "while", "metBy", "pauseWhile", "remind", "overdue", "onMissed", "catchUp", "notify",
    "basis", "description", "rollToWorkingDay",
  ]

  static func decode(_ json: JSON?, problems: inout [DefinitionProblem]) -> [DeadlineDefinition] {
    guard let json else { return [] }
    guard case .array(let items) = json else {
      problems.append(DefinitionProblem(path: "$.deadlines", message: "expected an array, found \(json.kindDescription)"))
      return []
    }
    var out: [DeadlineDefinition] = []
    for (i, item) in items.enumerated() {
      let p = "$.deadlines[\(i)]"
      guard var r = ObjectReader(item, path: p, problems: &problems) else { continue }
      r.rejectUnknownKeys(keys)
      let id = r.string("id", required: true) ?? "#\(i)"
      func expression(_ key: String) -> GuardExpression? {
        guard let source = r.string(key) else { return nil }
        do {
          return try GuardExpression(parsing: source)
        } catch {
          r.fail(key, "expression does not parse at \(error.description): \(source)")
          return nil
        }
      }
      func period(_ text: String?, _ path: String) -> Period? {
        guard let text else { return nil }
        guard let p = Period(text) else {
          r.problems.append(DefinitionProblem(path: path, message: "'\(text)' is not a duration (30d, 15wd, 2w, 6mo, 1y)"))
          return nil
        }
        return p
      }
      var schedule: DeadlineDefinition.Schedule?
      if r["due"] != nil {
        if r["every"] != nil { r.fail("every", "a deadline has either \"due\" or \"every\" with \"from\", not both") }
        schedule = expression("due").map { .once(due: $0) }
      } else if let every = period(r.string("every"), "\(p).every") {
        if let from = expression("from") {
          schedule = .recurring(from: from, every: every)
        } else if r["from"] == nil {
          r.fail("from", "a recurring deadline needs \"from\" (the date the periods count from)")
        }
      } else if r["every"] == nil {
        r.fail("due", "is required (or \"every\" with \"from\" for a recurring deadline)")
      }
      let reminders = (r.names("remind") ?? []).enumerated().compactMap { j, t in period(t, "\(p).remind[\(j)]") }
      var overdueEvery: Period?
      var escalateTo: String?
      var limit = 12
      if let o = r["overdue"] {
        if var or = ObjectReader(o, path: "\(p).overdue", problems: &r.problems) {
          or.rejectUnknownKeys(["every", "escalateTo", "limit"])
          overdueEvery = period(or.string("every", required: true), "\(p).overdue.every")
          escalateTo = or.string("escalateTo")
          limit = or.integer("limit") ?? 12
          r.absorb(or)
        }
      }
      var consequence: DeadlineDefinition.Consequence?
      if let c = r["onMissed"] {
        if var cr = ObjectReader(c, path: "\(p).onMissed", problems: &r.problems) {
          cr.rejectUnknownKeys(["count", "set"])
          let count = cr.integer("count") ?? 1
          var sets: [(field: String, value: Value)] = []
          for (field, v) in cr["set"]?.objectValue ?? [] {
            switch v {
            case .bool(let b): sets.append((field, .bool(b)))
            case .string(let s): sets.append((field, .string(s)))
            case .integer(let n): sets.append((field, .integer(n)))
            default:
              cr.problems.append(
                DefinitionProblem(path: "\(p).onMissed.set.\(field)", message: "expected true/false, a string or an integer"))
            }
          }
          if sets.isEmpty { cr.fail("set", "is required: the fields the consequence sets, e.g. {\"fundingSuspended\": true}") }
          consequence = DeadlineDefinition.Consequence(afterMissed: count, set: sets)
          r.absorb(cr)
        }
      }
      var catchUp = DeadlineDefinition.CatchUp.latest
      if let c = r.string("catchUp") {
        if c == "all" {
          catchUp = .all
        } else if c == "latest" {
          catchUp = .latest
        } else if c.hasPrefix("skipOlderThan:"), let period = Period(c.dropFirst("skipOlderThan:".count)) {
          catchUp = .skipOlderThan(period)
        } else {
          r.fail("catchUp", "expected \"all\", \"latest\" or \"skipOlderThan:30d\", not '\(c)'")
        }
      }
      let activeIn = r.names("while", required: true) ?? []
      let deadline = DeadlineDefinition(
        id: id, label: r.localized("label") ?? LocalizedText(vi: id, en: id),
        schedule: schedule ?? .once(due: .placeholder), activeIn: activeIn,
        metBy: r.string("metBy"), pausedIn: r.names("pauseWhile") ?? [], reminders: reminders, overdueEvery: overdueEvery,
        escalateTo: escalateTo, overdueLimit: limit, consequence: consequence, catchUp: catchUp, notify: r.names("notify") ?? [],
        basis: r.string("basis"), rollToWorkingDay: r.bool("rollToWorkingDay"))
      problems += r.problems
      out.append(deadline)
    }
    return out
  }
}
