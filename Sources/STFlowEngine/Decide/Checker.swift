import Foundation
import STFlowDefinition
import STFlowRules

/// The individual rules `decide` applies, each producing a ``Rejection`` that names itself.
struct Checker {
  let engine: Engine
  let task: TaskState?
  let key: String
  let context: CommandContext
  var definition: WorkflowDefinition { engine.definition }

  init(engine: Engine, task: TaskState?, key: String, context: CommandContext) {
    self.engine = engine
    self.task = task
    self.key = key
    self.context = context
  }

  /// A refusal by `rule`: `message` in English, `vi` in Vietnamese with the definition's labels.
  func refuse(_ rule: Rejection.Rule, _ message: String, vi: String? = nil, values: [(String, String)] = [], basis: String? = nil)
    -> Rejection
  {
    Rejection(rule: rule, taskKey: key, actor: context.actor.name, message: message, messageVi: vi, values: values, basis: basis)
  }

  /// A person as a refusal names them: the acting person's own name, else the name the context knows, else the login.
  func person(_ login: String) -> String {
    login == context.actor.name ? context.actor.shownName : context.names[login] ?? login
  }

  static func unknownTask(_ context: CommandContext) -> Rejection {
    Rejection(rule: .unknownTask, taskKey: "?", actor: context.actor.name, message: "no such task", messageVi: "không có nhiệm vụ này")
  }

  /// The task is not closed, the expected version matches, and the effective time is in order.
  func open() throws(Rejection) {
    guard let task else { return }
    if let expected = context.expectedVersion, expected != task.version {
      throw refuse(
        .versionConflict, "the task is at version \(task.version), not \(expected): someone changed it since you read it",
        vi: "nhiệm vụ đã ở phiên bản \(task.version), không phải \(expected): có người vừa cập nhật, hãy xem lại nhiệm vụ rồi làm lại")
    }
    if definition.isFinal(task.state) {
      throw refuse(
        .taskClosed, "the task is in the final state '\(task.state)'; nothing can change any more",
        vi: "nhiệm vụ đã ở bước cuối \(stateName(task.state)), không thể thay đổi nữa")
    }
    // A person's event may not be earlier than the latest event a person entered; a scheduler notice
    // keeps the time it was raised and never blocks entering an earlier real event.
    if context.actor.name != Actor.system.name, context.effectiveAt < task.lastActedAt {
      throw refuse(
        .effectiveTime,
        "effective time \(Timestamp.formatLocal(context.effectiveAt, in: definition.timeZone)) is before the task's latest event (\(Timestamp.formatLocal(task.lastActedAt, in: definition.timeZone)))",
        vi:
          "ngày hiệu lực \(LocalDate(context.effectiveAt, in: definition.timeZone).dayMonthYear) sớm hơn thao tác gần nhất của nhiệm vụ (\(LocalDate(task.lastActedAt, in: definition.timeZone).dayMonthYear))"
      )
    }
    if context.effectiveAt > context.recordedAt.addingTimeInterval(60) {
      throw refuse(
        .effectiveTime, "effective time \(Timestamp.formatLocal(context.effectiveAt, in: definition.timeZone)) is in the future",
        vi: "ngày hiệu lực \(LocalDate(context.effectiveAt, in: definition.timeZone).dayMonthYear) là ngày trong tương lai")
    }
  }

  /// The roles the actor holds on this task (see ``Engine/roles(of:on:)``).
  func roles() -> Set<String> { Engine.roles(of: context.actor, on: task, definition: definition) }

  /// Whether the actor holds `role`, globally or through an actor field of the task.
  func holds(_ role: String) -> Bool {
    // A role a field grants (the task's investigator) is held only through that field, never globally.
    let held = context.actor.roles
    if !held.isEmpty, held.contains(role), !definition.grantedRoles.contains(role) { return true }
    guard let task else { return false }
    for grant in definition.roleGrants where grant.role == role {
      if case .string(let who) = task.fields[grant.field], who == context.actor.name { return true }
    }
    return false
  }

  func hasRole(
    _ allowed: [String], doing what: @autoclosure () -> String, vi whatVi: @autoclosure () -> String, basis: String? = nil
  ) throws(Rejection) {
    // A loop, not `contains(where: holds)`: a closure over `self` would copy the task state.
    for role in allowed where holds(role) { return }
    let held = roles()
    throw refuse(
      .roleRequired,
      "actor '\(context.actor.name)' may not \(what()): it needs one of the roles \(allowed.joined(separator: ", ")) but holds \(held.isEmpty ? "none" : held.sorted().joined(separator: ", "))",
      vi: "\(context.actor.shownName) không được \(whatVi()): cần vai trò \(roleNames(allowed))"
        + (held.isEmpty ? ", hiện không có vai trò nào" : ", hiện có vai trò \(roleNames(held.sorted()))"),
      basis: basis)
  }

  /// Whether every value given with `t` passes both ``values(_:)`` and ``givenWith(_:_:)``, seen in one pass with
  /// one look-up of each field (each check's own common case, below). `false` sends the values through those two
  /// checks, which then say what is wrong.
  func plainlyGiven(with t: TransitionDefinition, _ fields: [String: Value]) -> Bool {
    for (name, v) in fields {
      guard t.givenFields.contains(name), let i = definition.fieldIndex[name], asksNothingMore(ofField: i, given: v),
        isPlainValue(v, ofField: i)
      else { return false }
    }
    return true
  }

  /// Whether `v` is a value the field at position `i` takes as it is: nothing, or one of its type (of its list, for
  /// an enum; not a document), text one line of at most 10,000 bytes (enough to know it has at most as many
  /// characters), money not negative.
  func isPlainValue(_ v: Value, ofField i: Int) -> Bool {
    switch v {
    case .null: return true
    case .string(let s): if s.utf8.count > 10_000 || s.hasControlCharacters { return false }
    case .money(let m): if m < 0 { return false }
    default: break
    }
    let type = definition.fields[i].type
    if type == .enum, case .string(let s) = v, !definition.fields[i].enumValues.contains(s) { return false }
    return type != .document && v.type == type.valueType
  }

  /// Whether the field at position `i` asks nothing more of a value given with a transition: it names no editors
  /// of its own, and `v` does not clear it when it is required.
  func asksNothingMore(ofField i: Int, given v: Value) -> Bool {
    definition.fields[i].editBy == nil && !(definition.fields[i].required && v == .null)
  }

  /// The values given with a transition are fields it declares (`requires`, `accepts`, `set`), each one the
  /// actor may edit when the field names its own editors, and none clears a required field.
  func givenWith(_ t: TransitionDefinition, _ fields: [String: Value]) throws(Rejection) {
    if fields.isEmpty { return }
    // The common case, checked without sorting: every value is taken, and asks nothing more (a field that names
    // its own editors, or a required one cleared, is checked below, in order).
    var plain = true
    for (name, value) in fields {
      guard t.givenFields.contains(name) else {
        plain = false
        break
      }
      if let i = definition.fieldIndex[name], !asksNothingMore(ofField: i, given: value) {
        plain = false
        break
      }
    }
    if plain { return }
    for name in fields.keys.sorted() {
      guard t.givenFields.contains(name) else {
        let allowed = t.givenFields.sorted()
        throw refuse(
          .fieldNotAccepted,
          "transition '\(t.id)' does not take field '\(name)'; it takes \(allowed.isEmpty ? "no field" : allowed.joined(separator: ", ")) (change other fields with 'task set')",
          vi: "bước \(stepName(t.id)) không nhận thông tin \(fieldName(name)); bước này nhận: "
            + (allowed.isEmpty ? "không thông tin nào" : fieldNames(allowed)) + " (sửa thông tin khác bằng 'task set')",
          basis: t.basis)
      }
      if let f = definition.field(name) {
        if let editors = f.editBy { try hasRole(editors, doing: "give field '\(name)'", vi: "nhập \(fieldName(name))") }
        if f.required && fields[name] == .null {
          throw refuse(
            .requiredField, "field '\(name)' is required and cannot be cleared",
            vi: "\(fieldName(name)) là thông tin bắt buộc, không được xóa")
        }
      }
    }
  }

  /// A task key is one line of at most 100 visible characters, not starting with `@` (the store's
  /// registries of people, configuration and deliveries use such keys in the same chain).
  func validKey(_ key: String) throws(Rejection) {
    if key.hasPrefix("@") {
      throw refuse(
        .invalidValue, "task key '\(key)' may not start with '@' (reserved for the record's registries)",
        vi: "mã nhiệm vụ “\(key)” không được bắt đầu bằng '@' (dành cho sổ đăng ký của hệ thống)")
    }
    if key.isEmpty || key.count > 100 || key.hasControlCharacters || key.trimmingCharacters(in: .whitespaces) != key {
      throw refuse(
        .invalidValue,
        "task key '\(key.debugDescription.dropFirst().dropLast())' must be 1–100 visible characters on one line, without leading or trailing spaces",
        vi:
          "mã nhiệm vụ “\(key.debugDescription.dropFirst().dropLast())” phải dài 1–100 ký tự trên một dòng, không có dấu cách ở đầu hoặc cuối"
      )
    }
  }

  /// A new task's key is valid and not taken by `existing`.
  func newKey(_ key: String, taken existing: TaskState?) throws(Rejection) {
    try validKey(key)
    if let existing {
      throw refuse(
        .taskExists, "task '\(key)' already exists (workflow \(existing.workflowId), state \(existing.state))",
        vi: "mã nhiệm vụ “\(key)” đã có (đang ở bước \(stateName(existing.state)))")
    }
  }

  /// A new task is given every required field.
  func requiredGiven(_ fields: [String: Value]) throws(Rejection) {
    let missing = definition.fields.filter { $0.required && (fields[$0.name] ?? .null) == .null }.map(\.name)
    if !missing.isEmpty {
      throw refuse(
        .requiredField, "required field\(missing.count > 1 ? "s" : "") missing: \(missing.joined(separator: ", "))",
        vi: "còn thiếu thông tin bắt buộc: \(fieldNames(missing))")
    }
  }

  /// A comment is text without control characters other than line breaks.
  func validComment(_ comment: String?) throws(Rejection) {
    if let comment, comment.hasControlCharactersBesidesLineBreaks || comment.count > 10_000 {
      throw refuse(
        .invalidValue, "the comment holds a control character or is longer than 10,000 characters",
        vi: "ý kiến có ký tự điều khiển hoặc dài quá 10.000 ký tự")
    }
  }

  /// Every value names a field of the definition and has its type.
  func values(_ fields: [String: Value]) throws(Rejection) {
    if fields.isEmpty { return }
    for (name, v) in fields {
      if case .string(let s) = v, s.hasControlCharacters || s.count > 10_000 {
        throw refuse(
          .invalidValue, "field '\(name)' must be one line of text without control characters (at most 10,000 characters)",
          vi: "\(fieldName(name)) phải là một dòng chữ không có ký tự điều khiển (tối đa 10.000 ký tự)")
      }
      if case .money(let m) = v, m < 0 {
        throw refuse(
          .invalidValue, "field '\(name)' is money and cannot be negative (\(v))",
          vi: "\(fieldName(name)) là số tiền, không được âm (\(viText(v)))")
      }
    }
    // The common case, checked without sorting: every value is a plain value of a field of the definition.
    var allValid = true
    for (name, v) in fields {
      guard let i = definition.fieldIndex[name], isPlainValue(v, ofField: i) else {
        allValid = false
        break
      }
    }
    if allValid { return }
    for name in fields.keys.sorted() {
      guard let f = definition.field(name) else {
        throw refuse(
          .unknownField,
          "workflow '\(definition.id)' has no field '\(name)' (fields: \(definition.fields.map(\.name).joined(separator: ", ")))",
          vi: "quy trình không có thông tin “\(name)” (các mã thông tin: \(definition.fields.map(\.name).joined(separator: ", ")))")
      }
      let v = fields[name] ?? .null
      if v == .null { continue }
      if f.type == .document {
        throw refuse(
          .invalidValue, "field '\(name)' is a document: attach it with 'task attach'",
          vi: "\(fieldName(name)) là tài liệu: đính kèm bằng 'task attach'")
      }
      guard v.type == f.type.valueType else {
        throw refuse(
          .invalidValue, "field '\(name)' is \(f.type.rawValue), but \(v) is \(v.type.article)",
          vi: "\(fieldName(name)) cần giá trị kiểu \(f.type.rawValue), không nhận \(v)")
      }
      if f.type == .enum, case .string(let s) = v, !f.enumValues.contains(s) {
        throw refuse(
          .invalidValue, "field '\(name)' must be one of \(f.enumValues.joined(separator: ", ")), not \"\(s)\"",
          vi:
            "\(fieldName(name)) phải là một trong: \(f.enumValues.map { "\(f.valueLabel($0, "vi")) (\($0))" }.joined(separator: ", ")), không nhận “\(s)”"
        )
      }
    }
  }

  func guardHolds(
    _ g: GuardExpression, on resolver: TaskResolver, what: @autoclosure () -> String, vi whatVi: @autoclosure () -> String,
    basis: String?
  ) throws(Rejection) {
    var seen: [(String, String)] { g.references.map { ($0, resolver.value(of: $0).description) } }
    let result: Value
    do {
      result = try g.evaluate(with: resolver)
    } catch {
      throw refuse(
        .guardFailed, "the guard of \(what()) cannot be evaluated (\(error.message)): \(g.source)",
        vi: "chưa kiểm tra được điều kiện của \(whatVi()) (\(viValues(g.references, resolver))): \(g.source)", values: seen, basis: basis)
    }
    if result != .bool(true) {
      throw refuse(
        .guardFailed, "the guard of \(what()) is false: \(g.source)",
        vi: "chưa đủ điều kiện để \(whatVi()): \(g.source) (\(viValues(g.references, resolver)))", values: seen, basis: basis)
    }
  }

  /// A named rule of a transition: refused with the rule's id, its message, its numbers and its basis.
  func ruleHolds(_ rule: GuardRule, of t: TransitionDefinition, on resolver: TaskResolver) throws(Rejection) {
    let result: Value
    do {
      result = try rule.condition.evaluate(with: resolver)
    } catch {
      throw refuse(
        .guardFailed, "rule '\(rule.id)' of transition '\(t.id)' cannot be checked (\(error.message)): \(rule.condition.source)",
        vi: "chưa kiểm tra được quy định “\(rule.id)” của bước \(stepName(t.id)) (\(viValues(rule.condition.references, resolver)))",
        values: rule.condition.references.map { ($0, resolver.value(of: $0).description) }, basis: rule.basis ?? t.basis)
    }
    guard result != .bool(true) else { return }
    var values = rule.values.map { v in
      (v.name, (try? v.expression.evaluate(with: resolver))?.description ?? "unknown")
    }
    values += rule.condition.references.map { ($0, resolver.value(of: $0).description) }
    throw refuse(
      .guardFailed, "rule '\(rule.id)' of transition '\(t.id)': \(rule.message?.text("en") ?? "is false: \(rule.condition.source)")",
      vi: "bước \(stepName(t.id)) [\(rule.id)]: \(rule.message?.text("vi") ?? "chưa đủ điều kiện \(rule.condition.source)") ("
        + (rule.values.map { v in
          "\(v.label?.text("vi", fallback: v.name) ?? v.name) = \((try? v.expression.evaluate(with: resolver)).map { viText($0) } ?? "?")"
        }
        + [viValues(rule.condition.references, resolver)]).joined(separator: "; ") + ")",
      values: values, basis: rule.basis ?? t.basis)
  }

  /// The values a transition's `set` assigns, computed on the state after the command's own values.
  func assignments(of t: TransitionDefinition, on base: TaskResolver) throws(Rejection) -> [String: Value] {
    var out: [String: Value] = [:]
    var resolver = base
    for (field, expression) in t.assignments {
      do {
        var v = try expression.evaluate(with: resolver)
        if definition.field(field)?.type == .money, case .integer(let i) = v { v = .money(i) }
        out[field] = v
        resolver.overlay[field] = v
      } catch {
        throw refuse(
          .guardFailed, "transition '\(t.id)' cannot compute \(field) = \(expression.source): \(error.message)",
          vi: "bước \(stepName(t.id)) chưa tính được \(fieldName(field)) = \(expression.source): \(error.message)", basis: t.basis)
      }
    }
    return out
  }
}
