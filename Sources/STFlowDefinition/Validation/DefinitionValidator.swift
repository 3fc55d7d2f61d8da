import STFlowRules

/// Checks a decoded definition as a whole: names that must exist, reachability, dead ends and
/// guards that must type-check. Every problem is reported, each with its JSON path.
struct DefinitionValidator {
  let definition: WorkflowDefinition

  func validate() -> [DefinitionProblem] {
    var problems = validateReport()
    func add(_ path: String, _ message: String) { problems.append(DefinitionProblem(path: path, message: message)) }
    let d = definition
    let stateNames = Set(d.states.map(\.name))
    let roles = Set(d.roles)
    let knownRoles = d.roles.joined(separator: ", ")

    for (name, count) in countDuplicates(d.roles) where count > 1 { add("$.roles", "role '\(name)' is declared \(count) times") }
    if d.states.isEmpty { add("$.states", "a workflow needs at least one state") }
    if stateNames.isEmpty == false && !stateNames.contains(d.initial) {
      add("$.initial", "unknown state '\(d.initial)' (states: \(d.states.map(\.name).joined(separator: ", ")))")
    }
    if d.state(d.initial)?.isFinal == true { add("$.initial", "the initial state '\(d.initial)' must not be final") }
    if !d.states.contains(where: \.isFinal) { add("$.states", "no state is final: a task could never end") }
    for (key, list) in [("createBy", d.createBy), ("editBy", d.editBy)] {
      for r in list where !roles.contains(r) { add("$.\(key)", "unknown role '\(r)' (roles: \(knownRoles))") }
    }
    for (i, f) in d.fields.enumerated() {
      // People read every value by its label: an enum value without a Vietnamese one would show its code.
      for v in f.enumValues where f.valueLabels[v]?.vi == nil {
        add("$.fields.\(f.name).valueLabels", "value '\(v)' of enum field '\(f.name)' has no label: give { \"vi\": …, \"en\": … }")
      }
      if let g = f.grantsRole, !roles.contains(g) { add("$.fields.\(f.name).grantsRole", "unknown role '\(g)' (roles: \(knownRoles))") }
      for r in f.editBy ?? [] where !roles.contains(r) { add("$.fields.\(f.name).editBy", "unknown role '\(r)' (roles: \(knownRoles))") }
      if WorkflowDefinition.builtinReferences.contains(f.name) || f.name == "count" {
        add("$.fields.\(f.name)", "'\(f.name)' is a built-in name and cannot be a field")
      }
      _ = i
    }

    for (id, count) in countDuplicates(d.transitions.map(\.id)) where count > 1 {
      add("$.transitions", "transition id '\(id)' is used \(count) times")
    }
    for (i, t) in d.transitions.enumerated() {
      let p = "$.transitions[\(i)]"
      for s in t.from where s != "*" && !stateNames.contains(s) {
        add("\(p).from", "unknown state '\(s)' in transition '\(t.id)'")
      }
      for s in t.from where stateNames.contains(s) && d.state(s)?.isFinal == true {
        add("\(p).from", "transition '\(t.id)' leaves the final state '\(s)'")
      }
      if let to = t.to, !stateNames.contains(to) { add("\(p).to", "unknown state '\(to)' in transition '\(t.id)'") }
      if t.isAutomatic && t.to == nil { add("\(p).to", "automatic transition '\(t.id)' needs a target state") }
      for r in t.by where !roles.contains(r) { add("\(p).by", "unknown role '\(r)' in transition '\(t.id)' (roles: \(knownRoles))") }
      for f in t.requires where d.field(f) == nil {
        add("\(p).requires", "unknown field '\(f)' required by transition '\(t.id)'")
      }
      for f in t.accepts where d.field(f) == nil {
        add("\(p).accepts", "unknown field '\(f)' accepted by transition '\(t.id)'")
      }
      if t.reportCategory == .acceptance && d.report.rating == nil {
        add("\(p).report", "an acceptance is counted by its rating: name the rating field in $.report.rating")
      }
      for (field, expression) in t.assignments {
        guard let f = d.field(field) else {
          add("\(p).set.\(field)", "unknown field '\(field)' assigned by transition '\(t.id)'")
          continue
        }
        do {
          let type = try expression.typeCheck(schema: d.schema)
          let ok = type == f.type.valueType || type == .null || (f.type == .money && type == .integer)
          if !ok {
            add("\(p).set.\(field)", "'\(field)' is \(f.type.rawValue) but the expression is \(type.article): \(expression.source)")
          }
        } catch {
          add("\(p).set.\(field)", "expression error at \(error.description): \(expression.source)")
        }
      }
      for (j, rule) in t.rules.enumerated() {
        do {
          let type = try rule.condition.typeCheck(schema: d.schema)
          if type != .bool { add("\(p).rules[\(j)].when", "rule '\(rule.id)' must be a boolean, but it is \(type.article)") }
        } catch {
          add("\(p).rules[\(j)].when", "guard error at \(error.description): \(rule.condition.source)")
        }
        for v in rule.values {
          do { _ = try v.expression.typeCheck(schema: d.schema) } catch {
            add("\(p).rules[\(j)].values.\(v.name)", "expression error at \(error.description): \(v.expression.source)")
          }
        }
      }
      if let g = t.guardExpression {
        do {
          let type = try g.typeCheck(schema: d.schema)
          if type != .bool { add("\(p).when", "the guard must be a boolean, but it is \(type.article): \(g.source)") }
        } catch {
          add("\(p).when", "guard error at \(error.description): \(g.source)")
        }
      }
    }

    for (i, deadline) in d.deadlines.enumerated() {
      let p = "$.deadlines[\(i)]"
      for s in deadline.activeIn where !stateNames.contains(s) { add("\(p).while", "unknown state '\(s)' in deadline '\(deadline.id)'") }
      for s in deadline.pausedIn where !stateNames.contains(s) {
        add("\(p).pauseWhile", "unknown state '\(s)' in deadline '\(deadline.id)'")
      }
      if let m = deadline.metBy, d.transition(m) == nil { add("\(p).metBy", "unknown transition '\(m)' in deadline '\(deadline.id)'") }
      for r in deadline.notify + [deadline.escalateTo].compactMap({ $0 }) where !roles.contains(r) {
        add("\(p)", "unknown role '\(r)' in deadline '\(deadline.id)' (roles: \(knownRoles))")
      }
      for r in deadline.reminders where r.amount >= 0 {
        add("\(p).remind", "reminder '\(r)' must be before the due date (negative, e.g. -7d)")
      }
      if let o = deadline.overdueEvery, o.amount <= 0 { add("\(p).overdue.every", "must be a positive duration") }
      if case .recurring(_, let every) = deadline.schedule, every.amount <= 0 { add("\(p).every", "must be a positive duration") }
      let key: String
      switch deadline.schedule {
      case .once: key = "due"
      case .recurring: key = "from"
      }
      for e in deadline.expressions {
        do {
          let type = try e.typeCheck(schema: d.schema)
          if type != .date { add("\(p).\(key)", "must compute a date, but it is \(type.article): \(e.source)") }
        } catch {
          add("\(p).\(key)", "expression error at \(error.description): \(e.source)")
        }
      }
      for (field, value) in deadline.consequence?.set ?? [] {
        guard let f = d.field(field) else {
          add("\(p).onMissed.set.\(field)", "unknown field '\(field)'")
          continue
        }
        if value.type != f.type.valueType {
          add("\(p).onMissed.set.\(field)", "'\(field)' is \(f.type.rawValue), not \(value.type.article)")
        }
      }
    }
    for (id, count) in countDuplicates(d.deadlines.map(\.id)) where count > 1 {
      add("$.deadlines", "deadline id '\(id)' is used \(count) times")
    }

    for c in d.councils {
      let p = "$.councils.\(c.name)"
      for s in c.openIn where !stateNames.contains(s) { add("\(p).openIn", "unknown state '\(s)' in council '\(c.name)'") }
      for r in c.openBy + c.closeBy where !roles.contains(r) { add(p, "unknown role '\(r)' in council '\(c.name)' (roles: \(knownRoles))") }
      for req in c.quorum.requirements {
        for r in req.roles where !CouncilDefinition.memberRoles.contains(r) {
          add("\(p).quorum.require", "unknown member role '\(r)' (member roles: \(CouncilDefinition.memberRoles.joined(separator: ", ")))")
        }
      }
      for f in c.recuseActorFields where d.field(f)?.type != .actor { add("\(p).recuse", "'\(f)' is not an actor field") }
      if let f = c.recuseOrganisationField, d.field(f) == nil { add("\(p).recuse", "unknown field '\(f)' in sameOrganisationAs") }
      if let l = c.lateness {
        if !d.deadlines.contains(where: { $0.id == l.deadline }) { add("\(p).lateness.deadline", "unknown deadline '\(l.deadline)'") }
        if d.field(l.metOn)?.type != .date { add("\(p).lateness.metOn", "'\(l.metOn)' is not a date field") }
      }
      if case .rating(let rules) = c.policy {
        var schema = d.schema
        schema["score"] = ReferenceInfo(type: .integer)
        schema["lateDays"] = ReferenceInfo(type: .integer)
        for (i, rule) in rules.enumerated() {
          guard let cond = rule.condition else { continue }
          do {
            let type = try cond.typeCheck(schema: schema)
            if type != .bool { add("\(p).outcome.rating[\(i)].if", "must be a boolean, but it is \(type.article)") }
          } catch {
            add("\(p).outcome.rating[\(i)].if", "condition error at \(error.description): \(cond.source)")
          }
        }
      }
    }

    // Reachability from the initial state, and a way out of every non-final state.
    var reachable: Set<String> = [d.initial]
    var frontier = [d.initial]
    while let s = frontier.popLast() {
      for t in d.transitions where t.from.contains(s) || (t.from.contains("*") && d.state(s)?.isFinal == false) {
        if let to = t.to, !reachable.contains(to) {
          reachable.insert(to)
          frontier.append(to)
        }
      }
    }
    for s in d.states {
      if !reachable.contains(s.name) {
        add("$.states.\(s.name)", "state '\(s.name)' cannot be reached from the initial state '\(d.initial)'")
      }
      if !s.isFinal {
        let exits = d.transitions.contains { t in
          (t.from.contains(s.name) || t.from.contains("*")) && t.to != nil && t.to != s.name
        }
        if !exits { add("$.states.\(s.name)", "state '\(s.name)' is not final but no transition leaves it") }
      }
    }
    return problems
  }

  private func countDuplicates(_ names: [String]) -> [(String, Int)] {
    var counts: [String: Int] = [:]
    var order: [String] = []
    for n in names {
      if counts[n] == nil { order.append(n) }
      counts[n, default: 0] += 1
    }
    return order.map { ($0, counts[$0] ?? 0) }
  }

  /// The report and import sections name fields of the right types and states that exist.
  func validateReport() -> [DefinitionProblem] {
    var problems: [DefinitionProblem] = []
    let d = definition
    let r = d.report
    func field(_ name: String?, _ path: String, _ types: [FieldType]) {
      guard let name else { return }
      guard let f = d.field(name) else {
        problems.append(DefinitionProblem(path: path, message: "unknown field '\(name)'"))
        return
      }
      if !types.contains(f.type) {
        problems.append(
          DefinitionProblem(
            path: path, message: "'\(name)' is \(f.type.rawValue); expected \(types.map(\.rawValue).joined(separator: " or "))"))
      }
    }
    field(r.startYear, "$.report.startYear", [.integer])
    field(r.startDate, "$.report.startDate", [.date])
    field(r.budgetApproved, "$.report.budgetApproved", [.money])
    field(r.budgetDisbursed, "$.report.budgetDisbursed", [.money])
    field(r.rating, "$.report.rating", [.enum])
    for (i, b) in r.breakdowns.enumerated() { field(b, "$.report.breakdowns[\(i)]", [.enum, .string]) }
    if let annex = r.annex {
      for k in AnnexColumns.keys { field(annex[keyPath: k.path], "$.report.annex.\(k.key)", k.types) }
    }
    if let f = r.followed {
      field(f.field, "$.report.followed.field", [.enum, .string])
      if let def = d.field(f.field), def.type == .enum {
        for v in f.values where !def.enumValues.contains(v) {
          problems.append(DefinitionProblem(path: "$.report.followed.values", message: "'\(v)' is not a value of '\(f.field)'"))
        }
      }
    }
    for (key, list) in [("proposalStates", r.proposalStates), ("planStates", r.planStates)] {
      for s in list where d.state(s) == nil {
        problems.append(DefinitionProblem(path: "$.report.\(key)", message: "unknown state '\(s)'"))
      }
    }
    for s in Set(r.proposalStates).intersection(r.planStates).sorted() {
      problems.append(DefinitionProblem(path: "$.report.planStates", message: "'\(s)' cannot be both a proposal and on the plan"))
    }
    if let p = d.importing.period {
      field(p.start, "$.import.period.start", [.date])
      field(p.end, "$.import.period.end", [.date])
    }
    if let k = d.importing.keyPrefix { field(k.field, "$.import.keyPrefix.field", [.enum, .string]) }
    return problems
  }
}
