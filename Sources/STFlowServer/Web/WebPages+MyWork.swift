import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowPresentation
import STFlowRules
import STFlowStore

extension WebPages {
  /// `/`: my work — what I can do now, my deadlines coming and overdue, councils waiting for my ballot or my
  /// attendance record.
  func myWork(_ c: Context) throws -> HTTPResponse {
    let today = c.formats.day(clock.now())
    var actionable: [(TaskState, Engine, [TransitionDefinition])] = []
    var mine = Set<String>()
    var councils: [HTML] = []
    for task in try c.store.tasks() {
      let engine = try c.store.engine(hash: task.definitionHash)
      guard try c.isStaff || c.store.canSee(task, actor: c.actor) else { continue }
      let actions = engine.actions(for: c.actor, on: task)
      if !actions.isEmpty {
        actionable.append((task, engine, actions))
        mine.insert(task.key)
      }
      if Engine.roles(of: c.actor, on: task, definition: engine.definition).contains(where: { r in
        engine.definition.grantedRoles.contains(r)
      }) {
        mine.insert(task.key)
      }
      for s in task.councils.values where s.isOpen {
        let label = engine.definition.council(s.council)?.label.text(c.language, fallback: s.council) ?? s.council
        let link: HTML =
          "<a href=\"\(URLPath.make("nhiem-vu", task.key, "hoi-dong", s.council))\">\(label)</a> — \(task.key) \(task.fields["title"]?.plainText ?? "")"
        let isMember = s.members.contains { $0.name == c.actor.name }
        let isSecretary =
          s.members.contains { $0.name == c.actor.name && $0.role == "secretary" } || c.actor.roles.contains("council_secretary")
        if isMember, s.present.contains(c.actor.name), !s.ballots.contains(where: { $0.member == c.actor.name }) {
          councils.append("<li>\(link): <strong>\(c.t("chờ phiếu của anh/chị", "waiting for your ballot"))</strong></li>")
        } else if isSecretary, s.present.isEmpty {
          councils.append("<li>\(link): \(c.t("cần ghi điểm danh", "attendance to record"))</li>")
        } else if isSecretary, s.present.contains(where: { p in !s.ballots.contains { $0.member == p } }) {
          councils.append("<li>\(link): \(c.t("còn thành viên chưa có phiếu", "ballots still missing"))</li>")
        } else if isMember && !s.present.contains(c.actor.name) && s.present.isEmpty {
          councils.append("<li>\(link): \(c.t("hội đồng đã thành lập, chờ điểm danh", "set up, attendance not yet recorded"))</li>")
        }
      }
    }
    let due = try c.store.dueItems(until: today.adding(days: 30)).filter { mine.contains($0.taskKey) }
    let dueRows = due.prefix(50).compactMap { d -> HTML? in
      guard let task = try? c.store.task(key: d.taskKey), let engine = try? c.store.engine(hash: task.definitionHash) else { return nil }
      let label =
        engine.definition.deadlines.first { $0.id == d.deadlineId }?.label.text(c.language, fallback: d.deadlineId) ?? d.deadlineId
      let late = d.dueDate < today
      let days = abs(d.dueDate.dayNumber - today.dayNumber)
      return """
        <tr><td><a href="\(URLPath.make("nhiem-vu", d.taskKey))">\(d.taskKey)</a><br><span class="muted">\(task.fields["title"]?.plainText ?? "")</span></td><td>\(label)</td><td>\(c.formats.date(d.dueDate))</td>\
        <td>\(late ? HTML("<span class=\"badge overdue\">\(c.t("quá hạn \(days) ngày", "overdue by \(days) days"))</span>") : HTML("<span class=\"badge state\">\(c.t("còn \(days) ngày", "\(days) days left"))</span>"))</td></tr>
        """
    }
    let actionRows = actionable.prefix(100).map { task, engine, actions -> HTML in
      let text = HistoryText(definition: engine.definition, formats: c.formats, people: c.people)
      let buttons = actions.map { t -> HTML in
        "<a class=\"button secondary\" href=\"\(URLPath.make("nhiem-vu", task.key, "chuyen", t.id))\">\(text.transition(t.id))</a>"
      }
      return """
        <tr><td><a href="\(URLPath.make("nhiem-vu", task.key))">\(task.key)</a><br><span class="muted">\(task.fields["title"]?.plainText ?? "")</span></td>\
        <td>\(text.state(task.state))</td><td><div class="actions">\(buttons)</div></td></tr>
        """
    }
    let body: HTML = """
      \(flash(c))
      <section class="card" aria-labelledby="h-councils"><h2 id="h-councils">\(c.t("Hội đồng", "Councils"))</h2>\
      \(councils.isEmpty ? HTML("<p class=\"muted\">\(c.t("Không có hội đồng nào đang chờ anh/chị.", "No council is waiting for you."))</p>") : "<ul>\(councils)</ul>")</section>
      <section class="card" aria-labelledby="h-due"><h2 id="h-due">\(c.t("Thời hạn sắp đến và quá hạn (30 ngày tới)", "Deadlines due and overdue (next 30 days)"))</h2>\
      \(dueRows.isEmpty ? HTML("<p class=\"muted\">\(c.t("Không có thời hạn nào.", "No deadline."))</p>") : "<div class=\"table-wrap\"><table class=\"cards\"><thead><tr><th scope=\"col\">\(c.t("Nhiệm vụ", "Task"))</th><th scope=\"col\">\(c.t("Thời hạn", "Deadline"))</th><th scope=\"col\">\(c.t("Hạn", "Due"))</th><th scope=\"col\">\(c.t("Tình trạng", "Status"))</th></tr></thead><tbody>\(dueRows)</tbody></table></div>")</section>
      <section class="card" aria-labelledby="h-now"><h2 id="h-now">\(c.t("Việc có thể làm ngay", "What I can do now"))</h2>\
      \(actionRows.isEmpty ? HTML("<p class=\"muted\">\(c.t("Không có việc nào.", "Nothing to do."))</p>") : "<div class=\"table-wrap\"><table class=\"cards\"><thead><tr><th scope=\"col\">\(c.t("Nhiệm vụ", "Task"))</th><th scope=\"col\">\(c.t("Bước", "State"))</th><th scope=\"col\">\(c.t("Thao tác", "Actions"))</th></tr></thead><tbody>\(actionRows)</tbody></table></div>")\
      \(actionable.count > 100 ? HTML("<p class=\"muted\">\(c.t("Còn \(actionable.count - 100) nhiệm vụ khác — xem trang Nhiệm vụ.", "\(actionable.count - 100) more — see Tasks."))</p>") : .empty)</section>
      """
    return page(c, title: c.t("Việc của tôi", "My work"), active: "work", body: body)
  }
}
