import Foundation
import STFlowDefinition
import STFlowRules

/// The council rules: who may open, record attendance, vote and close; conflicts of interest; the
/// quorum; and the outcome computed by the council's declared policy.
extension Engine {
  func councilDefinition(_ name: String, _ check: Checker) throws(Rejection) -> CouncilDefinition {
    guard let c = definition.council(name) else {
      let known = definition.councils.map(\.name).joined(separator: ", ")
      throw check.refuse(
        .council, "workflow '\(definition.id)' has no council '\(name)' (councils: \(known.isEmpty ? "none" : known))",
        vi: "quy trình không có hội đồng “\(name)” (các hội đồng: \(known.isEmpty ? "không có" : known))")
    }
    return c
  }

  func openSession(_ c: CouncilDefinition, _ task: TaskState, _ check: Checker) throws(Rejection) -> CouncilSession {
    guard let s = task.councils[c.name], s.isOpen else {
      throw check.refuse(
        .council, "council '\(c.name)' has no open session on task \(task.key); open one with 'council open'",
        vi: "\(check.councilName(c.name)) chưa được thành lập cho nhiệm vụ \(task.key) (thành lập bằng 'council open')", basis: c.basis)
    }
    return s
  }

  func decideCouncilOpen(
    _ name: String, members: [CouncilMember], related: [String: String], task: TaskState, check: Checker
  ) throws(Rejection) -> EventPayload {
    let c = try councilDefinition(name, check)
    guard c.openIn.contains(task.state) else {
      throw check.refuse(
        .wrongState, "council '\(name)' sits only while the task is in \(c.openIn.joined(separator: ", ")); it is in '\(task.state)'",
        vi:
          "\(check.councilName(name)) chỉ họp khi nhiệm vụ ở bước \(check.stateNames(c.openIn)); nhiệm vụ đang ở bước \(check.stateName(task.state))",
        basis: c.basis)
    }
    try check.hasRole(c.openBy, doing: "open council '\(name)'", vi: "thành lập \(check.councilName(name))", basis: c.basis)
    if let s = task.councils[name], s.isOpen {
      throw check.refuse(
        .council, "council '\(name)' already has an open session (\(s.session)); close it first",
        vi: "\(check.councilName(name)) đang họp (phiên \(s.session)); cần kết thúc phiên này trước", basis: c.basis)
    }
    var seen: Set<String> = []
    for m in members {
      guard CouncilDefinition.memberRoles.contains(m.role) else {
        throw check.refuse(
          .invalidValue, "member \(m.name): unknown role '\(m.role)' (roles: \(CouncilDefinition.memberRoles.joined(separator: ", ")))",
          vi:
            "thành viên \(check.person(m.name)): không có vai trò hội đồng '\(m.role)' (các vai trò: \(CouncilDefinition.memberRoles.map { "\($0) (\(CouncilDefinition.memberRoleTitles[$0]?.vi ?? $0))" }.joined(separator: ", ")))"
        )
      }
      guard seen.insert(m.name).inserted else {
        throw check.refuse(.invalidValue, "member \(m.name) is listed twice", vi: "thành viên \(check.person(m.name)) được ghi hai lần")
      }
    }
    for name in related.keys where !seen.contains(name) {
      throw check.refuse(
        .invalidValue, "'\(name)' is declared related but is not a member",
        vi: "\(check.person(name)) được khai có liên quan nhưng không phải thành viên hội đồng")
    }
    var seated: [CouncilMember] = []
    var recused: [RecusedMember] = []
    for m in members {
      if let field = c.recuseActorFields.first(where: { task.fields[$0] == .string(m.name) }) {
        recused.append(RecusedMember(name: m.name, reason: "is the task's \(field)"))
      } else if let f = c.recuseOrganisationField, let org = m.organisation, task.fields[f] == .string(org) {
        recused.append(RecusedMember(name: m.name, reason: "works for the \(f), \(org)"))
      } else if let reason = related[m.name] {
        recused.append(RecusedMember(name: m.name, reason: "declared related: \(reason)"))
      } else {
        seated.append(m)
      }
    }
    guard seated.count >= c.minimumMembers else {
      throw check.refuse(
        .council,
        "council '\(name)' needs at least \(c.minimumMembers) members who may sit; \(seated.count) remain after \(recused.count) recusal(s)",
        vi:
          "\(check.councilName(name)) cần ít nhất \(c.minimumMembers) thành viên được tham gia; còn \(seated.count) sau khi \(recused.count) người phải rút",
        values: recused.map { ($0.name, $0.reason) }, basis: c.basis)
    }
    let session = CouncilSession(
      council: name, session: (task.councils[name]?.session ?? 0) + 1, members: seated, recused: recused,
      openedAt: check.context.effectiveAt)
    return .councilOpened(session: session)
  }

  func decideAttend(_ name: String, members: [String], task: TaskState, check: Checker) throws(Rejection) -> EventPayload {
    let c = try councilDefinition(name, check)
    let s = try openSession(c, task, check)
    try check.hasRole(
      c.closeBy + c.openBy, doing: "record attendance at council '\(name)'", vi: "ghi danh sách có mặt của \(check.councilName(name))",
      basis: c.basis)
    guard !members.isEmpty else {
      throw check.refuse(.invalidValue, "name at least one member present", vi: "cần ghi ít nhất một thành viên có mặt")
    }
    for m in members {
      if let r = s.recused.first(where: { $0.name == m }) {
        throw check.refuse(
          .conflictOfInterest, "\(m) may not sit on council '\(name)': \(r.reason)",
          vi: "\(check.person(m)) không được tham gia \(check.councilName(name)) (xung đột lợi ích)", basis: c.basis)
      }
      guard s.members.contains(where: { $0.name == m }) else {
        throw check.refuse(
          .invalidValue, "\(m) is not a member of council '\(name)' (members: \(s.members.map(\.name).joined(separator: ", ")))",
          vi:
            "\(check.person(m)) không phải thành viên \(check.councilName(name)) (thành viên: \(s.members.map { check.person($0.name) }.joined(separator: ", ")))"
        )
      }
    }
    return .councilAttended(council: name, members: members)
  }

  func decideBallot(_ name: String, ballot: CouncilBallot, task: TaskState, check: Checker) throws(Rejection) -> EventPayload {
    let c = try councilDefinition(name, check)
    let s = try openSession(c, task, check)
    let actor = check.context.actor
    let member = ballot.member.isEmpty ? actor.name : ballot.member
    var b = ballot
    b.member = member
    b.enteredBy = nil
    if member != actor.name {
      // A paper ballot: the council's secretary enters it on the member's behalf, with the scanned ballot.
      let isSecretary = s.members.contains { $0.name == actor.name && $0.role == "secretary" } || actor.roles.contains("council_secretary")
      guard isSecretary else {
        throw check.refuse(
          .roleRequired,
          "\(actor.name) may not cast a ballot for \(member) at council '\(name)': only the member votes, or the council's secretary enters a paper ballot",
          vi:
            "\(actor.shownName) không được bỏ phiếu thay \(check.person(member)): chỉ thành viên tự bỏ phiếu, hoặc thư ký hội đồng nhập phiếu giấy",
          basis: c.basis)
      }
      guard let scan = ballot.scan, DocumentRef.isValidDigest(scan.sha256) else {
        throw check.refuse(
          .paperBallot, "a paper ballot for \(member) at council '\(name)' needs the scanned ballot attached",
          vi: "phiếu giấy của \(check.person(member)) cần kèm bản chụp phiếu")
      }
      b.scan = scan
      b.enteredBy = actor.name
    } else {
      b.scan = nil
    }
    if let r = s.recused.first(where: { $0.name == member }) {
      throw check.refuse(
        .conflictOfInterest, "\(member) may not vote on council '\(name)': \(r.reason)",
        vi: "\(check.person(member)) không được bỏ phiếu tại \(check.councilName(name)) (xung đột lợi ích)", basis: c.basis)
    }
    guard s.members.contains(where: { $0.name == member }) else {
      throw check.refuse(
        .roleRequired, "\(member) is not a member of council '\(name)'; only members vote (act with --as MEMBER)",
        vi: "\(check.person(member)) không phải thành viên \(check.councilName(name)); chỉ thành viên được bỏ phiếu")
    }
    guard s.present.contains(member) else {
      throw check.refuse(
        .council, "\(member) is not recorded as present at council '\(name)'; only present members vote",
        vi: "\(check.person(member)) chưa được ghi có mặt tại \(check.councilName(name)); chỉ thành viên có mặt được bỏ phiếu")
    }
    switch c.ballot {
    case .vote:
      guard let v = b.vote, ["yes", "no", "abstain"].contains(v), b.score == nil else {
        throw check.refuse(
          .invalidValue, "council '\(name)' votes: give --vote yes, no or abstain",
          vi: "\(check.councilName(name)) biểu quyết: chọn đồng ý (yes), không đồng ý (no) hoặc không biểu quyết (abstain)")
      }
    case .score:
      guard let sc = b.score, (0...100).contains(sc), b.vote == nil else {
        throw check.refuse(
          .invalidValue, "council '\(name)' scores: give --score from 0 to 100",
          vi: "\(check.councilName(name)) chấm điểm: cho điểm từ 0 đến 100")
      }
    }
    if s.ballots.contains(where: { $0.member == member && $0.application == b.application }) {
      throw check.refuse(
        .council,
        "\(member) has already cast a ballot\(b.application.map { " for \($0)" } ?? "") at council '\(name)' (one ballot per member)",
        vi:
          "\(member) đã bỏ phiếu\(b.application.map { " cho hồ sơ \($0)" } ?? "") tại \(check.councilName(name)) (mỗi thành viên một phiếu)"
      )
    }
    return .councilBallot(council: name, ballot: b)
  }

  func decideClose(_ name: String, task: TaskState, check: Checker) throws(Rejection) -> EventPayload {
    let c = try councilDefinition(name, check)
    let s = try openSession(c, task, check)
    try check.hasRole(c.closeBy, doing: "close council '\(name)'", vi: "kết thúc phiên họp \(check.councilName(name))", basis: c.basis)
    try checkQuorum(c, s, check)
    let missing = s.present.filter { m in !s.ballots.contains { $0.member == m } }
    if !missing.isEmpty {
      throw check.refuse(
        .council, "every present member must vote before council '\(name)' closes; missing: \(missing.joined(separator: ", "))",
        vi:
          "mọi thành viên có mặt phải bỏ phiếu trước khi \(check.councilName(name)) kết thúc; còn thiếu: \(missing.joined(separator: ", "))"
      )
    }
    let (outcome, score, reasoning) = try councilOutcome(c, s, task: task, check: check)
    return .councilClosed(council: name, outcome: outcome, score: score, reasoning: reasoning)
  }

  /// The quorum: the share of seated members present, and the roles that must be present.
  func checkQuorum(_ c: CouncilDefinition, _ s: CouncilSession, _ check: Checker) throws(Rejection) {
    let seated = s.members.count
    let present = s.present.count
    let (n, d, strict) = c.quorum.share
    let ok = strict ? present * d > n * seated : present * d >= n * seated
    if !ok {
      throw check.refuse(
        .councilQuorum,
        "council '\(c.name)' has no quorum: \(present) of \(seated) members present, \(strict ? "more than" : "at least") \(n)/\(d) needed",
        vi: "\(check.councilName(c.name)) chưa đủ số thành viên: có mặt \(present)/\(seated), cần \(strict ? "trên" : "ít nhất") \(n)/\(d)",
        values: [("present", String(present)), ("members", String(seated)), ("needed", "\(strict ? ">" : ">=") \(n)/\(d)")], basis: c.basis)
    }
    for req in c.quorum.requirements {
      let have = s.present.filter { p in s.members.contains { $0.name == p && req.roles.contains($0.role) } }.count
      if have < req.count {
        throw check.refuse(
          .councilQuorum,
          "council '\(c.name)' has no quorum: \(req.count == 1 ? "a" : String(req.count)) \(req.roles.joined(separator: " or ")) must be present, \(have) \(have == 1 ? "is" : "are")",
          vi:
            "\(check.councilName(c.name)) chưa đủ điều kiện họp: cần \(req.count) \(req.roles.map(CouncilDefinition.memberRoleTitle).joined(separator: " hoặc ")) có mặt, hiện có \(have)",
          values: [("present", s.present.joined(separator: ", "))], basis: c.basis)
      }
    }
  }

  func councilOutcome(_ c: CouncilDefinition, _ s: CouncilSession, task: TaskState, check: Checker) throws(Rejection) -> (
    String, Int?, [String]
  ) {
    let present = s.present.count
    switch c.policy {
    case .share(let n, let d, let strict):
      let yes = s.ballots.filter { $0.vote == "yes" }.count
      let no = s.ballots.filter { $0.vote == "no" }.count
      let approved = strict ? yes * d > n * present : yes * d >= n * present
      let percent = present == 0 ? 0 : Int((Double(yes) * 100 / Double(present)).rounded())
      return (
        approved ? "approved" : "rejected", percent,
        [
          "\(yes) yes, \(no) no, \(present - yes - no) abstain of \(present) present; \(approved ? "passes" : "fails") \(strict ? ">" : ">=") \(n)/\(d)"
        ]
      )
    case .highestMean(let threshold):
      var byApplication: [String: [Int]] = [:]
      for b in s.ballots { byApplication[b.application ?? "", default: []].append(b.score ?? 0) }
      var lines: [String] = []
      var best: (String, Double)?
      for (application, scores) in byApplication.sorted(by: { $0.key < $1.key }) {
        let sum = Int64(scores.reduce(0, +))
        let mean = Self.rounded(sum, Int64(scores.count), c.rounding)
        lines.append(
          "\(application.isEmpty ? "the application" : application): mean \(Self.meanText(sum, Int64(scores.count), c.rounding)) of \(scores.count) scores"
        )
        if mean >= Double(threshold), best.map({ mean > $0.1 }) ?? true { best = (application, mean) }
      }
      guard let (winner, mean) = best else {
        lines.append("no application reaches \(threshold)")
        return ("none", nil, lines)
      }
      lines.append("highest passing (≥ \(threshold)): \(winner.isEmpty ? "the application" : winner)")
      return (winner.isEmpty ? "pass" : winner, Int(mean.rounded()), lines)
    case .rating(let rules):
      let scores = s.ballots.compactMap(\.score)
      let sum = Int64(scores.reduce(0, +))
      let count = Int64(max(1, scores.count))
      let score = Int(Self.rounded(sum, count, c.rounding == .none ? .nearest : c.rounding))
      var lines = ["mean score \(Self.meanText(sum, count, c.rounding)) of \(scores.count) members"]
      // Thresholds meet the exact mean unless the rule set declares a rounding.
      let compared: Value = c.rounding == .none ? Self.ratio(sum, count) : .integer(Int64(score))
      var lateDays: Int64 = 0
      if let l = c.lateness {
        let resolver = resolver(for: task, at: check.context.effectiveAt)
        if let deadline = definition.deadlines.first(where: { $0.id == l.deadline }), case .once(let due) = deadline.schedule,
          case .date(let dueDate)? = try? due.evaluate(with: resolver), case .date(let met) = resolver.value(of: l.metOn)
        {
          lateDays = Int64(max(0, met.dayNumber - dueDate.dayNumber))
          lines.append("\(l.metOn) \(met), due \(dueDate) (\(due.source)): \(lateDays) days late")
        } else {
          lines.append("lateness unknown (\(l.metOn) or the due date of \(l.deadline) has no value): counted as on time")
        }
      }
      var overlayResolver = resolver(for: task, at: check.context.effectiveAt)
      overlayResolver.overlay = ["score": compared, "lateDays": .integer(lateDays)]
      for rule in rules {
        guard let cond = rule.condition else {
          lines.append("no row matched: \(rule.rating)")
          return (rule.rating, score, lines)
        }
        if (try? cond.evaluate(with: overlayResolver)) == .bool(true) {
          lines.append("rule \(cond.source) → \(rule.rating)")
          return (rule.rating, score, lines)
        }
      }
      return ("none", score, lines)
    }
  }

  /// `sum/count` reduced to lowest terms.
  static func ratio(_ sum: Int64, _ count: Int64) -> Value {
    // Scores are 0–100 and counts small, so neither is near Int64's limits.
    var (a, b) = (sum.magnitude, count.magnitude)
    while b != 0 { (a, b) = (b, a % b) }
    let g = Int64(Swift.max(1, a))
    return .ratio(sum / g, count / g)
  }

  static func rounded(_ sum: Int64, _ count: Int64, _ rounding: CouncilDefinition.Rounding) -> Double {
    let mean = Double(sum) / Double(Swift.max(1, count))
    switch rounding {
    case .none: return mean
    case .nearest: return (mean + 0.5).rounded(.down)
    case .down: return mean.rounded(.down)
    }
  }

  /// "592/7 = 84.5714 (compared unrounded)" or "84.5 rounded to 85 (rule: nearest)".
  static func meanText(_ sum: Int64, _ count: Int64, _ rounding: CouncilDefinition.Rounding) -> String {
    let exact =
      count <= 1 || sum % count == 0 ? Value.decimalText(sum, Swift.max(1, count)) : "\(sum)/\(count) = \(Value.decimalText(sum, count))"
    switch rounding {
    case .none: return exact + " (compared unrounded)"
    case .nearest, .down: return exact + ", rounded \(rounding.rawValue) to \(Int(rounded(sum, count, rounding)))"
    }
  }
}
