/// Usage texts for `stflow --help` and `stflow COMMAND --help`.
enum Help {
  static let groups: Set<String> = [
    "workflow", "actor", "task", "audit", "calendar", "council", "hooks", "import", "export", "settings", "user", "token", "store",
  ]

  /// Other words for a group: `config set` is `settings set`.
  static let aliases = ["config": "settings"]

  /// Splits arguments into the command path (`task fire`) and the rest.
  static func command(in args: [String]) -> ([String], [String]) {
    guard var first = args.first else { return ([], []) }
    first = aliases[first] ?? first
    if groups.contains(first), args.count > 1, !args[1].hasPrefix("-") { return ([first, args[1]], Array(args.dropFirst(2))) }
    return ([first], Array(args.dropFirst()))
  }

  static let global = """
    Usage: stflow [--db PATH] [--as ACTOR] [--at DATETIME] [--json] [--lang vi|en] COMMAND ...

    STFlow moves science-and-technology tasks through a declarative workflow, enforcing who may act,
    what must be present and which guards hold, and records every change in a hash-chained log.

    Global options:
      --db PATH|URL    the database: a SQLite file (default ./stflow.db), or a PostgreSQL database shared by
                       several nodes (postgresql://user@host/db); or $STFLOW_DB
      --as ACTOR       who is acting (a registered actor; or $STFLOW_ACTOR); needed for every change
      --at DATETIME    the business time of a change, when entered after the fact
                       (2026-03-01, 2026-03-01T09:30, 01/03/2026; Asia/Ho_Chi_Minh unless an offset is given)
      --json           machine-readable output (also for errors)
      --lang vi|en     language of labels (default vi)

    Commands:
      init                          create the database and load the shipped workflows
      demo                          build a demo database with a dozen realistic tasks
      workflow validate FILE...     check definition files, listing every problem
      workflow load FILE...         validate and store definitions (a changed file becomes a new version)
      workflow list                 stored workflows and their versions
      workflow show ID              a workflow as text, --format mermaid|dot|json
      actor add NAME --role R...    register an actor (--email ADDR, --org ORG)
      actor list                    registered actors
      task create WORKFLOW KEY [FIELD=VALUE...]
      task fire KEY TRANSITION [FIELD=VALUE...] [--comment TEXT] [--request-id ID] [--expect-version N]
      task set KEY FIELD=VALUE...   change fields (an empty value clears one)
      task attach KEY FIELD --file PATH | --uri URI --sha256 HEX [--name NAME]
      task show KEY                 fields, state and what can be fired next (--format mermaid)
      task history KEY              every event of a task
      task list                     tasks (--workflow W, --state S, --overdue, --due-within 30d)
      task explain KEY              each deadline with its derivation: base, offset, calendar, days skipped
      task migrate KEY|--all --to REVISION [--map OLD=NEW...] [--dry-run]   move tasks to another workflow version
      due                           running deadlines across all tasks (--within 30d, --overdue)
      council open KEY COUNCIL --member NAME:ROLE... [--related NAME:REASON...]
      council attend KEY COUNCIL NAME...
      council ballot KEY COUNCIL (--vote yes|no|abstain | --score N) [--application A]   (as the member)
                     [--for MEMBER --scan FILE]   (a paper ballot, as the secretary)
      council close KEY COUNCIL     check the quorum and compute the outcome by the council's policy
      council show KEY COUNCIL      members, recusals, attendance, ballots, quorum and outcome
      council minutes KEY COUNCIL --out F.docx   the session's minutes (biên bản) to file
      calendar load FILE...         load business calendars (Workflows/calendars/*.json)
      calendar show ID              a year's holidays, compensatory days and worked Saturdays (--year Y)
      run                           the scheduler daemon: reminders, missed deadlines, escalations, hooks
      tick                          process what is due once and deliver (for cron)
      simulate --until DATE         what would happen by DATE, on a copy of the database
      hooks config                  the hook executable, timeout and retry policy
      hooks list [--failed]         hook deliveries; hooks retry ID puts one back in the queue
      audit anchor --key FILE       the chain's head signed with a key kept outside the database
      report --from DATE --to DATE  the period report as the department counts (--format md|json|html|docx|xlsx, --out FILE)
      settings list                 the department's settings; settings set KEY VALUE changes one (or config …)
      dashboard [--out FILE]        one self-contained HTML page: stages, timeline, filters, details
      import tasks FILE.csv --workflow W    bring in an existing task list, all rows or none
      export tasks [--format csv|json]      the portfolio, in the columns import reads
      audit verify                  check the hash chain and the projections
      serve [--listen 127.0.0.1:8080] the served interface: sign-in, the JSON API (/api/v1), the scheduler
      user passwd NAME              set a person's password (asked twice without echo; --password-stdin)
      user signout [NAME]           end every session of a person
      token create NAME             an API token for scripts (--for ACTOR); token list; token revoke ID
      audit rebuild                 rebuild the task projections from the events
      store status                  backend, schema version, the chain, pending and overdue work
      store copy --from A --to B    move everything between SQLite and PostgreSQL, chain intact

    Exit codes: 0 success; 1 refused by a rule or permission (the message names the rule);
    2 bad usage or input; 3 database failure. Nothing is written unless the exit code is 0.
    Run 'stflow COMMAND --help' for a command's options.
    """

  static let commands: [String: String] = [
    "init": """
    Usage: stflow [--db PATH] init [--workflows DIR]
    Creates the database (WAL mode, schema migrations applied) and loads every *.json definition
    from DIR (default: ./Workflows, $STFLOW_WORKFLOWS, or the source checkout's Workflows/).
    Safe to run again: existing data is kept, unchanged definitions are not duplicated.
    """,
    "demo": """
    Usage: stflow [--db PATH] demo
    Creates a fresh demo database (default ./stflow-demo.db), loads the shipped workflows, registers
    actors and drives a dozen realistic tasks through different stages, then prints a summary.
    It replaces an earlier demo database but never a database that is not a demo.
    """,
    "workflow validate": """
    Usage: stflow workflow validate FILE...
    Checks each definition and prints every problem with its file, JSON path and what was expected:
    unknown or duplicate names, unreachable states, dead ends, guards that do not parse or type-check.
    Exit 0 when all are valid, 2 otherwise. Writes nothing.
    """,
    "workflow load": """
    Usage: stflow --as ADMIN workflow load FILE...
    Validates and stores definitions, versioned by content hash. Loading changed content creates the
    workflow's next revision; new tasks use the newest, running tasks stay on theirs.
    """,
    "workflow list":
      "Usage: stflow workflow list [--json]\nLists stored workflows: id, declared version, revision, content hash and task count.",
    "workflow show": """
    Usage: stflow workflow show ID [--format text|mermaid|dot|json] [--revision N]
    Shows the newest (or the given) revision of a workflow: states, transitions, roles and guards,
    or a Mermaid / Graphviz diagram, or the stored JSON.
    """,
    "actor add": """
    Usage: stflow [--as ADMIN] actor add NAME [--role ROLE]... [--display "TS. Hoàng Văn Nam"] [--email ADDR] [--org ORGANISATION]
    Registers (or updates) a person and their global roles; with no --role, a person whom tasks and
    councils name (an investigator, a council member). Each role must be declared by a loaded workflow
    or be 'admin'; a role that a task field grants (investigator) is held per task only and refused here.
    Until some actor holds the role 'admin', anyone may add actors; afterwards only admins may.
    """,
    "actor list": "Usage: stflow actor list [--json]\nLists registered actors with their roles and e-mail addresses.",
    "task create": """
    Usage: stflow --as ACTOR task create WORKFLOW KEY [FIELD=VALUE...] [--request-id ID]
    Creates a task under the newest version of WORKFLOW. Required fields must be given.
    Values: dates as 2026-03-01 or 01/03/2026, money as 500000000 or 500.000.000, enums by name.
    """,
    "task fire": """
    Usage: stflow --as ACTOR [--at DATETIME] task fire KEY TRANSITION [FIELD=VALUE...]
                 [--comment TEXT] [--request-id ID] [--expect-version N]
    Fires a transition. The values are applied first, then the required fields and the guard are
    checked. A refusal names the rule (wrong state, role, required field, guard with the values it
    saw) and writes nothing. A repeated --request-id returns the first result without writing.
    """,
    "task set": """
    Usage: stflow --as ACTOR task set KEY FIELD=VALUE... [--comment TEXT] [--request-id ID] [--expect-version N]
    Changes fields (FIELD= clears one). Each field's editBy roles (or the workflow's) apply.
    """,
    "task attach": """
    Usage: stflow --as ACTOR task attach KEY FIELD (--file PATH | --uri URI --sha256 HEX) [--name NAME]
    Attaches a document reference to a document field. With --file the SHA-256 is computed and the
    URI is the file's absolute path.
    """,
    "task show":
      "Usage: stflow task show KEY [--format text|mermaid] [--json]\nShows a task's state, fields, documents and the transitions that can be fired next.",
    "task history":
      "Usage: stflow task history KEY [--json]\nLists every event of a task: when it took effect, when it was recorded, who, and what changed.",
    "task list": """
    Usage: stflow task list [--workflow W] [--state S] [--overdue] [--due-within 30d] [--json]
    Lists tasks with their workflow, state and title; --overdue keeps tasks with a deadline past due,
    --due-within those with a deadline due within the period.
    """,
    "task explain": """
    Usage: stflow [--at DATE] task explain KEY [--json]
    Prints each deadline of the task with its derivation: the base date, the offset, the calendar and
    the weekends and holidays skipped, time the clock was stopped, and changes (such as an extension)
    that moved it; then how many days are left or overdue and the next notices.
    """,
    "task migrate": """
    Usage: stflow --as ADMIN task migrate (KEY | --all [--workflow W]) [--to REVISION|latest] [--map OLD=NEW...] [--dry-run]
    Moves running tasks to another revision of their workflow (see 'stflow workflow list'). States keep
    their names unless mapped with --map; fields the new version lacks are dropped. The dry run lists,
    per task, the state change, dropped fields and the deadlines whose due dates would move and why,
    and writes nothing. All tasks move in one transaction, or none does.
    """,
    "due": """
    Usage: stflow [--at DATE] due [--within 30d] [--overdue] [--workflow W] [--json]
    Lists running deadlines across all tasks, earliest first: what is coming and what is late.
    """,
    "council open": """
    Usage: stflow --as ACTOR council open KEY COUNCIL --member NAME:ROLE... [--related NAME:REASON...]
                 [--decision "125/QĐ-SKHCN"] [--place "Phòng họp Sở KH&CN"]
    Opens a session of a council on a task. Roles: chair, vice_chair, reviewer, secretary, member.
    The decision that set the council up and the place it sits go into its minutes.
    Members who are the task's investigator, work for its host, or are declared related are recused.
    """,
    "council attend": "Usage: stflow --as SECRETARY council attend KEY COUNCIL NAME...\nRecords the members present.",
    "council ballot": """
    Usage: stflow --as MEMBER council ballot KEY COUNCIL (--vote yes|no|abstain | --score 0-100) [--application A]
           stflow --as SECRETARY council ballot KEY COUNCIL --for MEMBER --scan FILE (--vote … | --score …)
    Casts the acting member's ballot; one per member (per application). Only present members vote.
    With --for, the council's secretary enters a member's paper ballot: recorded as entered on the member's
    behalf, with the scanned ballot kept in the database under its SHA-256.
    """,
    "council close": """
    Usage: stflow --as SECRETARY council close KEY COUNCIL
    Checks the quorum (share present, chair or vice-chair, reviewers) and that every present member
    voted, then computes the outcome: a share of votes, the highest passing mean score, or a rating
    from the mean score and the lateness of the dossier. Guards read council.NAME.outcome and .score.
    """,
    "council show":
      "Usage: stflow council show KEY COUNCIL [--json]\nShows a council session: members, recusals, attendance, ballots, quorum and outcome.",
    "calendar load": """
    Usage: stflow --as ADMIN calendar load FILE...
    Loads business calendars (working weekdays, holidays by solar or lunar date, official schedules,
    compensatory days, worked Saturdays). The newest version of a calendar is used by every task.
    """,
    "calendar show":
      "Usage: stflow calendar show ID [--year Y] [--json]\nLists the weekdays that are off and the rest days that are worked in a year.",
    "run": """
    Usage: stflow run [--poll SECONDS]
    The scheduler daemon, on the wall clock. Sleeps until the earliest pending timer (at most --poll
    seconds, default 1, so changes by other processes are seen), then records what is due — reminders,
    missed deadlines with their consequences, overdue notices — each with its hook delivery in one
    transaction, and runs the hook. What fell due while it was stopped is caught up at start, per each
    deadline's catch-up policy. SIGINT or SIGTERM stops it after the step in progress; a database file
    deleted or replaced under it stops it with exit code 3. To see months ahead in seconds, use
    'simulate --until DATE --hooks', which works on a copy.
    """,
    "tick": """
    Usage: stflow [--at DATETIME] tick [--no-hooks]
    Processes everything due up to now (or --at) once, delivers what the hook can take, and exits.
    """,
    "simulate": """
    Usage: stflow [--at START] simulate --until DATE [--hooks] [--json]
    Fast-forwards a copy of the database to the end of DATE and prints, per task, every reminder,
    missed deadline (with its consequence) and overdue notice that would happen. With --hooks the
    configured hook runs for each notice as it would have (e.g. the e-mail hook against a local sink).
    The database itself is never touched.
    """,
    "hooks config": """
    Usage: stflow --as ADMIN hooks config [--command PATH] [--arg A...] [--timeout 30s] [--max-attempts 6] [--backoff 30s] [--clear]
    Sets (or, with no option, shows) the hook run for each delivery: the executable gets the JSON
    payload on standard input and STFLOW_EVENT_KIND, STFLOW_TASK_KEY, STFLOW_IDEMPOTENCY_KEY,
    STFLOW_DELIVERY_ID, STFLOW_ATTEMPT and STFLOW_DB in its environment. Exit 0 is delivered; any
    other exit or a timeout is retried after the back-off, doubling each time, then dead-lettered.
    """,
    "hooks list":
      "Usage: stflow hooks list [--failed] [--json]\nLists hook deliveries (newest first) with their status, attempts and last error.",
    "hooks retry": "Usage: stflow --as ADMIN hooks retry ID\nPuts a dead or failing delivery back in the queue for an immediate attempt.",
    "dashboard": """
    Usage: stflow [--at DATE] dashboard [--out stflow-dashboard.html] [--workflow W] [--lang vi|en]
    Writes one self-contained HTML file (no external assets, works offline): counts by stage, a
    timeline of every task (contract period, deadlines, overdue in red), filters by level, state and
    overdue, and each task's history, deadlines and council outcomes on click. Filters can be given in
    the address: stflow-dashboard.html#level=provincial&overdue=1&task=DT-2024-02.
    """,
    "report": """
    Usage: stflow report --from DATE --to DATE [--format md|json|html|docx|xlsx] [--out FILE] [--workflow W]
                         [--followed apart|managed] [--lang vi|en]
    The period report as the department counts, every fact by its effective (business) time:
    tasks managed = carried over (began in an earlier year, open at the period start) + new (on this
    year's plan, contracted or not), broken down by the fields the workflow's report section names
    (level, programme, kind, research area) with budgets approved and disbursed; proposals for a
    coming year registered in the period (never managed); tasks only followed (centrally managed:
    apart, or counted as managed per the setting report.followed or --followed); councils and their
    outcomes; progress (appraised, approved, contracted, reports, inspections, extensions, adjustments,
    terminations with reasons); acceptances by rating and results (recognised, registered, published,
    handed over, liquidated); deadlines met on time, met late, and missed (unmet at the end).
    Each count lists its tasks by key and title. --out writes the file (never over a device or link);
    without --format its extension chooses: bao-cao.docx is the document a department files (Nghị định
    30/2020), phu-luc.xlsx the annex of managed tasks (both need --out), .html, .json or .md the others.
    --anchor-key FILE seals the report with the signed head of the hash chain ('audit anchor').
    """,
    "council minutes": """
    Usage: stflow council minutes KEY COUNCIL --out FILE.docx
    Writes the minutes (biên bản) of the council's latest session on the task as a .docx in the layout of
    Nghị định 30/2020: the decision that set it up (council open --decision), time and place (--place),
    members and roles, who was present, recusals and why, the quorum rule and that it held, every ballot
    (paper ballots as entered by the secretary), the tally and the rule behind the outcome, the conclusion,
    and the secretary's and chair's signature blocks. Letterhead from 'stflow config set org.…'.
    """,
    "settings list": "Usage: stflow settings list [--json]\nThe department's settings, their values and what they mean.",
    "settings set": """
    Usage: stflow --as ADMIN settings set KEY VALUE
    Changes a department setting, e.g. 'settings set report.followed managed' to count centrally
    managed tasks that the department follows among its managed tasks, or what heads and signs the
    documents: org.parent "UBND TỈNH BẮC KẠN", org.name, org.symbol SKHCN, org.place "Bắc Kạn",
    signer.title "GIÁM ĐỐC", signer.name "Hoàng Văn Nam", report.recipients, report.copies, server.url.
    'config set' is the same command.
    """,
    "import tasks": """
    Usage: stflow --as ACTOR import tasks FILE.csv --workflow W [--dry-run]
    Brings in an existing task list (UTF-8 CSV) at the state each row names, with the date it reached
    that state as the effective time, so deadlines are right from day one. Columns: Mã nhiệm vụ (key),
    Trạng thái (state, by name or label), Ngày vào trạng thái (dd/MM/yyyy), then fields by name or
    Vietnamese/English label; dates dd/MM/yyyy, money with dot thousand separators. Any bad row
    aborts the import and every bad row is listed with its line number and reason.
    """,
    "export tasks": """
    Usage: stflow export tasks [--format csv|json] [--workflow W] [--lang vi|en]
    Writes the portfolio: CSV in the columns 'import tasks' reads (labels in --lang), or JSON.
    """,
    "audit verify": """
    Usage: stflow audit verify [--anchor LINE|FILE --key FILE] [--json]
    Re-walks the hash chain of every event and refolds every task, in one snapshot. Exit 0 when intact;
    1 when an event was edited, deleted, inserted or reordered, or a projection no longer matches.
    With --anchor (a line printed by 'audit anchor', or a file holding it) and the key that signed it,
    also checks that the anchored event still has the anchored hash: a history rewritten and re-hashed
    by someone who can write the database but does not hold the key is detected.
    """,
    "audit anchor": """
    Usage: stflow audit anchor --key FILE [--new-key] [--json]
    Prints the head of the hash chain signed (HMAC-SHA-256, libcrypto) with a key kept outside the
    database — one line 'stflow-anchor v1 seq=… hash=… at=… mac=…' to file with the period report.
    --new-key creates the key file (32 random bytes, owner-only); keep it away from the database.
    """,
    "audit rebuild": "Usage: stflow --as ADMIN audit rebuild\nRebuilds all task projections from the events in one transaction.",
    "store status": """
    Usage: stflow [--db PATH|URL] store status [--json]
    The store's backend (SQLite or PostgreSQL) and schema version; events and the head of the hash chain;
    tasks; timers pending and already due; hook deliveries pending, leased to a node, retrying, dead.
    """,
    "store copy": """
    Usage: stflow --as ADMIN store copy --from SOURCE --to TARGET [--json]
    Copies everything — events, tasks, people, sign-ins, documents, timers, the outbox — from SOURCE into TARGET,
    in one transaction, so the hash chain arrives intact: same events, same hashes, same head. SOURCE and TARGET
    are each a SQLite file (sqlite:PATH or PATH) or a PostgreSQL URL (postgresql://user@host/db). TARGET must
    hold nothing yet (a new file, or an empty database made with createdb). The copy is then verified as
    'audit verify' does; ADMIN must be an administrator of SOURCE. Stop the nodes writing to SOURCE first.
    """,
    "serve": """
    Usage: stflow [--db PATH] serve [--listen ADDRESS:PORT] [--tls-cert FILE --tls-key FILE] [--threads N]
                                    [--max-body BYTES] [--no-scheduler]
    Serves sign-in and the JSON API (/api/v1, OpenAPI at /api/v1/openapi.json) on libmicrohttpd, default
    127.0.0.1:8080 (port 0 picks a free one), 8 worker threads each with its own database connection,
    request bodies up to 1 MiB. The scheduler runs inside unless --no-scheduler ('stflow run' elsewhere).
    Refuses a database other users of this machine can read or write (chmod 600). Stops on SIGTERM.
    """,
    "user passwd": """
    Usage: stflow --as ADMIN user passwd NAME [--password-stdin]
    Sets a person's password for signing in to 'stflow serve' (asked twice without echo; at least 8
    characters). Stored only as a yescrypt hash. A person may set their own; an admin anyone's.
    """,
    "user signout":
      "Usage: stflow --as ACTOR user signout [NAME]\nEnds every session of NAME (default: yourself); an admin may end anyone's.",
    "token create": """
    Usage: stflow --as ACTOR token create NAME [--for PERSON]
    Makes an API token for scripts (Authorization: Bearer TOKEN), acting as PERSON (default: yourself;
    an admin may make one for anyone). The secret is printed once; only its SHA-256 is stored.
    """,
    "token list":
      "Usage: stflow --as ACTOR token list [--for PERSON | --all]\nAPI tokens: id, name, person, made, revoked (never the secret).",
    "token revoke": "Usage: stflow --as ACTOR token revoke ID\nRevokes a token at once (its owner, or an admin).",
  ]

  /// The first usage line of a command ("stflow council show KEY COUNCIL"), for a message about missing arguments.
  static func usageLine(_ command: String) -> String? {
    commands[command]?.split(separator: "\n").first.map {
      $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "Usage: ", with: "")
    }
  }

  static func text(for path: [String]) -> String {
    if path.isEmpty { return global }
    let key = path.joined(separator: " ")
    if let t = commands[key] { return t }
    if path.count == 1, groups.contains(path[0]) {
      let subs = commands.keys.filter { $0.hasPrefix(path[0] + " ") }.sorted()
      return "Usage: stflow \(path[0]) SUBCOMMAND\nSubcommands:\n" + subs.map { "  " + $0 }.joined(separator: "\n")
    }
    return global
  }
}
