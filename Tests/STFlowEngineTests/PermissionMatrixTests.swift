import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules

/// Every transition and every field of the shipped workflows, by every role: who may fire, who may give
/// which value, and a refusal never changes the task. Generated from the definitions themselves.
@Suite struct PermissionMatrixTests {
  static let workflows = ["provincial-task", "grassroots-task", "national-task"]

  static func engine(_ name: String) throws -> Engine {
    let root = fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
    return Engine(
      definition: try DefinitionLoader.load(file: root.appendingPathComponent("Workflows/\(name).json").path), definitionHash: name)
  }

  static let at = Timestamp.parse("2026-06-01T09:00", in: .vietnam)!

  /// A task sitting in `state`, imported (so every state can be reached directly), naming `named` in every
  /// actor field that grants a role.
  static func task(_ engine: Engine, in state: String, named: String = "someone.else") throws -> TaskState {
    let d = engine.definition
    var fields: [String: Value] = [:]
    for f in d.fields where f.required { fields[f.name] = sample(f) }
    for g in d.roleGrants { fields[g.field] = .string(named) }
    var s: TaskState?
    _ = try engine.execute(
      .importTask(key: "M-1", state: state, fields: fields, past: ImportedPast(trackedSince: at)), on: &s,
      context: CommandContext(actor: Actor(name: "root", roles: Set(d.createBy)), recordedAt: at))
    return try #require(s)
  }

  static func sample(_ f: FieldDefinition) -> Value {
    switch f.type {
    case .string: return .string("x")
    case .actor: return .string("someone")
    case .integer: return .integer(1)
    case .money: return .money(1000)
    case .date: return .date(LocalDate(iso: "2026-05-01")!)
    case .boolean: return .bool(true)
    case .enum: return .string(f.enumValues[0])
    case .document: return .null
    }
  }

  /// Someone holding `role`: the person the task's fields name for a role a field grants, else a staff member.
  static func holder(of role: String, in d: WorkflowDefinition) -> Actor {
    d.grantedRoles.contains(role) ? Actor(name: "the.person", roles: []) : Actor(name: "a.\(role)", roles: [role])
  }

  /// Fires `t` as `actor` with `fields`; the rule that refused, or nil. The task is unchanged on refusal.
  static func fire(_ engine: Engine, _ task: TaskState, _ t: TransitionDefinition, as actor: Actor, _ fields: [String: Value]) -> Rejection?
  {
    var state: TaskState? = task
    do {
      _ = try engine.execute(
        .fire(transition: t.id, fields: fields, comment: "lý do"), on: &state, context: CommandContext(actor: actor, recordedAt: at))
      return nil
    } catch {
      #expect(state == task, "a refusal of \(t.id) changed the task")
      return error
    }
  }

  @Test(arguments: workflows)
  func onlyTheRolesATransitionNamesMayFireIt(workflow: String) throws {
    let engine = try Self.engine(workflow)
    let d = engine.definition
    for t in d.transitions where !t.isAutomatic {
      let from = t.from.first { $0 != "*" } ?? d.initial
      let task = try Self.task(engine, in: from)
      for role in d.roles {
        let refusal = Self.fire(engine, task, t, as: Actor(name: "a.\(role)", roles: [role]), [:])
        let granted = d.grantedRoles.contains(role)
        if t.by.contains(role) && !granted {
          #expect(refusal?.rule != .roleRequired, "\(workflow)/\(t.id) by \(role): \(refusal?.message ?? "")")
        } else if !t.by.contains(where: { !d.grantedRoles.contains($0) && role == $0 }) {
          // A role the transition does not name — or a task-scoped role held only globally — is refused.
          #expect(refusal?.rule == .roleRequired, "\(workflow)/\(t.id) by \(role) should be refused")
        }
      }
      // The person a field names holds its role on this task, and only on this task.
      for g in d.roleGrants where t.by.contains(g.role) {
        let named = try Self.task(engine, in: from, named: "the.person")
        #expect(Self.fire(engine, named, t, as: Actor(name: "the.person", roles: []), [:])?.rule != .roleRequired)
        #expect(Self.fire(engine, task, t, as: Actor(name: "the.person", roles: [g.role]), [:])?.rule == .roleRequired)
      }
    }
  }

  @Test(arguments: workflows)
  func aTransitionTakesOnlyTheFieldsItDeclaresFromThoseWhoMayEditThem(workflow: String) throws {
    let engine = try Self.engine(workflow)
    let d = engine.definition
    for t in d.transitions where !t.isAutomatic {
      let from = t.from.first { $0 != "*" } ?? d.initial
      let task = try Self.task(engine, in: from, named: "the.person")
      for role in t.by {
        let actor = Self.holder(of: role, in: d)
        for f in d.fields where f.type != .document {
          let refusal = Self.fire(engine, task, t, as: actor, [f.name: Self.sample(f)])
          if !t.givenFields.contains(f.name) {
            #expect(refusal?.rule == .fieldNotAccepted, "\(workflow)/\(t.id) took \(f.name) from \(role)")
          } else if let editors = f.editBy, !editors.contains(role) {
            #expect(refusal?.rule == .roleRequired, "\(workflow)/\(t.id): \(role) gave \(f.name), editable by \(editors)")
          } else {
            #expect(
              refusal?.rule != .fieldNotAccepted && refusal?.rule != .roleRequired,
              "\(workflow)/\(t.id) \(role) \(f.name): \(refusal?.message ?? "")")
          }
        }
      }
    }
  }

  @Test(arguments: workflows)
  func onlyAFieldsEditorsMaySetIt(workflow: String) throws {
    let engine = try Self.engine(workflow)
    let d = engine.definition
    let state = d.states.first { !$0.isFinal && $0.name != d.initial }?.name ?? d.initial
    let task = try Self.task(engine, in: state, named: "the.person")
    for f in d.fields where f.type != .document {
      for role in d.roles {
        let actor = Self.holder(of: role, in: d)
        var s: TaskState? = task
        var refusal: Rejection?
        do {
          _ = try engine.execute(
            .set(fields: [f.name: Self.sample(f)], comment: nil), on: &s, context: CommandContext(actor: actor, recordedAt: Self.at))
        } catch {
          refusal = error
          #expect(s == task)
        }
        let editors = f.editBy ?? d.editBy
        #expect(
          (refusal == nil) == editors.contains(role),
          "\(workflow): \(role) set \(f.name) (editors \(editors)): \(refusal?.message ?? "allowed")")
      }
    }
  }

  @Test func aRequiredFieldCannotBeClearedByATransition() throws {
    let engine = try Self.engine("provincial-task")
    let t = try #require(engine.definition.transition("adjust"))
    let task = try Self.task(engine, in: "implementation")
    let refusal = Self.fire(engine, task, t, as: Actor(name: "hung", roles: ["approver"]), ["title": .null])
    #expect(refusal?.rule == .requiredField)
  }

  @Test func anInvestigatorReportingProgressCannotTouchTheBudgetOrTheRating() throws {
    let engine = try Self.engine("provincial-task")
    let t = try #require(engine.definition.transition("report_progress"))
    let task = try Self.task(engine, in: "implementation", named: "binh")
    let binh = Actor(name: "binh", roles: [])
    for (field, value) in [
      ("budgetCap", Value.money(9_000_000_000)), ("contractEnd", .date(LocalDate(iso: "2030-01-01")!)),
      ("acceptanceRating", .string("xuat_sac")), ("title", .null),
    ] {
      let refusal = Self.fire(engine, task, t, as: binh, ["lastReportDate": .date(LocalDate(iso: "2026-05-30")!), field: value])
      #expect(refusal?.rule == .fieldNotAccepted, "\(field)")
      #expect(refusal?.message.contains("does not take field '\(field)'") == true)
    }
    #expect(Self.fire(engine, task, t, as: binh, ["lastReportDate": .date(LocalDate(iso: "2026-05-30")!)]) == nil)
  }
}
