/// How the period report counts tasks of a workflow (DOMAIN.md, "How the report counts"), declared in
/// the definition's `report` section so that a province can say which state, field or event makes a task
/// carried over, new, a proposal or only followed.
public struct ReportDefinition: Sendable {
  /// An integer field: the year implementation starts (năm bắt đầu, the year of the plan the task is on).
  public var startYear: String?
  /// A date field whose year stands in when `startYear` has no value (e.g. `contractStart`).
  public var startDate: String?
  /// States in which a task is only a proposal (registered, not on a year's plan).
  public var proposalStates: [String]
  /// States in which a task is on a year's plan (the approved list) or beyond; a task that has been in
  /// one of them by a date was on the plan by then.
  public var planStates: [String]
  /// Tasks the department only follows (managed by the Ministry or a central programme): the field and
  /// the values that mark them.
  public var followed: (field: String, values: [String])?
  /// Fields the managed, carried-over and new tasks are broken down by (level, programme, kind, area).
  public var breakdowns: [String]
  /// Money fields summed per group: the approved budget and what has been disbursed.
  public var budgetApproved: String?
  public var budgetDisbursed: String?
  /// The enum field an acceptance is counted by (Xuất sắc, Khá, Đạt, Không đạt).
  public var rating: String?
  /// The fields of the task annex's columns; unset: the conventional names (``AnnexColumns/conventional(fields:)``).
  public var annex: AnnexColumns?

  public init(
    startYear: String? = nil, startDate: String? = nil, proposalStates: [String], planStates: [String],
    followed: (field: String, values: [String])? = nil, breakdowns: [String] = [], budgetApproved: String? = nil,
    budgetDisbursed: String? = nil, rating: String? = nil, annex: AnnexColumns? = nil
  ) {
    self.annex = annex
    self.startYear = startYear
    self.startDate = startDate
    self.proposalStates = proposalStates
    self.planStates = planStates
    self.followed = followed
    self.breakdowns = breakdowns
    self.budgetApproved = budgetApproved
    self.budgetDisbursed = budgetDisbursed
    self.rating = rating
  }

  /// The default when a definition has no `report` section: the initial state is a proposal, every
  /// other non-final state is on the plan.
  public static func defaults(initial: String, states: [StateDefinition]) -> ReportDefinition {
    ReportDefinition(
      proposalStates: [initial], planStates: states.filter { $0.name != initial && !$0.isFinal }.map(\.name))
  }
}
