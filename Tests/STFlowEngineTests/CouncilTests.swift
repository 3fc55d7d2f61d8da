import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules

/// Drives the `panel` fixture's councils through the pure engine.
struct CouncilHarness {
  let engine: Engine
  let t0 = Timestamp.parse("2026-06-01T09:00", in: .vietnam)!
  static let manager = Actor(name: "lan", roles: ["manager"])
  static let secretary = Actor(name: "minh", roles: ["secretary"])
  static let roles = ["chair", "vice_chair", "reviewer", "reviewer", "secretary", "member", "member", "member"]
  static let names = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"]

  init() throws {
    engine = Engine(
      definition: try DefinitionLoader.load(file: fixturesFolder.appendingPathComponent("councils.json").path), definitionHash: "c")
  }

  func run(_ command: Command, on task: TaskState?, as actor: Actor) throws(Rejection) -> TaskState {
    var state = task
    _ = try engine.execute(command, on: &state, context: CommandContext(actor: actor, recordedAt: t0))
    return state!
  }

  func refusal(_ command: Command, on task: TaskState, as actor: Actor) -> Rejection? {
    do {
      _ = try run(command, on: task, as: actor)
      return nil
    } catch {
      return error
    }
  }

  func task(_ fields: [String: Value] = [:]) throws -> TaskState {
    try run(.create(key: "P-1", fields: ["title": .string("t")].merging(fields) { $1 }), on: nil, as: Self.manager)
  }

  func members(_ count: Int = 8, organisations: [String: String] = [:]) -> [CouncilMember] {
    (0..<count).map { CouncilMember(name: Self.names[$0], role: Self.roles[$0], organisation: organisations[Self.names[$0]]) }
  }

  /// Opens `council`, records `present`, casts the ballots (member name → ballot) and returns the task before closing.
  func sitting(_ council: String, _ task: TaskState, present: [String], ballots: [(String, CouncilBallot)], members: [CouncilMember]? = nil)
    throws
    -> TaskState
  {
    var t = try run(.openCouncil(council: council, members: members ?? self.members(), related: [:]), on: task, as: Self.manager)
    t = try run(.attend(council: council, members: present), on: t, as: Self.secretary)
    for (name, b) in ballots { t = try run(.ballot(council: council, ballot: b), on: t, as: Actor(name: name, roles: [])) }
    return t
  }

  func votes(_ yes: Int, of present: Int) -> [(String, CouncilBallot)] {
    (0..<present).map { (Self.names[$0], CouncilBallot(member: Self.names[$0], vote: $0 < yes ? "yes" : "no")) }
  }

  func scores(_ values: [Int], application: String? = nil) -> [(String, CouncilBallot)] {
    values.enumerated().map { (Self.names[$0], CouncilBallot(member: Self.names[$0], score: $1, application: application)) }
  }
}

@Suite struct CouncilTests {
  @Test func moreThanThreeQuartersApprovesAndMovesTheTask() throws {
    let h = try CouncilHarness()
    let t = try h.sitting("vote", try h.task(), present: Array(CouncilHarness.names.prefix(8)), ballots: h.votes(7, of: 8))
    let closed = try h.run(.closeCouncil(council: "vote"), on: t, as: CouncilHarness.secretary)
    #expect(closed.councils["vote"]?.outcome == "approved")
    #expect(closed.councils["vote"]?.score == 88)
    #expect(closed.state == "decided")  // the automatic transition read council.vote.outcome
  }

  @Test func exactlyThreeQuartersIsNotMoreThanThreeQuarters() throws {
    let h = try CouncilHarness()
    let t = try h.sitting("vote", try h.task(), present: Array(CouncilHarness.names.prefix(8)), ballots: h.votes(6, of: 8))
    let closed = try h.run(.closeCouncil(council: "vote"), on: t, as: CouncilHarness.secretary)
    #expect(closed.councils["vote"]?.outcome == "rejected")
    #expect(closed.councils["vote"]?.reasoning == ["6 yes, 2 no, 0 abstain of 8 present; fails > 3/4"])
    #expect(closed.state == "failed")
  }

  @Test func twoThirdsIncludesExactlyTwoThirds() throws {
    let h = try CouncilHarness()
    let t = try h.sitting("twothirds", try h.task(), present: Array(CouncilHarness.names.prefix(6)), ballots: h.votes(4, of: 6))
    #expect(
      try h.run(.closeCouncil(council: "twothirds"), on: t, as: CouncilHarness.secretary).councils["twothirds"]?.outcome == "approved")
  }

  @Test func quorumFailsWhenTooFewArePresent() throws {
    let h = try CouncilHarness()
    let t = try h.sitting("vote", try h.task(), present: Array(CouncilHarness.names.prefix(5)), ballots: h.votes(5, of: 5))
    let r = h.refusal(.closeCouncil(council: "vote"), on: t, as: CouncilHarness.secretary)
    #expect(r?.rule == .councilQuorum)
    #expect(r?.message == "council 'vote' has no quorum: 5 of 8 members present, at least 2/3 needed")
    #expect(r?.basis == "Test: more than 3/4")
  }

  @Test func quorumFailsWithoutTheChairOrViceChair() throws {
    let h = try CouncilHarness()
    let present = Array(CouncilHarness.names.dropFirst(2))  // m3 … m8: 6 of 8
    let t = try h.sitting("vote", try h.task(), present: present, ballots: present.map { ($0, CouncilBallot(member: $0, vote: "yes")) })
    let r = h.refusal(.closeCouncil(council: "vote"), on: t, as: CouncilHarness.secretary)
    #expect(r?.message == "council 'vote' has no quorum: a chair or vice_chair must be present, 0 are")
  }

  @Test func quorumFailsWithoutBothReviewers() throws {
    let h = try CouncilHarness()
    let present = ["m1", "m2", "m3", "m5", "m6", "m7"]  // one reviewer (m4 absent)
    let t = try h.sitting("score", try h.task(), present: present, ballots: present.map { ($0, CouncilBallot(member: $0, score: 80)) })
    let r = h.refusal(.closeCouncil(council: "score"), on: t, as: CouncilHarness.secretary)
    #expect(r?.message == "council 'score' has no quorum: 2 reviewer must be present, 1 is")
  }

  @Test func everyPresentMemberMustVoteBeforeClosing() throws {
    let h = try CouncilHarness()
    let t = try h.sitting("vote", try h.task(), present: Array(CouncilHarness.names.prefix(8)), ballots: h.votes(6, of: 6))
    let r = h.refusal(.closeCouncil(council: "vote"), on: t, as: CouncilHarness.secretary)
    #expect(r?.message == "every present member must vote before council 'vote' closes; missing: m7, m8")
  }

  @Test func conflictsOfInterestAreRecused() throws {
    let h = try CouncilHarness()
    let task = try h.task(["investigator": .string("m3"), "host": .string("Viện A")])
    let t = try h.run(
      .openCouncil(council: "vote", members: h.members(organisations: ["m4": "Viện A"]), related: ["m5": "con của chủ nhiệm"]), on: task,
      as: CouncilHarness.manager)
    let s = try #require(t.councils["vote"])
    #expect(
      s.recused == [
        RecusedMember(name: "m3", reason: "is the task's investigator"), RecusedMember(name: "m4", reason: "works for the host, Viện A"),
        RecusedMember(name: "m5", reason: "declared related: con của chủ nhiệm"),
      ])
    #expect(s.members.map(\.name) == ["m1", "m2", "m6", "m7", "m8"])
    let r = h.refusal(.attend(council: "vote", members: ["m1", "m4"]), on: t, as: CouncilHarness.secretary)
    #expect(r?.rule == .conflictOfInterest)
    #expect(r?.message == "m4 may not sit on council 'vote': works for the host, Viện A")
    // With only three members and two recused, fewer than the minimum remain.
    let small = h.refusal(
      .openCouncil(council: "vote", members: h.members(3), related: ["m1": "x", "m2": "y"]), on: task, as: CouncilHarness.manager)
    #expect(small?.message.hasPrefix("council 'vote' needs at least 3 members who may sit; 0 remain") == true)
  }

  @Test func ballotsAreCastByPresentMembersOnceEach() throws {
    let h = try CouncilHarness()
    var t = try h.run(.openCouncil(council: "vote", members: h.members(), related: [:]), on: try h.task(), as: CouncilHarness.manager)
    t = try h.run(.attend(council: "vote", members: ["m1", "m2"]), on: t, as: CouncilHarness.secretary)
    #expect(
      h.refusal(.ballot(council: "vote", ballot: CouncilBallot(member: "", vote: "yes")), on: t, as: Actor(name: "m3", roles: []))?.message
        == "m3 is not recorded as present at council 'vote'; only present members vote")
    #expect(
      h.refusal(.ballot(council: "vote", ballot: CouncilBallot(member: "", vote: "yes")), on: t, as: Actor(name: "x", roles: []))?.rule
        == .roleRequired)
    #expect(
      h.refusal(.ballot(council: "vote", ballot: CouncilBallot(member: "", score: 80)), on: t, as: Actor(name: "m1", roles: []))?.rule
        == .invalidValue)
    t = try h.run(.ballot(council: "vote", ballot: CouncilBallot(member: "", vote: "yes")), on: t, as: Actor(name: "m1", roles: []))
    #expect(t.councils["vote"]?.ballots == [CouncilBallot(member: "m1", vote: "yes")])
    #expect(
      h.refusal(.ballot(council: "vote", ballot: CouncilBallot(member: "", vote: "no")), on: t, as: Actor(name: "m1", roles: []))?.message
        == "m1 has already cast a ballot at council 'vote' (one ballot per member)")
    #expect(h.refusal(.closeCouncil(council: "vote"), on: t, as: CouncilHarness.manager)?.rule == .roleRequired)
  }

  @Test func theHighestPassingMeanIsChosen() throws {
    let h = try CouncilHarness()
    let present = ["m1", "m2", "m3", "m4", "m5", "m6"]
    var ballots = h.scores([80, 82, 78, 76, 90, 74], application: "Viện A") + h.scores([70, 72, 68, 70, 71, 69], application: "Viện B")
    var t = try h.sitting("score", try h.task(), present: present, ballots: ballots)
    t = try h.run(.closeCouncil(council: "score"), on: t, as: CouncilHarness.secretary)
    #expect(t.councils["score"]?.outcome == "Viện A")
    #expect(t.councils["score"]?.score == 80)
    ballots = h.scores([60, 65, 68, 70, 66, 64], application: "Viện C")
    var none = try h.sitting("score", try h.task(), present: present, ballots: ballots)
    none = try h.run(.closeCouncil(council: "score"), on: none, as: CouncilHarness.secretary)
    #expect(none.councils["score"]?.outcome == "none")
    #expect(none.councils["score"]?.reasoning.last == "no application reaches 70")
  }

  /// Every row of the acceptance table (MONRE 26/2018), with the lateness of the dossier.
  @Test(arguments: [
    (85, 0, "xuat_sac"), (84, 0, "kha"), (70, 0, "kha"), (69, 0, "dat"), (50, 0, "dat"), (49, 0, "khong_dat"),
    (85, 30, "kha"), (84, 30, "dat"), (85, 31, "dat"), (60, 90, "dat"), (59, 90, "khong_dat"), (70, 91, "dat"),
    (69, 91, "khong_dat"), (70, 180, "dat"), (100, 181, "khong_dat"),
  ])
  func theAcceptanceRatingFollowsTheTable(score: Int, lateDays: Int, rating: String) throws {
    let h = try CouncilHarness()
    let end = LocalDate(iso: "2026-01-31")!  // due 2026-03-02
    let received = end.adding(days: 30 + lateDays)
    let present = ["m1", "m2", "m3"]
    let t = try h.sitting(
      "rating", try h.task(["end": .date(end), "received": .date(received)]), present: present, ballots: h.scores([score, score, score]),
      members: h.members(3))
    let closed = try h.run(.closeCouncil(council: "rating"), on: t, as: CouncilHarness.secretary)
    #expect(closed.councils["rating"]?.outcome == rating)
    #expect(
      closed.councils["rating"]?.reasoning.contains("received \(received), due 2026-03-02 (end + 30d): \(lateDays) days late") == true)
  }
}
