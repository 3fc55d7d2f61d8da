import STFlowRules

/// A council (hội đồng) a task goes before: who may open and close it, its quorum, conflict-of-interest
/// rules, the kind of ballot and the policy that turns ballots into an outcome.
public final class CouncilDefinition: Sendable {
  /// The quorum: a share of the members present, and roles that must be present.
  public struct Quorum: Sendable {
    /// "at least 2/3": numerator, denominator, and whether the share must be strictly greater.
    public let share: (numerator: Int, denominator: Int, strict: Bool)
    /// Each requirement: at least `count` present members holding one of `roles` (e.g. chair|vice_chair, reviewer*2).
    public let requirements: [(roles: [String], count: Int)]
  }

  public enum Ballot: String, Sendable {
    /// yes / no / abstain
    case vote
    /// 0–100, optionally per application
    case score
  }

  public enum Policy: Sendable {
    /// Approved when the share of present members voting yes passes the threshold.
    case share(numerator: Int, denominator: Int, strict: Bool)
    /// Mean score per application; the highest mean at or above the threshold wins ("none" otherwise).
    case highestMean(threshold: Int)
    /// Mean score, then the first rule whose condition holds gives the rating (reads `score` and `lateDays`).
    case rating(rules: [(condition: GuardExpression?, rating: String)])
  }

  /// How a mean score is rounded before it is compared with thresholds.
  public enum Rounding: String, Sendable, CaseIterable {
    /// Compared exactly (84.6 is below 85): the default unless the rule set declares a rounding.
    case none
    /// Half up to a whole number (84.5 → 85).
    case nearest
    /// Down to a whole number (84.9 → 84).
    case down
  }

  /// How late a dossier was, for a rating table: the deadline's due date against a date field.
  public struct Lateness: Sendable {
    public let deadline: String
    public let metOn: String
  }

  public let name: String
  public let label: LocalizedText
  public let openIn: [String]
  public let openBy: [String]
  public let closeBy: [String]
  public let minimumMembers: Int
  public let quorum: Quorum
  /// Recuse members named by these actor fields (e.g. the investigator).
  public let recuseActorFields: [String]
  /// Recuse members whose organisation is the value of this field (e.g. `host`).
  public let recuseOrganisationField: String?
  public let ballot: Ballot
  public let policy: Policy
  public let lateness: Lateness?
  public let basis: String?
  /// How mean scores are rounded before they meet a threshold (`"outcome": {"round": "nearest"}`).
  public let rounding: Rounding

  public init(
    name: String, label: LocalizedText, openIn: [String], openBy: [String], closeBy: [String], minimumMembers: Int, quorum: Quorum,
    recuseActorFields: [String], recuseOrganisationField: String?, ballot: Ballot, policy: Policy, lateness: Lateness?, basis: String?,
    rounding: Rounding = .none
  ) {
    self.rounding = rounding
    self.name = name
    self.label = label
    self.openIn = openIn
    self.openBy = openBy
    self.closeBy = closeBy
    self.minimumMembers = minimumMembers
    self.quorum = quorum
    self.recuseActorFields = recuseActorFields
    self.recuseOrganisationField = recuseOrganisationField
    self.ballot = ballot
    self.policy = policy
    self.lateness = lateness
    self.basis = basis
  }

  /// The outcomes the policy can give, for type-checking guards that compare them.
  public var outcomes: [String] {
    switch policy {
    case .share: return ["approved", "rejected"]
    case .highestMean: return []
    case .rating(let rules): return Array(Set(rules.map(\.rating))).sorted()
    }
  }

  /// The member roles councils use.
  public static let memberRoles = ["chair", "vice_chair", "reviewer", "secretary", "member"]

  /// The titles of the member roles, as minutes and refusals write them.
  public static let memberRoleTitles: [String: LocalizedText] = [
    "chair": LocalizedText(vi: "Chủ tịch", en: "Chair"), "vice_chair": LocalizedText(vi: "Phó Chủ tịch", en: "Vice-chair"),
    "reviewer": LocalizedText(vi: "Ủy viên phản biện", en: "Reviewer"),
    "secretary": LocalizedText(vi: "Thư ký khoa học", en: "Scientific secretary"), "member": LocalizedText(vi: "Ủy viên", en: "Member"),
  ]

  /// A member role's title in Vietnamese, lower-case inside a sentence ("ủy viên phản biện").
  public static func memberRoleTitle(_ role: String) -> String {
    (memberRoleTitles[role]?.text("vi", fallback: role) ?? role).lowercased()
  }
}
