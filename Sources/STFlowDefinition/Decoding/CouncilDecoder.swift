import STFlowRules

/// Decodes the `councils` object of a definition, recording problems with their JSON paths.
enum CouncilDecoder {
  /// ">= 2/3", "> 3/4", "2/3" (at least).
  static func share(_ text: String) -> (Int, Int, Bool)? {
    var s = Substring(text.replacingOccurrences(of: " ", with: ""))
    var strict = false
    if s.hasPrefix(">=") {
      s = s.dropFirst(2)
    } else if s.hasPrefix(">") {
      strict = true
      s = s.dropFirst()
    }
    let parts = s.split(separator: "/")
    guard parts.count == 2, let n = Int(parts[0]), let d = Int(parts[1]), d > 0, n >= 0, n <= d else { return nil }
    return (n, d, strict)
  }

  static func decode(_ json: JSON?, problems: inout [DefinitionProblem]) -> [CouncilDefinition] {
    guard let json else { return [] }
    guard case .object(let members) = json else {
      problems.append(DefinitionProblem(path: "$.councils", message: "expected an object of councils, found \(json.kindDescription)"))
      return []
    }
    var out: [CouncilDefinition] = []
    for (name, spec) in members {
      let p = "$.councils.\(name)"
      guard var r = ObjectReader(spec, path: p, problems: &problems) else { continue }
      r.rejectUnknownKeys([
        "label", "openIn", "openBy", "closeBy", "minimumMembers", "quorum", "recuse", "ballot", "outcome", "lateness", "basis",
        "description",
      ])
      var shareValue = (2, 3, false)
      var requirements: [(roles: [String], count: Int)] = []
      if let q = r["quorum"], var qr = ObjectReader(q, path: "\(p).quorum", problems: &r.problems) {
        qr.rejectUnknownKeys(["present", "require"])
        if let text = qr.string("present") {
          if let v = share(text) {
            shareValue = v
          } else {
            qr.fail("present", "expected a share such as \">= 2/3\" or \"> 3/4\", not '\(text)'")
          }
        }
        for item in qr.names("require") ?? [] {
          let parts = item.split(separator: "*")
          let count = parts.count == 2 ? Int(parts[1]) : 1
          guard let count, count > 0, let rolePart = parts.first else {
            qr.fail("require", "expected ROLE, ROLE|ROLE or ROLE*N, not '\(item)'")
            continue
          }
          requirements.append((rolePart.split(separator: "|").map(String.init), count))
        }
        r.absorb(qr)
      }
      var actorFields: [String] = []
      var organisationField: String?
      for item in r.names("recuse") ?? [] {
        if item.hasPrefix("sameOrganisationAs:") {
          organisationField = String(item.dropFirst("sameOrganisationAs:".count))
        } else {
          actorFields.append(item)
        }
      }
      let ballotText = r.string("ballot", required: true) ?? "vote"
      let ballot = CouncilDefinition.Ballot(rawValue: ballotText)
      if ballot == nil { r.fail("ballot", "expected \"vote\" or \"score\", not '\(ballotText)'") }
      var policy = CouncilDefinition.Policy.share(numerator: 2, denominator: 3, strict: false)
      var rounding = CouncilDefinition.Rounding.none
      if let o = r["outcome"], var or = ObjectReader(o, path: "\(p).outcome", problems: &r.problems) {
        or.rejectUnknownKeys(["approve", "passScore", "rating", "round"])
        if let text = or.string("round") {
          if let r = CouncilDefinition.Rounding(rawValue: text) {
            rounding = r
          } else {
            or.fail(
              "round", "expected one of \(CouncilDefinition.Rounding.allCases.map(\.rawValue).joined(separator: ", ")), not '\(text)'")
          }
        }
        if let a = or.string("approve") {
          if let (n, d, strict) = share(a) {
            policy = .share(numerator: n, denominator: d, strict: strict)
          } else {
            or.fail("approve", "expected a share such as \"> 3/4\", not '\(a)'")
          }
          if ballot != .vote { or.fail("approve", "an approval share needs \"ballot\": \"vote\"") }
        } else if let pass = or.integer("passScore") {
          policy = .highestMean(threshold: pass)
          if ballot != .score { or.fail("passScore", "a pass score needs \"ballot\": \"score\"") }
        } else if let table = or["rating"]?.arrayValue {
          var rules: [(condition: GuardExpression?, rating: String)] = []
          for (i, row) in table.enumerated() {
            let rp = "\(p).outcome.rating[\(i)]"
            if let e = row["else"]?.stringValue {
              rules.append((nil, e))
            } else if let cond = row["if"]?.stringValue, let then = row["then"]?.stringValue {
              do {
                rules.append((try GuardExpression(parsing: cond), then))
              } catch {
                or.problems.append(
                  DefinitionProblem(path: "\(rp).if", message: "condition does not parse at \(error.description): \(cond)"))
              }
            } else {
              or.problems.append(
                DefinitionProblem(path: rp, message: "expected {\"if\": condition, \"then\": rating} or {\"else\": rating}"))
            }
          }
          if rules.last?.condition != nil { or.fail("rating", "the last row must be {\"else\": rating}") }
          policy = .rating(rules: rules)
          if ballot != .score { or.fail("rating", "a rating table needs \"ballot\": \"score\"") }
        } else {
          or.problems.append(DefinitionProblem(path: "\(p).outcome", message: "expected \"approve\", \"passScore\" or \"rating\""))
        }
        r.absorb(or)
      } else if r["outcome"] == nil {
        r.fail("outcome", "is required: {\"approve\": \"> 3/4\"}, {\"passScore\": 70} or {\"rating\": [...]}")
      }
      var lateness: CouncilDefinition.Lateness?
      if let l = r["lateness"], var lr = ObjectReader(l, path: "\(p).lateness", problems: &r.problems) {
        lr.rejectUnknownKeys(["deadline", "metOn"])
        if let d = lr.string("deadline", required: true), let m = lr.string("metOn", required: true) {
          lateness = CouncilDefinition.Lateness(deadline: d, metOn: m)
        }
        r.absorb(lr)
      }
      let council = CouncilDefinition(
        name: name, label: r.localized("label") ?? LocalizedText(vi: name, en: name), openIn: r.names("openIn", required: true) ?? [],
        openBy: r.names("openBy", required: true) ?? [], closeBy: r.names("closeBy") ?? r.names("openBy") ?? [],
        minimumMembers: r.integer("minimumMembers") ?? 1,
        quorum: CouncilDefinition.Quorum(share: shareValue, requirements: requirements), recuseActorFields: actorFields,
        recuseOrganisationField: organisationField, ballot: ballot ?? .vote, policy: policy, lateness: lateness, basis: r.string("basis"),
        rounding: rounding)
      problems += r.problems
      out.append(council)
    }
    return out
  }
}
