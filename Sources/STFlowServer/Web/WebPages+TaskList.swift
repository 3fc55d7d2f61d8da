import Foundation
import STFlowCLI
import STFlowDefinition
import STFlowEngine
import STFlowPresentation
import STFlowRules
import STFlowStore

extension WebPages {
  static let pageSize = 50

  /// `/nhiem-vu`: search by key or title, filter by state, level, year and overdue, sort, pages of 50, and the
  /// timeline of the tasks shown.
  func taskList(_ c: Context) throws -> HTTPResponse {
    let q = c.request.query("q")?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
    let state = c.request.query("trang-thai") ?? ""
    let levelFilter = c.request.query("cap") ?? ""
    let year = Int(c.request.query("nam") ?? "")
    let overdueOnly = c.request.query("qua-han") == "1"
    let sort = c.request.query("sap-xep") ?? "key"
    let today = c.formats.day(clock.now())
    let overdue = Set(try c.store.dueItems(until: today.adding(days: -1)).map(\.taskKey))
    var states: [String: String] = [:]
    var levels: [String: String] = [:]
    var rows: [(task: TaskState, definition: WorkflowDefinition)] = []
    for task in try c.store.tasks() {
      let definition = try c.store.engine(hash: task.definitionHash).definition
      guard try c.isStaff || c.store.canSee(task, actor: c.actor) else { continue }
      let stateLabel = definition.state(task.state)?.label.text(c.language, fallback: task.state) ?? task.state
      states[task.state] = stateLabel
      let taskLevel = definition.annexColumns.level.flatMap { task.fields[$0] }
      if case .string(let l)? = taskLevel, let f = definition.annexColumns.level.flatMap(definition.field) {
        levels[l] = f.valueLabel(l, c.language)
      }
      if !q.isEmpty, !task.key.lowercased().contains(q), !(task.fields["title"]?.plainText.lowercased().contains(q) ?? false) { continue }
      if !state.isEmpty, task.state != state { continue }
      if !levelFilter.isEmpty, taskLevel != .string(levelFilter) { continue }
      if let year, Self.year(of: task, definition) != year { continue }
      if overdueOnly, !overdue.contains(task.key) { continue }
      rows.append((task, definition))
    }
    switch sort {
    case "title": rows.sort { ($0.task.fields["title"]?.plainText ?? "") < ($1.task.fields["title"]?.plainText ?? "") }
    case "state": rows.sort { ($0.task.state, $0.task.key) < ($1.task.state, $1.task.key) }
    case "updated": rows.sort { $0.task.lastEffectiveAt > $1.task.lastEffectiveAt }
    default: rows.sort { $0.task.key.precedesNaturally($1.task.key) }
    }
    let pages = max(1, (rows.count + Self.pageSize - 1) / Self.pageSize)
    let pageNumber = min(max(1, Int(c.request.query("trang") ?? "") ?? 1), pages)
    let shown = Array(rows.dropFirst((pageNumber - 1) * Self.pageSize).prefix(Self.pageSize))
    let params: [(String, String?)] = [
      ("q", q), ("trang-thai", state), ("cap", levelFilter), ("nam", year.map(String.init)), ("qua-han", overdueOnly ? "1" : nil),
      ("sap-xep", sort),
    ]
    func options(_ all: [String: String], selected: String) -> [HTML] {
      all.sorted { $0.value < $1.value }.map { k, v in "<option value=\"\(k)\"\(k == selected ? HTML(" selected") : .empty)>\(v)</option>" }
    }
    let sorts = [
      ("key", c.t("Mã", "Key")), ("title", c.t("Tên", "Title")), ("state", c.t("Bước", "State")),
      ("updated", c.t("Mới cập nhật", "Recently changed")),
    ]
    let filters: HTML = """
      <form class="filters" method="get" action="/nhiem-vu" role="search">
      <label for="q">\(c.t("Tìm theo mã hoặc tên", "Search key or title"))<input type="text" id="q" name="q" value="\(q)"></label>
      <label for="f-state">\(c.t("Bước", "State"))<select id="f-state" name="trang-thai"><option value="">\(c.t("Tất cả", "All"))</option>\(options(states, selected: state))</select></label>
      <label for="f-level">\(c.t("Cấp", "Level"))<select id="f-level" name="cap"><option value="">\(c.t("Tất cả", "All"))</option>\(options(levels, selected: levelFilter))</select></label>
      <label for="f-year">\(c.t("Năm bắt đầu", "Start year"))<input type="number" id="f-year" name="nam" value="\(year.map(String.init) ?? "")" min="1990" max="2100" style="width:7rem"></label>
      <label for="f-overdue"><span>\(c.t("Chỉ quá hạn", "Overdue only"))</span><input type="checkbox" id="f-overdue" name="qua-han" value="1"\(overdueOnly ? HTML(" checked") : .empty)></label>
      <label for="f-sort">\(c.t("Sắp xếp", "Sort"))<select id="f-sort" name="sap-xep">\(sorts.map { k, v -> HTML in "<option value=\"\(k)\"\(k == sort ? HTML(" selected") : .empty)>\(v)</option>" })</select></label>
      <button type="submit">\(c.t("Lọc", "Filter"))</button></form>
      """
    let tableRows = shown.map { task, definition -> HTML in
      let stateLabel = definition.state(task.state)?.label.text(c.language, fallback: task.state) ?? task.state
      let final = definition.state(task.state)?.isFinal == true
      let late: HTML = overdue.contains(task.key) ? " <span class=\"badge overdue\">\(c.t("quá hạn", "overdue"))</span>" : .empty
      let columns = definition.annexColumns
      let levelText = columns.level.flatMap { f in task.fields[f].map { c.formats.value($0, field: definition.field(f)) } } ?? ""
      let investigator =
        columns.investigator.flatMap { f in task.fields[f].map { c.formats.value($0, field: definition.field(f), people: c.people) } }
        ?? ""
      return """
        <tr><td class="key"><a href="\(URLPath.make("nhiem-vu", task.key))">\(task.key)</a></td><td>\(task.fields["title"]?.plainText ?? "")</td>\
        <td class="wide">\(levelText)</td><td class="wide">\(investigator)</td>\
        <td><span class="badge \(final ? "done" : "state")">\(stateLabel)</span>\(late)</td></tr>
        """
    }
    let pager: HTML = """
      <nav class="pager" aria-label="\(c.t("Trang", "Pages"))">\
      \(pageNumber > 1 ? HTML("<a href=\"/nhiem-vu\(URLPath.query(params + [("trang", String(pageNumber - 1))]))\" rel=\"prev\">← \(c.t("Trang trước", "Previous"))</a>") : .empty)\
      <span>\(c.t("Trang \(pageNumber)/\(pages) — \(rows.count) nhiệm vụ", "Page \(pageNumber)/\(pages) — \(rows.count) tasks"))</span>\
      \(pageNumber < pages ? HTML("<a href=\"/nhiem-vu\(URLPath.query(params + [("trang", String(pageNumber + 1))]))\" rel=\"next\">\(c.t("Trang sau", "Next")) →</a>") : .empty)</nav>
      """
    let body: HTML = """
      \(filters)
      <section class="card"><h2>\(c.t("Tiến độ theo thời gian hợp đồng", "Timeline of the contracts"))</h2>\(timeline(c, shown, overdue: overdue, today: today))</section>
      <div class="table-wrap"><table class="cards"><caption class="muted" style="text-align:left">\(c.t("Danh sách nhiệm vụ", "Tasks"))</caption>
      <thead><tr><th scope="col">\(c.t("Mã", "Key"))</th><th scope="col">\(c.t("Tên nhiệm vụ", "Title"))</th><th scope="col" class="wide">\(c.t("Cấp", "Level"))</th>\
      <th scope="col" class="wide">\(c.t("Chủ nhiệm", "Investigator"))</th><th scope="col">\(c.t("Bước hiện tại", "State"))</th></tr></thead>
      <tbody>\(tableRows)</tbody></table></div>\(pager)
      """
    return page(c, title: c.t("Nhiệm vụ", "Tasks"), active: "tasks", body: body)
  }

  /// The year a task began: its start year, else its start date's year (the fields the report section names).
  static func year(of task: TaskState, _ definition: WorkflowDefinition) -> Int? {
    if case .integer(let y)? = definition.report.startYear.flatMap({ task.fields[$0] }) { return Int(y) }
    if case .date(let d)? = definition.report.startDate.flatMap({ task.fields[$0] }) { return d.components.year }
    return nil
  }

  /// Each task's contract as a bar on a date axis (years), today marked, with a legend.
  func timeline(
    _ c: Context, _ tasks: [(task: TaskState, definition: WorkflowDefinition)], overdue: Set<String>, today: LocalDate
  ) -> HTML {
    let spans: [(TaskState, LocalDate, LocalDate)] = tasks.compactMap { t, definition in
      // The contract's dates, as the annex reads them.
      let columns = definition.annexColumns
      func date(_ field: String?) -> LocalDate? {
        if let field, case .date(let d)? = t.fields[field] { return d }
        return nil
      }
      guard let s = date(columns.start), let e = date(columns.end) else { return nil }
      if let n = date(columns.extendedEnd), n > e { return (t, s, n) }
      return (t, s, e)
    }
    guard !spans.isEmpty else {
      return "<p class=\"muted\">\(c.t("Chưa có nhiệm vụ nào đã ký hợp đồng trong danh sách này.", "No task here has a contract yet."))</p>"
    }
    let first = min(spans.map(\.1.components.year).min() ?? today.components.year, today.components.year)
    let last = max(spans.map(\.2.components.year).max() ?? today.components.year, today.components.year)
    guard let from = LocalDate(year: first, month: 1, day: 1), let to = LocalDate(year: last + 1, month: 1, day: 1) else { return .empty }
    let left = 110
    let width = 900
    let rowHeight = 18
    let height = 30 + spans.count * rowHeight
    func x(_ d: LocalDate) -> Int { left + (d.dayNumber - from.dayNumber) * (width - left - 10) / max(1, to.dayNumber - from.dayNumber) }
    var parts: [HTML] = []
    for y in first...(last + 1) {
      guard let d = LocalDate(year: y, month: 1, day: 1) else { continue }
      // The last line closes the axis: no year begins there to label (its label only ran off the edge).
      let label: HTML = y <= last ? "<text x=\"\(x(d) + 2)\" y=\"12\">\(String(y))</text>" : .empty
      parts.append("<line class=\"axis\" x1=\"\(x(d))\" y1=\"18\" x2=\"\(x(d))\" y2=\"\(height)\"/>\(label)")
    }
    for (i, span) in spans.enumerated() {
      let (task, s, e) = span
      let y = 24 + i * rowHeight
      let cls = overdue.contains(task.key) ? "bar overdue" : e < today ? "bar closed" : "bar"
      parts.append(
        """
        <a href="\(URLPath.make("nhiem-vu", task.key))"><text x="0" y="\(y + 11)">\(String(task.key.prefix(16)))</text>\
        <rect class="\(cls)" x="\(x(s))" y="\(y)" width="\(max(2, x(e) - x(s)))" height="12" rx="3"><title>\(task.key): \(c.formats.date(s)) – \(c.formats.date(e))</title></rect></a>
        """)
    }
    parts.append("<line class=\"today\" x1=\"\(x(today))\" y1=\"16\" x2=\"\(x(today))\" y2=\"\(height)\"/>")
    return """
      <svg class="timeline" role="img" aria-label="\(c.t("Thời gian hợp đồng của các nhiệm vụ", "Contract periods of the tasks"))" viewBox="0 0 \(width) \(height + 4)" xmlns="http://www.w3.org/2000/svg">\(parts)</svg>
      <p class="legend"><span style="--c:#93c5fd">\(c.t("đang thực hiện", "running"))</span><span style="--c:#fca5a5">\(c.t("có hạn quá hạn", "with an overdue deadline"))</span>\
      <span style="--c:#bbf7d0">\(c.t("đã hết thời gian hợp đồng", "contract period over"))</span><span style="--c:#111827">\(c.t("đường đứt: hôm nay", "dashed line: today"))</span></p>
      """
  }
}
