/// The database schema as numbered migrations. `PRAGMA user_version` records how many have run;
/// a database is brought up to date, one transaction per migration, when it is opened.
enum Schema {
  /// The triggers that keep events append-only (an attacker who drops them to tamper may put them back).
  static let appendOnlyTriggers = """
    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    """

  static let migrations: [String] = [
    // 1: the first schema.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE definitions (
      hash TEXT PRIMARY KEY,
      workflow TEXT NOT NULL,
      version INTEGER NOT NULL,
      revision INTEGER NOT NULL,
      source TEXT NOT NULL,
      loaded_at TEXT NOT NULL,
      loaded_by TEXT NOT NULL,
      UNIQUE (workflow, revision)
    );
    CREATE TABLE actors (
      name TEXT PRIMARY KEY,
      roles TEXT NOT NULL,
      email TEXT,
      added_at TEXT NOT NULL
    );
    CREATE TABLE events (
      seq INTEGER PRIMARY KEY,
      task_key TEXT NOT NULL,
      task_version INTEGER NOT NULL,
      kind TEXT NOT NULL,
      payload TEXT NOT NULL,
      actor TEXT NOT NULL,
      effective_at TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      definition_hash TEXT NOT NULL,
      request_id TEXT,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      UNIQUE (task_key, task_version)
    );
    \(appendOnlyTriggers)
    CREATE TABLE tasks (
      key TEXT PRIMARY KEY,
      workflow TEXT NOT NULL,
      definition_hash TEXT NOT NULL REFERENCES definitions(hash),
      state TEXT NOT NULL,
      version INTEGER NOT NULL,
      data TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX tasks_by_workflow_state ON tasks (workflow, state);
    CREATE TABLE requests (
      request_id TEXT PRIMARY KEY,
      task_key TEXT NOT NULL,
      digest TEXT NOT NULL,
      first_seq INTEGER NOT NULL,
      last_seq INTEGER NOT NULL
    );
    CREATE TABLE chain_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
    INSERT INTO chain_head VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
    """,
    // 2: business calendars, and each task's deadlines and timers, recomputed with every change.
    """
    CREATE TABLE calendars (
      id TEXT PRIMARY KEY,
      hash TEXT NOT NULL,
      source TEXT NOT NULL,
      loaded_at TEXT NOT NULL
    );
    CREATE TABLE deadlines (
      task_key TEXT NOT NULL,
      deadline_id TEXT NOT NULL,
      occurrence INTEGER NOT NULL,
      phase TEXT NOT NULL,
      due_date TEXT,
      missed INTEGER NOT NULL,
      PRIMARY KEY (task_key, deadline_id)
    ) WITHOUT ROWID;
    CREATE INDEX deadlines_by_due ON deadlines (due_date) WHERE phase IN ('pending', 'overdue');
    CREATE TABLE timers (
      key TEXT PRIMARY KEY,
      task_key TEXT NOT NULL,
      deadline_id TEXT NOT NULL,
      occurrence INTEGER NOT NULL,
      kind TEXT NOT NULL,
      step INTEGER NOT NULL,
      fire_at TEXT NOT NULL,
      due_date TEXT NOT NULL,
      recipients TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX timers_by_task ON timers (task_key);
    CREATE INDEX timers_by_time ON timers (fire_at);
    """,
    // 3: the organisation an actor works for (council conflicts of interest).
    """
    ALTER TABLE actors ADD COLUMN organisation TEXT;
    """,
    // 4: the scheduler: notices already handled, and the transactional outbox of hook deliveries.
    """
    CREATE TABLE notices (
      timer_key TEXT PRIMARY KEY,
      task_key TEXT NOT NULL,
      status TEXT NOT NULL,
      fire_at TEXT NOT NULL,
      recorded_at TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE outbox (
      id INTEGER PRIMARY KEY,
      idempotency_key TEXT NOT NULL UNIQUE,
      task_key TEXT NOT NULL,
      kind TEXT NOT NULL,
      payload TEXT NOT NULL,
      status TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT NOT NULL,
      lease_until TEXT,
      last_error TEXT,
      created_at TEXT NOT NULL,
      delivered_at TEXT
    );
    CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE status = 'pending';
    """,
    // 5: people are named by name (TS. Nguyễn Văn An), not by their login id.
    """
    ALTER TABLE actors ADD COLUMN display_name TEXT;
    """,
    // 6: which revision of a workflow is current: the last one loaded, so loading an earlier one again rolls back.
    """
    ALTER TABLE definitions ADD COLUMN current_rank INTEGER NOT NULL DEFAULT 0;
    UPDATE definitions SET current_rank = revision;
    """,
    // 7: when each task's deadline rows were counted, so the audit can count them again at that moment.
    """
    ALTER TABLE deadlines ADD COLUMN as_of TEXT;
    """,
    // 8: sign-in. Passwords as yescrypt hashes; sessions and API tokens only as SHA-256 hashes of the secret.
    """
    CREATE TABLE logins (actor TEXT PRIMARY KEY, hash TEXT NOT NULL, set_at TEXT NOT NULL);
    CREATE TABLE sessions (
      hash TEXT PRIMARY KEY,
      actor TEXT NOT NULL,
      created_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      address TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX sessions_by_actor ON sessions (actor);
    CREATE TABLE api_tokens (
      id INTEGER PRIMARY KEY,
      hash TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      actor TEXT NOT NULL,
      created_at TEXT NOT NULL,
      revoked_at TEXT
    );
    """,
    // 9: documents uploaded through the served interface, kept in the database by their SHA-256 (content-addressed).
    """
    CREATE TABLE documents (sha256 TEXT PRIMARY KEY, content BLOB NOT NULL) WITHOUT ROWID;
    """,
    // 10: several nodes on one database: which node holds a delivery's lease, and each node's heartbeat.
    """
    ALTER TABLE outbox ADD COLUMN lease_node TEXT;
    CREATE TABLE nodes (
      id TEXT PRIMARY KEY,
      host TEXT NOT NULL,
      pid INTEGER NOT NULL,
      role TEXT NOT NULL,
      started_at TEXT NOT NULL,
      heartbeat_at TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    // 11: `stflow due` reads its rows from one index, in order, without visiting the table or the tasks: each
    // deadline row names its task's workflow, and the running ones are indexed by due date with every column the
    // list shows (the index of migration 2 left paused deadlines out and was never used).
    """
    ALTER TABLE deadlines ADD COLUMN workflow TEXT;
    UPDATE deadlines SET workflow = (SELECT t.workflow FROM tasks t WHERE t.key = deadlines.task_key);
    DROP INDEX deadlines_by_due;
    CREATE INDEX deadlines_running ON deadlines (due_date, task_key, deadline_id, occurrence, phase, missed, workflow)
      WHERE phase IN ('pending', 'overdue', 'paused') AND due_date IS NOT NULL;
    """,
  ]
}
