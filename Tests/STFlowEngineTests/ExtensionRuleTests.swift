import Foundation
import Testing

@testable import STFlowDefinition
@testable import STFlowEngine
@testable import STFlowRules

/// The extension rules of the shipped provincial workflow (Thông tư 04/2015/TT-BKHCN).
@Suite struct ExtensionRuleTests {
  let engine: Engine
  let approver = Actor(name: "hung", roles: ["approver"])

  init() throws {
    let root = fixturesFolder.deletingLastPathComponent().deletingLastPathComponent()
    engine = Engine(
      definition: try DefinitionLoader.load(file: root.appendingPathComponent("Workflows/provincial-task.json").path), definitionHash: "p")
  }

  func task(start: String, end: String, extensions: Int = 0) -> TaskState {
    let t0 = Timestamp.parse("2025-03-01", in: .vietnam)!
    return TaskState(
      key: "DT-1", workflowId: "provincial-task", definitionHash: "p", state: "implementation",
      fields: [
        "title": .string("t"), "level": .string("provincial"), "contractStart": .date(LocalDate(iso: start)!),
        "contractEnd": .date(LocalDate(iso: end)!),
      ], counts: extensions > 0 ? ["extend": extensions] : [:], version: 9, createdAt: t0, enteredAt: t0, lastEffectiveAt: t0)
  }

  func extend(_ t: TaskState, to newEnd: String, on day: String) -> Result<TaskState, Rejection> {
    let at = Timestamp.parse(day + "T09:00", in: .vietnam)!
    var state: TaskState? = t
    do {
      _ = try engine.execute(
        .fire(transition: "extend", fields: ["newContractEnd": .date(LocalDate(iso: newEnd)!)], comment: nil), on: &state,
        context: CommandContext(actor: approver, recordedAt: at))
      return .success(state!)
    } catch {
      return .failure(error)
    }
  }

  func refusal(_ r: Result<TaskState, Rejection>) -> Rejection? {
    if case .failure(let e) = r { return e }
    return nil
  }

  @Test func aLongTaskMayBeExtendedByTwelveMonthsOnce() throws {
    let t = task(start: "2025-03-01", end: "2027-02-28")  // 24 months
    let extended = try extend(t, to: "2028-02-28", on: "2026-12-01").get()
    #expect(extended.fields["contractEnd"] == .date(LocalDate(iso: "2028-02-28")!))
    let again = refusal(extend(extended, to: "2028-03-31", on: "2027-01-10"))
    #expect(again?.message == "rule 'once-only' of transition 'extend': a contract is extended once only")
    #expect(again?.values.first.map { "\($0.0)=\($0.1)" } == "extensionsGranted=1")
  }

  @Test func anExtensionRequestedTooLateIsRefusedWithTheDays() {
    let r = refusal(extend(task(start: "2025-03-01", end: "2027-02-28"), to: "2027-08-31", on: "2027-02-10"))
    #expect(r?.message.contains("rule 'requested-in-time'") == true)
    #expect(r?.values.prefix(2).map { "\($0.0)=\($0.1)" } == ["daysBeforeEnd=18", "requiredDays=30"])
    #expect(r?.basis == "Thông tư 04/2015/TT-BKHCN, Điều 9; quyết định của UBND tỉnh (trước 30 ngày)")
  }

  @Test func aShortTaskMayBeExtendedBySixMonthsAtMost() {
    let t = task(start: "2025-03-01", end: "2026-08-31")  // 18 months
    let r = refusal(extend(t, to: "2027-03-31", on: "2026-06-01"))
    #expect(r?.message.contains("rule 'maximum-length'") == true)
    #expect(r?.values.map { "\($0.0)=\($0.1)" }.prefix(3) == ["contractMonths=18", "requestedDays=212", "maximumEnd=2027-02-28"])
    #expect((try? extend(t, to: "2027-02-28", on: "2026-06-01").get()) != nil)
  }

  @Test func theNewEndMustBeLater() {
    let r = refusal(extend(task(start: "2025-03-01", end: "2026-08-31"), to: "2026-07-31", on: "2026-06-01"))
    #expect(r?.message == "rule 'later-end' of transition 'extend': the new end must be after the current contract end")
  }
}
