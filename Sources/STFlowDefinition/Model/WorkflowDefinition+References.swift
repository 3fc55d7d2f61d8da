extension WorkflowDefinition {
  /// How a person reads a name a guard or a due date uses: a field by its label, `count.extend` as the number
  /// of times a step was done, `entered.accepted` as the day the task reached that step, `at` as the day of
  /// the action. An unknown name reads as itself.
  public func referenceLabel(_ name: String, _ language: String) -> String {
    let vi = language != "en"
    if let f = field(name) { return f.label?.text(language, fallback: name) ?? name }
    if name.hasPrefix("count.") {
      let id = String(name.dropFirst(6))
      let step = transition(id)?.label?.text(language, fallback: id) ?? id
      return vi ? "số lần “\(step)”" : "times “\(step)” was done"
    }
    if name.hasPrefix("entered.") {
      let id = String(name.dropFirst(8))
      let step = state(id)?.label.text(language, fallback: id) ?? id
      return vi ? "ngày vào bước “\(step)”" : "the day it entered “\(step)”"
    }
    switch name {
    case "at": return vi ? "ngày thực hiện" : "the day of the action"
    case "state": return vi ? "bước hiện tại" : "the current step"
    case "createdOn": return vi ? "ngày tạo nhiệm vụ" : "the day the task was created"
    case "enteredOn": return vi ? "ngày vào bước hiện tại" : "the day it entered the current step"
    default: return name
    }
  }
}
