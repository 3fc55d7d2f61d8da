import Foundation
import STFlowEngine
import STFlowRules

/// Who sees which task: staff roles see every task; anyone else sees the tasks where a field names them for
/// a task role (the investigator of this task) or where they sit on a council.
extension EventStore {
  /// The roles that see every task: the setting `access.staff` (a comma-separated list), or, when it is not
  /// set, every role held globally — the department's own people (manager, director, approver, council
  /// secretary, appraiser, finance) hold one; experts and investigators hold none (a task or a council names them).
  public func staffRoles() throws -> Set<String>? {
    guard let text = try setting(Settings.staffRoles) else { return nil }
    return Set(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
  }

  /// Whether `actor` holds a staff role.
  public func isStaff(_ actor: Actor) throws -> Bool {
    guard let staff = try staffRoles() else { return !actor.roles.isEmpty }
    return !actor.roles.isDisjoint(with: staff)
  }

  /// Whether `actor` may see `task` at all (a task they may not see is, to them, a task that does not exist).
  public func canSee(_ task: TaskState, actor: Actor) throws -> Bool {
    if try isStaff(actor) { return true }
    let definition = try engine(hash: task.definitionHash).definition
    for grant in definition.roleGrants {
      if case .string(let name)? = task.fields[grant.field], name == actor.name { return true }
    }
    return task.councils.values.contains { $0.members.contains { $0.name == actor.name } }
  }
}
