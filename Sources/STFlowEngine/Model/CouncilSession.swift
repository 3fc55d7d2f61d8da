import Foundation

/// A member seated on a council session.
public struct CouncilMember: Sendable, Equatable {
  public var name: String
  /// chair, vice_chair, reviewer, secretary or member.
  public var role: String
  public var organisation: String?

  public init(name: String, role: String, organisation: String? = nil) {
    self.name = name
    self.role = role
    self.organisation = organisation
  }
}

/// A member who may not sit, and why (conflict of interest).
public struct RecusedMember: Sendable, Equatable {
  public var name: String
  public var reason: String

  public init(name: String, reason: String) {
    self.name = name
    self.reason = reason
  }
}

/// One member's ballot: a vote (yes / no / abstain) or a score from 0 to 100, possibly for one application.
public struct CouncilBallot: Sendable, Equatable {
  public var member: String
  public var vote: String?
  public var score: Int?
  public var application: String?
  /// For a paper ballot: the secretary who entered it on the member's behalf.
  public var enteredBy: String?
  /// For a paper ballot: the scanned ballot (its SHA-256 names the stored copy).
  public var scan: DocumentRef?

  public init(
    member: String, vote: String? = nil, score: Int? = nil, application: String? = nil, enteredBy: String? = nil, scan: DocumentRef? = nil
  ) {
    self.enteredBy = enteredBy
    self.scan = scan
    self.member = member
    self.vote = vote
    self.score = score
    self.application = application
  }
}

/// The latest session of one council on one task.
public struct CouncilSession: Sendable, Equatable {
  public var council: String
  /// 1 for the first session, 2 when the council sits again, …
  public var session: Int
  public var members: [CouncilMember]
  public var recused: [RecusedMember]
  public var present: [String]
  public var ballots: [CouncilBallot]
  public var openedAt: Date
  public var closedAt: Date?
  public var outcome: String?
  public var score: Int?
  /// How the outcome was reached, line by line (tallies, means, the rating rule that applied).
  public var reasoning: [String]
  /// The decision that set the council up (Quyết định số 125/QĐ-SKHCN), when given.
  public var decision: String?
  /// Where it sits, when given.
  public var place: String?

  public init(
    council: String, session: Int, members: [CouncilMember], recused: [RecusedMember], present: [String] = [],
    ballots: [CouncilBallot] = [],
    openedAt: Date, closedAt: Date? = nil, outcome: String? = nil, score: Int? = nil, reasoning: [String] = []
  ) {
    self.council = council
    self.session = session
    self.members = members
    self.recused = recused
    self.present = present
    self.ballots = ballots
    self.openedAt = openedAt
    self.closedAt = closedAt
    self.outcome = outcome
    self.score = score
    self.reasoning = reasoning
  }

  public var isOpen: Bool { closedAt == nil }
}
