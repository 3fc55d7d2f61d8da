import Foundation
import STFlowDefinition
import STFlowRules

/// The half-year or annual report of a department, counted as the department counts (DOMAIN.md, "How
/// the report counts"): every figure comes with the tasks behind it, and every fact is counted by its
/// effective (business) time, so a record entered after the fact reports the same as one entered live.
public struct PeriodReport: Sendable {
  /// A task as the report names it: key and title, its workflow, and its values for the breakdowns.
  public struct TaskRef: Sendable, Hashable, Comparable {
    public let key: String
    public let title: String
    public static func < (a: TaskRef, b: TaskRef) -> Bool { a.key < b.key }
  }

  /// One group of a breakdown (e.g. level = Cấp tỉnh): its tasks by kind of count, and budgets.
  public struct Group: Sendable {
    public let value: String
    public let label: LocalizedText
    public var managed: [TaskRef] = []
    public var carriedOver: [TaskRef] = []
    public var new: [TaskRef] = []
    /// Approved and disbursed budget of the managed tasks in the group (VND).
    public var budgetApproved: Int64 = 0
    public var budgetDisbursed: Int64 = 0
  }

  /// A breakdown by one field (level, programme, kind, research area).
  public struct Breakdown: Sendable {
    public let field: String
    public let label: LocalizedText
    public var groups: [Group]
  }

  /// A council's sessions closed in the period, with their outcomes (labelled).
  public struct Council: Sendable {
    public let workflow: String
    public let name: String
    public let label: LocalizedText
    public var held: [TaskRef] = []
    /// Outcome code → (label, tasks).
    public var outcomes: [String: (label: LocalizedText, tasks: [TaskRef])] = [:]
  }

  /// One deadline occurrence met in the period, or unmet at its end.
  public struct DeadlineItem: Sendable {
    public let task: TaskRef
    public let deadline: String
    public let label: LocalizedText
    public let occurrence: Int
    public let due: LocalDate
    /// The day it was met; `nil` when it was still unmet at the period's end.
    public let met: LocalDate?
    /// Days late (0 when on time); for an unmet deadline, days overdue at the period's end.
    public let daysLate: Int
    /// For an unmet recurring deadline: how many occurrences are missed.
    public let occurrencesMissed: Int
  }

  /// One managed task as the annex lists it (the shipped workflows' fields host, investigator,
  /// contractStart, contractEnd and newContractEnd; a workflow without them leaves the cells empty).
  public struct AnnexRow: Sendable {
    public let task: TaskRef
    public let level: LocalizedText?
    public let programme: LocalizedText?
    public let host: String?
    /// The investigator's name as written on documents (display name, else login id).
    public let investigator: String?
    public let start: LocalDate?
    public let end: LocalDate?
    /// The end after an extension granted before the period's end.
    public let extendedEnd: LocalDate?
    public let budgetApproved: Int64
    public let budgetDisbursed: Int64
    public let state: LocalizedText
    /// Deadlines unmet at the period's end (filled from ``missed``).
    public var overdue: [LocalizedText] = []
  }

  public let from: LocalDate
  public let to: LocalDate
  /// The plan year the period counts new and carried-over tasks against (the year of `from`).
  public var year: Int { from.components.year }
  /// Whether tasks only followed are counted among the managed ones (a department setting).
  public let followedAsManaged: Bool

  /// Carried over + new (and the followed tasks when the department counts them).
  public var managed: [TaskRef] = []
  /// Began implementation in an earlier year, still open at the period start (chuyển tiếp).
  public var carriedOver: [TaskRef] = []
  /// On this year's plan, from the approval of the list, contracted or not (mới, thực hiện từ năm N).
  public var new: [TaskRef] = []
  /// Proposals for a coming year registered in the period (đăng ký, đề xuất): never managed.
  public var proposals: [TaskRef] = []
  /// Tasks managed by the Ministry or a central programme that the department follows (theo dõi).
  public var followed: [TaskRef] = []
  public var breakdowns: [Breakdown] = []
  /// The managed tasks, one row each, in key order (the .xlsx annex).
  public var annex: [AnnexRow] = []
  /// Budgets of all managed tasks (VND).
  public var budgetApproved: Int64 = 0
  public var budgetDisbursed: Int64 = 0
  public var councils: [Council] = []
  /// Tasks by what the period's transitions count as (contracted, inspection, published …).
  public var categories: [ReportCategory: [TaskRef]] = [:]
  /// Acceptances in the period by rating (code → label and tasks), in the rating field's order.
  public var acceptances: [(rating: String, label: LocalizedText, tasks: [TaskRef])] = []
  public var terminations: [(task: TaskRef, reason: String)] = []
  public var metOnTime: [DeadlineItem] = []
  public var metLate: [DeadlineItem] = []
  /// Deadlines due by the period's end and unmet at it.
  public var missed: [DeadlineItem] = []
  /// Tasks on a plan whose start year is unknown (no start year, no start date): not counted as new or
  /// carried over until one is set, and named so nobody is left out silently.
  public var noStartYear: [TaskRef] = []
  /// Tasks whose history could not be read (named so nobody is silently left out).
  public var unreadable: [(key: String, reason: String)] = []

  public init(from: LocalDate, to: LocalDate, followedAsManaged: Bool) {
    self.from = from
    self.to = to
    self.followedAsManaged = followedAsManaged
  }
}
