import Foundation
import STFlowDefinition
import STFlowEngine
import STFlowRules

/// Reads a department's task list — a spreadsheet saved as CSV, as it is — into import commands, or
/// lists every bad row.
///
/// - The separator (comma or semicolon) is detected; title rows above the header are skipped (the header
///   is the row that names the most known columns); section rows ("I. Nhiệm vụ chuyển tiếp") are skipped.
/// - Columns: `Mã nhiệm vụ` (key; generated from the workflow's `import.keyPrefix` when absent),
///   `Trạng thái` / `Tình hình thực hiện` (state, by name, label or alias), `Ngày vào trạng thái` (when
///   it was reached), `Quy trình` (workflow, by id or title: one sheet may mix workflows), the workflow's
///   period column (`Thời gian thực hiện` = contract start – end), `count.T` / `Số lần <transition>` and
///   `fired.T` (what already happened: progress reports made, an extension granted), `<field> (tài khoản)`
///   (the login id of a person field), and every field by name, label or alias.
/// - Values as people write them: enum values by code or label (Cấp tỉnh, Đề tài), money as
///   `650.000.000`, `650 triệu`, `1,2 tỷ`, dates `dd/MM/yyyy` or `d/M/yyyy`, people by name (a person
///   without a record becomes one, to be given a login later).
/// - Unknown columns (STT, Ghi chú) are skipped with a warning, or refused when `strict`.
public enum TaskImporter {
  public struct Problem: Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
  }

  public struct Plan: Sendable {
    public let commands: [EventStore.BatchCommand]
    /// Person records the rows name who are not registered yet.
    public let people: [Actor]
    public let problems: [Problem]
    public let warnings: [Problem]
    /// Column → what it fills.
    public let columns: [(header: String, target: String)]
  }

  /// What the import needs to know of the database and the moment.
  public struct Context {
    /// Every workflow that rows may name, by id (the latest version of each).
    public var engines: [String: Engine]
    /// The workflow of rows that do not name one.
    public var defaultWorkflow: String?
    public var actor: Actor
    public var now: Date
    /// The date the spreadsheet describes: tracking begins then (default: now).
    public var asOf: Date
    public var strict: Bool
    public var exists: (String) throws -> Bool
    /// Registered people (to find investigators by id or by name).
    public var people: [Actor]

    public init(
      engines: [String: Engine], defaultWorkflow: String?, actor: Actor, now: Date, asOf: Date? = nil, strict: Bool = false,
      exists: @escaping (String) throws -> Bool, people: [Actor]
    ) {
      self.engines = engines
      self.defaultWorkflow = defaultWorkflow
      self.actor = actor
      self.now = now
      self.asOf = asOf ?? now
      self.strict = strict
      self.exists = exists
      self.people = people
    }
  }

  static func normalized(_ s: String) -> String {
    let composed = s.precomposed
    return composed.trimmingSpaces(newlines: true).lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  static let keyHeaders = ["mã nhiệm vụ", "mã số", "mã", "key"]
  static let stateHeaders = ["trạng thái", "tình hình thực hiện", "tình trạng", "giai đoạn", "state"]
  static let enteredHeaders = ["ngày vào trạng thái", "ngày chuyển trạng thái", "entered", "enteredon"]
  static let workflowHeaders = ["quy trình", "workflow"]
  public static let accountSuffix = " (tài khoản)"

  /// Plans the import of `text`. Nothing is written: the caller runs the plan's commands in one transaction.
  public static func plan(csv text: String, context c: Context) throws -> Plan {
    func fail(_ line: Int, _ m: String) -> Plan {
      Plan(commands: [], people: [], problems: [Problem(line: line, message: m)], warnings: [], columns: [])
    }
    // The separator and the header row: whichever reading names the most known columns.
    var best: (rows: [CSV.Row], header: Int, score: Int)?
    var syntax: CSV.SyntaxError?
    // Whether some workflow knows a cell as a column, by its text: the first rows of each reading repeat them.
    var known: [String: Bool] = [:]
    // Each workflow's names, normalised once: a header cell is compared with all of them.
    let matchers = c.engines.mapValues { ColumnMatcher($0.definition) }
    func isKnown(_ h: String) -> Bool {
      if let k = known[h] { return k }
      let k = matchers.values.contains { $0.column(h) != nil }
      known[h] = k
      return k
    }
    for separator: Character in [",", ";", "\t"] {
      let rows: [CSV.Row]
      do { rows = try CSV.parse(text, separator: separator) } catch {
        syntax = syntax ?? error
        continue
      }
      for (i, row) in rows.prefix(30).enumerated() {
        let score = row.fields.filter(isKnown).count
        if score >= 2, score > (best?.score ?? 0) { best = (rows, i, score) }
      }
    }
    guard let best else {
      if let syntax { return fail(syntax.line, syntax.message) }
      return fail(1, "no header row found: expected a row naming columns such as Tên nhiệm vụ, Cấp, Chủ nhiệm, Trạng thái")
    }
    let header = best.rows[best.header]
    var problems: [Problem] = []
    var warnings: [Problem] = []
    if best.header > 0 {
      warnings.append(
        Problem(line: header.line, message: "header found on line \(header.line); \(best.header) title row(s) above it skipped"))
    }
    // Columns nobody knows.
    var described: [(String, String)] = []
    for h in header.fields {
      let targets = matchers.values.compactMap { $0.column(h) }
      if let t = targets.first {
        switch t {
        case .key: described.append((h, "task key"))
        case .state: described.append((h, "state"))
        case .entered: described.append((h, "date the state was reached"))
        case .workflow: described.append((h, "workflow"))
        case .field(let f): described.append((h, "field \(f)"))
        case .account(let f): described.append((h, "login id of \(f)"))
        case .period: described.append((h, "contract start and end"))
        case .count(let t): described.append((h, "times \(t) already happened"))
        case .fired(let t): described.append((h, "when \(t) last happened"))
        }
      } else if !h.trimmingCharacters(in: .whitespaces).isEmpty,
        !c.engines.values.contains(where: { $0.definition.importing.ignore.contains { normalized($0) == normalized(h) } })
      {
        let message = "column '\(h)' is not known (not a field, by name, label or alias): \(c.strict ? "refused (--strict)" : "ignored")"
        if c.strict {
          problems.append(Problem(line: header.line, message: message))
        } else {
          warnings.append(Problem(line: header.line, message: message))
        }
      }
    }
    var commands: [EventStore.BatchCommand] = []
    var people: [Actor] = []
    var seen: [String: Int] = [:]
    var generated: [String: Int] = [:]
    var undated = 0
    var columnsByWorkflow: [String: [Column?]] = [:]
    // Each workflow's states by every way a spreadsheet may write them (normalised name, labels, aliases):
    // worked out once, not for every row; the first state in the definition's order wins, as it always did.
    var statesByWorkflow: [String: [String: String]] = [:]
    func states(of d: WorkflowDefinition) -> [String: String] {
      if let known = statesByWorkflow[d.id] { return known }
      var out: [String: String] = [:]
      for st in d.states {
        for written in [st.name, st.label.text("vi"), st.label.text("en")] + st.aliases where out[normalized(written)] == nil {
          out[normalized(written)] = st.name
        }
      }
      statesByWorkflow[d.id] = out
      return out
    }
    // The workflow a row names, by every way it may be written, in the order the engines are given.
    var workflowsByName: [String: String] = [:]
    for key in c.engines.keys.sorted() {
      guard let d = c.engines[key]?.definition else { continue }
      for written in [d.id, d.title.text("vi"), d.title.text("en")] where workflowsByName[normalized(written)] == nil {
        workflowsByName[normalized(written)] = d.id
      }
    }
    let workflowColumns = header.fields.indices.filter { workflowHeaders.contains(normalized(header.fields[$0])) }
    // People by login id and by name as written (normalised), registered or recorded by this import.
    var byId: [String: Actor] = [:]
    var byName: [String: Actor] = [:]
    for a in c.people {
      byId[a.name] = a
      if let n = a.displayName { byName[normalized(n)] = a }
    }
    var noStartYear: [Int] = []
    for row in best.rows.dropFirst(best.header + 1) {
      let cells = row.fields.map { $0.trimmingSpaces() }
      if cells.allSatisfy(\.isEmpty) { continue }
      var rowProblems: [String] = []
      // The row's workflow.
      var workflow = c.defaultWorkflow
      for i in workflowColumns where i < cells.count && !cells[i].isEmpty {
        if let id = workflowsByName[normalized(cells[i])] {
          workflow = id
        } else {
          rowProblems.append("unknown workflow '\(cells[i])' (workflows: \(c.engines.keys.sorted().joined(separator: ", ")))")
        }
      }
      guard let wf = workflow, let engine = c.engines[wf] else {
        if rowProblems.isEmpty {
          rowProblems.append(
            workflow.map { "unknown workflow '\($0)'" } ?? "no workflow: give --workflow or a 'Quy trình' column naming one")
        }
        problems += rowProblems.map { Problem(line: row.line, message: $0) }
        continue
      }
      let d = engine.definition
      let columns = columnsByWorkflow[wf] ?? header.fields.map { (matchers[wf] ?? ColumnMatcher(d)).column($0) }
      columnsByWorkflow[wf] = columns
      // A section row ("I | Nhiệm vụ chuyển tiếp", "A. Cấp tỉnh") has at most two cells and no row number.
      let filled = cells.filter { !$0.isEmpty }
      if filled.count <= 2, !filled.contains(where: { Int($0).map { $0 > 0 } ?? false }) {
        warnings.append(Problem(line: row.line, message: "section row '\(cells.filter { !$0.isEmpty }.joined(separator: " "))' skipped"))
        continue
      }
      var key = ""
      var state = d.initial
      var entered: Date?
      var fields: [String: Value] = [:]
      var accounts: [String: String] = [:]
      var firings: [String: Firing] = [:]
      if cells.count > header.fields.count, cells.dropFirst(header.fields.count).contains(where: { !$0.isEmpty }) {
        rowProblems.append("has \(cells.count) columns, the header has \(header.fields.count)")
      }
      for (i, value) in cells.enumerated() where i < columns.count && !value.isEmpty {
        switch columns[i] {
        case .key?: key = value.precomposed
        case .state?:
          if let name = states(of: d)[normalized(value)] {
            state = name
          } else {
            rowProblems.append(
              "unknown state '\(value)' (states: \(d.states.map { $0.label.text("vi", fallback: $0.name) }.joined(separator: ", ")))")
          }
        case .entered?:
          if let day = Timestamp.parseDate(value) {
            entered = day.start(in: d.timeZone).addingTimeInterval(9 * 3600)
          } else {
            rowProblems.append("'\(value)' is not a date (dd/MM/yyyy)")
          }
        case .workflow?, nil: break
        case .field(let name)?:
          guard let f = d.field(name) else { continue }
          do {
            let v = try FieldValueParser.parse(value, for: f)
            if v != .null { fields[f.name] = v }
          } catch {
            rowProblems.append("column '\(header.fields[i])' (field \(f.name)): \(error.message)")
          }
        case .account(let name)?: accounts[name] = value.precomposed
        case .period?:
          if let p = d.importing.period, let (start, end) = parsePeriod(value) {
            fields[p.start] = fields[p.start] ?? .date(start)
            fields[p.end] = fields[p.end] ?? .date(end)
          } else {
            rowProblems.append("\(header.fields[i]): '\(value)' is not a period such as 01/2024 - 12/2025 or 01/3/2021 - 28/2/2023")
          }
        case .count(let t)?:
          if let n = Int(value), n >= 0, n < 1000 {
            firings[t] = Firing(count: n, last: firings[t]?.last ?? .distantPast)
          } else {
            rowProblems.append("\(header.fields[i]): '\(value)' is not a number of times")
          }
        case .fired(let t)?:
          if let day = Timestamp.parseDate(value) {
            firings[t] = Firing(count: max(1, firings[t]?.count ?? 1), last: day.start(in: d.timeZone).addingTimeInterval(9 * 3600))
          } else {
            rowProblems.append("\(header.fields[i]): '\(value)' is not a date (dd/MM/yyyy)")
          }
        }
      }
      // Without the date the state was reached, a task on the plan is taken to have reached it on its
      // start date (a running task has run since its contract start), anything else on the tracking date.
      var effective = entered ?? c.asOf
      if entered == nil {
        undated += 1
        if d.report.planStates.contains(state), let f = d.report.startDate, case .date(let start)? = fields[f],
          start.start(in: d.timeZone) <= c.asOf
        {
          effective = start.start(in: d.timeZone).addingTimeInterval(9 * 3600)
        }
      }
      if d.report.planStates.contains(state), startYearless(fields, d) {
        noStartYear.append(row.line)
      }
      for (t, f) in firings where f.last == .distantPast { firings[t] = Firing(count: f.count, last: min(effective, c.asOf)) }
      // People by name: a registered actor (by id or by name), or a new person record.
      for f in d.fields where f.type == .actor {
        guard let written = fields[f.name]?.plainText ?? accounts[f.name] else { continue }
        let id = accounts[f.name]
        if let known = id.map({ byId[$0] }) ?? byId[written] ?? byName[normalized(written)] {
          fields[f.name] = .string(known.name)
        } else {
          let name = id ?? uniqueId(personId(written), taken: { byId[$0] != nil })
          guard !name.isEmpty else {
            rowProblems.append("\(f.label?.text("vi") ?? f.name): '\(written)' is not a person's name")
            continue
          }
          let person = Actor(name: name, roles: [], displayName: fields[f.name] == nil || written == name ? nil : written)
          people.append(person)
          byId[name] = person
          if let n = person.displayName { byName[normalized(n)] = person }
          fields[f.name] = .string(name)
        }
      }
      for f in d.fields where f.required && fields[f.name] == nil {
        rowProblems.append("required field \(f.name) is empty (\(f.label?.text("vi", fallback: f.name) ?? f.name))")
      }
      if key.isEmpty {
        key = generatedKey(
          d, fields: fields, asOf: c.asOf, counters: &generated, taken: { k in seen[k] != nil || ((try? c.exists(k)) ?? false) })
      }
      if let first = seen[key] { rowProblems.append("task key \(key) is also on line \(first)") }
      seen[key] = seen[key] ?? row.line
      if try c.exists(key) { rowProblems.append("task \(key) already exists") }
      if effective > c.now {
        rowProblems.append("the state was reached in the future (\(Timestamp.formatLocal(effective, in: d.timeZone)))")
      }
      if rowProblems.isEmpty {
        let command = Command.importTask(key: key, state: state, fields: fields, past: ImportedPast(trackedSince: c.asOf, firings: firings))
        do {
          _ = try engine.decide(command, on: nil, context: CommandContext(actor: c.actor, effectiveAt: effective, recordedAt: c.now))
          commands.append(EventStore.BatchCommand(command, taskKey: key, workflow: d.id, actorName: c.actor.name, effectiveAt: effective))
        } catch {
          rowProblems.append(error.message)
        }
      }
      problems += rowProblems.map { Problem(line: row.line, message: "\(key.isEmpty ? "" : key + ": ")\($0)") }
    }
    if commands.isEmpty && problems.isEmpty { problems.append(Problem(line: header.line, message: "no task rows under the header")) }
    if undated > 0 {
      warnings.append(
        Problem(
          line: header.line,
          message:
            "\(undated) row\(undated == 1 ? "" : "s") give no 'Ngày vào trạng thái': a task on the plan is taken to have reached its state on its start date, others on the tracking date"
        ))
    }
    if !noStartYear.isEmpty {
      warnings.append(
        Problem(
          line: noStartYear[0],
          message:
            "\(noStartYear.count) task\(noStartYear.count == 1 ? "" : "s") on the plan (lines \(noStartYear.map(String.init).joined(separator: ", "))) have no start year or start date: the report cannot count them as new or carried over until one is set"
        ))
    }
    return Plan(
      commands: problems.isEmpty ? commands : [], people: problems.isEmpty ? people : [], problems: problems, warnings: warnings,
      columns: described)
  }

  /// Whether neither the start year nor the start date the report reads has a value.
  static func startYearless(_ fields: [String: Value], _ d: WorkflowDefinition) -> Bool {
    let year = d.report.startYear.flatMap { fields[$0] }
    let date = d.report.startDate.flatMap { fields[$0] }
    return year == nil && date == nil && (d.report.startYear != nil || d.report.startDate != nil)
  }

  /// "01/2024 - 12/2025", "01/3/2021 - 28/2/2023", "2024 - 2025", "3/2021 đến 2/2023": first day to last day.
  static func parsePeriod(_ text: String) -> (LocalDate, LocalDate)? {
    var s = text.replacingOccurrences(of: "–", with: "-").replacingOccurrences(of: "—", with: "-")
    s = s.replacingOccurrences(of: "đến", with: "-").replacingOccurrences(of: "tháng", with: "")
    let parts = s.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
    guard parts.count == 2 else { return nil }
    func day(_ p: String, end: Bool) -> LocalDate? {
      if let d = Timestamp.parseDate(p) { return d }
      let mY = p.split(separator: "/")
      if mY.count == 2, let m = Int(mY[0]), let y = Int(mY[1]), mY[1].count == 4, (1...12).contains(m) {
        return LocalDate(year: y, month: m, day: end ? LocalDate.daysInMonth(year: y, month: m) : 1)
      }
      if p.count == 4, let y = Int(p) { return LocalDate(year: y, month: end ? 12 : 1, day: end ? 31 : 1) }
      return nil
    }
    guard let a = day(parts[0], end: false), let b = day(parts[1], end: true), a <= b else { return nil }
    return (a, b)
  }

  /// "TS. Nguyễn Văn An" → "nguyen.van.an": titles dropped, diacritics removed, lower case.
  public static func personId(_ name: String) -> String {
    let titles: Set<String> = ["gs", "pgs", "ts", "ths", "ks", "bs", "cn", "tskh", "ds", "ncs", "ông", "bà", "gs.ts", "pgs.ts"]
    var words = name.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
    while let w = words.first, words.count > 1,
      w.lowercased().split(separator: ".").allSatisfy({ titles.contains(String($0)) })
        || titles.contains(w.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".")))
    {
      words.removeFirst()
    }
    let folded = words.joined(separator: ".").replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "D")
      .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
    return String(folded.unicodeScalars.filter { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "." })
  }

  static func uniqueId(_ base: String, taken: (String) -> Bool) -> String {
    guard !base.isEmpty else { return "" }
    if !taken(base) { return base }
    var n = 2
    while taken("\(base)\(n)") { n += 1 }
    return "\(base)\(n)"
  }

  /// PREFIX-YEAR-NN, the prefix from the workflow's `import.keyPrefix` (e.g. ĐT for a đề tài), the year
  /// from the contract start, else the tracking date.
  static func generatedKey(
    _ d: WorkflowDefinition, fields: [String: Value], asOf: Date, counters: inout [String: Int], taken: (String) -> Bool
  ) -> String {
    var prefix = "NV"
    if let k = d.importing.keyPrefix {
      prefix = fields[k.field].flatMap { k.prefixes[$0.plainText] } ?? k.fallback
    }
    var year = LocalDate(asOf, in: d.timeZone).components.year
    if let f = d.report.startYear, case .integer(let y)? = fields[f] {
      year = Int(y)
    } else if let f = d.report.startDate,
      case .date(let s)? = fields[f]
    {
      year = s.components.year
    }
    let base = "\(prefix)-\(year)"
    var n = counters[base, default: 0]
    var key: String
    repeat {
      n += 1
      key = String(format: "%@-%02d", base, n)
    } while taken(key)
    counters[base] = n
    return key
  }
}
