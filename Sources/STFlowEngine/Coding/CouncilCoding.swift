import Foundation
import STFlowRules

/// Council sessions and ballots as JSON, and ballots as short text.
public enum CouncilCoding {
  /// A ballot as people read it: `vote yes`, `score 82 for Viện A`.
  public static func describe(_ b: CouncilBallot) -> String {
    (b.vote.map { "vote \($0)" } ?? "") + (b.score.map { "score \($0)" } ?? "") + (b.application.map { " for \($0)" } ?? "")
      + (b.enteredBy.map { " (paper ballot entered by \($0))" } ?? "")
  }

  static func json(_ b: CouncilBallot) -> JSON {
    var m: [(String, JSON)] = [("member", .string(b.member))]
    if let v = b.vote { m.append(("vote", .string(v))) }
    if let s = b.score { m.append(("score", .integer(Int64(s)))) }
    if let a = b.application { m.append(("application", .string(a))) }
    if let by = b.enteredBy { m.append(("enteredBy", .string(by))) }
    if let d = b.scan { m.append(("scan", EventCoding.json(d))) }
    return .object(m)
  }

  static func ballot(_ j: JSON) -> CouncilBallot {
    CouncilBallot(
      member: j["member"]?.stringValue ?? "", vote: j["vote"]?.stringValue, score: j["score"]?.intValue.map(Int.init),
      application: j["application"]?.stringValue, enteredBy: j["enteredBy"]?.stringValue, scan: j["scan"].flatMap(EventCoding.document))
  }

  public static func json(_ s: CouncilSession) -> JSON {
    var m: [(String, JSON)] = [
      ("council", .string(s.council)), ("session", .integer(Int64(s.session))),
      (
        "members",
        .array(
          s.members.map { m in
            var o: [(String, JSON)] = [("name", .string(m.name)), ("role", .string(m.role))]
            if let org = m.organisation { o.append(("organisation", .string(org))) }
            return .object(o)
          })
      ),
      ("recused", .array(s.recused.map { .object([("name", .string($0.name)), ("reason", .string($0.reason))]) })),
      ("present", .array(s.present.map { .string($0) })), ("ballots", .array(s.ballots.map(json))),
      ("openedAt", .string(Timestamp.format(s.openedAt))),
    ]
    if let c = s.closedAt { m.append(("closedAt", .string(Timestamp.format(c)))) }
    if let o = s.outcome { m.append(("outcome", .string(o))) }
    if let sc = s.score { m.append(("score", .integer(Int64(sc)))) }
    if !s.reasoning.isEmpty { m.append(("reasoning", .array(s.reasoning.map { .string($0) }))) }
    if let d = s.decision { m.append(("decision", .string(d))) }
    if let p = s.place { m.append(("place", .string(p))) }
    return .object(m)
  }

  static func session(_ j: JSON) -> CouncilSession {
    var s = CouncilSession(
      council: j["council"]?.stringValue ?? "", session: Int(j["session"]?.intValue ?? 1),
      members: (j["members"]?.arrayValue ?? []).map {
        CouncilMember(
          name: $0["name"]?.stringValue ?? "", role: $0["role"]?.stringValue ?? "", organisation: $0["organisation"]?.stringValue)
      },
      recused: (j["recused"]?.arrayValue ?? []).map {
        RecusedMember(name: $0["name"]?.stringValue ?? "", reason: $0["reason"]?.stringValue ?? "")
      },
      present: (j["present"]?.arrayValue ?? []).compactMap(\.stringValue), ballots: (j["ballots"]?.arrayValue ?? []).map(ballot),
      openedAt: j["openedAt"]?.stringValue.flatMap(Timestamp.parseStored) ?? .distantPast,
      closedAt: j["closedAt"]?.stringValue.flatMap(Timestamp.parseStored), outcome: j["outcome"]?.stringValue,
      score: j["score"]?.intValue.map(Int.init), reasoning: (j["reasoning"]?.arrayValue ?? []).compactMap(\.stringValue))
    s.decision = j["decision"]?.stringValue
    s.place = j["place"]?.stringValue
    return s
  }
}
