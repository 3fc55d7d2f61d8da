import STFlowDefinition
import STFlowRules

/// The Vietnamese words of a refusal: states, steps, fields and roles by the definition's labels, values as
/// a department writes them (31/08/2027, 600.000.000 đ, enum values by label).
extension Checker {
  /// “Đang thực hiện”.
  func stateName(_ state: String) -> String { "“\(definition.state(state)?.label.text("vi", fallback: state) ?? state)”" }

  /// “Gia hạn hợp đồng”.
  func stepName(_ id: String) -> String { "“\(definition.transition(id)?.label?.text("vi", fallback: id) ?? id)”" }

  /// “Ngày kết thúc hợp đồng” (a field, quoted); other names as ``WorkflowDefinition/referenceLabel(_:_:)`` reads them.
  func fieldName(_ name: String) -> String {
    let label = definition.referenceLabel(name, "vi")
    return definition.field(name) == nil ? label : "“\(label)”"
  }

  /// “Hội đồng tư vấn xác định nhiệm vụ”.
  func councilName(_ name: String) -> String { definition.council(name)?.label.text("vi", fallback: name) ?? name }

  func stateNames(_ states: [String]) -> String { states.map(stateName).joined(separator: ", ") }
  func fieldNames(_ names: [String]) -> String { names.map(fieldName).joined(separator: ", ") }
  func roleNames<S: Sequence<String>>(_ roles: S) -> String { roles.map { RoleLabels.text($0, "vi") }.joined(separator: ", ") }

  /// The steps the task can take from `state`, by label.
  func stepsFrom(_ state: String) -> String {
    let ids = definition.transitions.filter { ($0.from.contains(state) || $0.from.contains("*")) && !$0.isAutomatic }.map(\.id)
    return ids.isEmpty ? "không bước nào" : ids.map { "\(stepName($0)) [\($0)]" }.joined(separator: ", ")
  }

  /// A value as a department writes it.
  func viText(_ v: Value, field name: String? = nil) -> String {
    switch v {
    case .null: return "chưa có"
    case .bool(let b): return b ? "có" : "không"
    case .money(let m): return Value.groupThousands(m) + " đ"
    case .date(let d): return d.dayMonthYear
    case .string(let s):
      if let f = name.flatMap(definition.field), f.type == .enum { return f.valueLabel(s, "vi") }
      return s
    default: return v.plainText
    }
  }

  /// "“Ngày kết thúc hợp đồng” = 31/08/2027; số lần “Gia hạn hợp đồng” = 1".
  func viValues(_ names: [String], _ resolver: TaskResolver) -> String {
    names.map { "\(fieldName($0)) = \(viText(resolver.value(of: $0), field: $0))" }.joined(separator: "; ")
  }
}
