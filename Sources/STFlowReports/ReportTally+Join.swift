extension Tally {
  /// Adds what `later` counted — tasks that all come after this tally's in key order — so that the result is
  /// the tally that would have counted both runs of tasks one after another: every list continues in order,
  /// sums add up, and a council, breakdown, group or rating first seen in `later` is placed after those already
  /// seen here.
  mutating func join(_ later: Tally) {
    let r = later.report
    report.managed += r.managed
    report.carriedOver += r.carriedOver
    report.new += r.new
    report.proposals += r.proposals
    report.followed += r.followed
    report.annex += r.annex
    report.budgetApproved += r.budgetApproved
    report.budgetDisbursed += r.budgetDisbursed
    report.terminations += r.terminations
    report.metOnTime += r.metOnTime
    report.metLate += r.metLate
    report.missed += r.missed
    report.noStartYear += r.noStartYear
    report.unreadable += r.unreadable
    for (category, tasks) in r.categories { report.categories[category, default: []] += tasks }
    for council in r.councils {
      let id = "\(council.workflow)/\(council.name)"
      let i: Int
      if let known = councilIndex[id] {
        i = known
      } else {
        i = report.councils.count
        councilIndex[id] = i
        report.councils.append(PeriodReport.Council(workflow: council.workflow, name: council.name, label: council.label))
      }
      report.councils[i].held += council.held
      for (outcome, o) in council.outcomes { report.councils[i].outcomes[outcome, default: (o.label, [])].tasks += o.tasks }
    }
    for name in later.breakdownOrder {
      guard let theirs = later.breakdowns[name] else { continue }
      var mine =
        breakdowns.removeValue(forKey: name)
        ?? {
          breakdownOrder.append(name)
          return PeriodReport.Breakdown(field: name, label: theirs.label, groups: [])
        }()
      for group in theirs.groups {
        guard let i = mine.groups.firstIndex(where: { $0.value == group.value }) else {
          mine.groups.append(group)
          continue
        }
        mine.groups[i].managed += group.managed
        mine.groups[i].carriedOver += group.carriedOver
        mine.groups[i].new += group.new
        mine.groups[i].budgetApproved += group.budgetApproved
        mine.groups[i].budgetDisbursed += group.budgetDisbursed
      }
      breakdowns[name] = mine
      if let field = later.sortingField[name] { sortingField[name] = field }
    }
    for (code, a) in later.acceptances { acceptances[code, default: (a.label, a.order, [])].tasks += a.tasks }
  }
}
