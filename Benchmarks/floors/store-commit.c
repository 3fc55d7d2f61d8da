/*
 * What SQLite allows for one durable command of STFlow's shape, with no Swift, JSON, hashing or engine at all:
 * each transaction writes the rows a command writes (mode 2: an event with its (task, version) index, the task's
 * projection, the chain head; mode 1: without the chain head) beside the bare loop the benchmark compares with
 * (mode 0: one row). Prepared statements, WAL, synchronous=NORMAL, 20,000 transactions each.
 *
 *   cc -O2 -o /tmp/store-commit Benchmarks/floors/store-commit.c -lsqlite3 && for m in 0 1 2; do /tmp/store-commit $m; done
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void run(sqlite3 *db, const char *sql) {
  char *e = 0;
  if (sqlite3_exec(db, sql, 0, 0, &e) != SQLITE_OK) {
    fprintf(stderr, "%s: %s\n", sql, e);
    exit(1);
  }
}

int main(int argc, char **argv) {
  int mode = argc > 1 ? atoi(argv[1]) : 0, n = 20000;
  char path[64], wal[80];
  snprintf(path, sizeof path, "/tmp/store-commit-%d.db", mode);
  snprintf(wal, sizeof wal, "%s-wal", path);
  unlink(path);
  unlink(wal);
  sqlite3 *db;
  if (sqlite3_open(path, &db) != SQLITE_OK) return 1;
  run(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL");
  run(db,
      "CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT, payload TEXT);"
      "CREATE TABLE events(seq INTEGER PRIMARY KEY, task_key TEXT, task_version INTEGER, payload TEXT, UNIQUE(task_key, task_version));"
      "CREATE TABLE tasks(key TEXT PRIMARY KEY, version INTEGER, data TEXT);"
      "CREATE TABLE chain_head(id INTEGER PRIMARY KEY, seq INTEGER, hash TEXT);"
      "INSERT INTO tasks VALUES('D-1', 0, ''); INSERT INTO chain_head VALUES(1, 0, '')");
  char row[201], doc[501], key[32];
  memset(row, 'x', 200), row[200] = 0;
  memset(doc, 'y', 500), doc[500] = 0;
  sqlite3_stmt *bare, *event, *task, *head, *begin, *commit;
  sqlite3_prepare_v2(db, "INSERT INTO t(k, payload) VALUES(?, ?)", -1, &bare, 0);
  sqlite3_prepare_v2(db, "INSERT INTO events(seq, task_key, task_version, payload) VALUES(?, 'D-1', ?, ?)", -1, &event, 0);
  sqlite3_prepare_v2(db, "UPDATE tasks SET version = ?, data = ? WHERE key = 'D-1'", -1, &task, 0);
  sqlite3_prepare_v2(db, "UPDATE chain_head SET seq = ?, hash = ? WHERE id = 1", -1, &head, 0);
  sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, 0);
  sqlite3_prepare_v2(db, "COMMIT", -1, &commit, 0);
  double t0 = now();
  for (int i = 1; i <= n; i++) {
    sqlite3_step(begin), sqlite3_reset(begin);
    if (mode == 0) {
      snprintf(key, sizeof key, "B-%d", i);
      sqlite3_bind_text(bare, 1, key, -1, SQLITE_TRANSIENT), sqlite3_bind_text(bare, 2, row, -1, SQLITE_TRANSIENT);
      sqlite3_step(bare), sqlite3_reset(bare);
    } else {
      sqlite3_bind_int(event, 1, i), sqlite3_bind_int(event, 2, i), sqlite3_bind_text(event, 3, doc, -1, SQLITE_TRANSIENT);
      sqlite3_step(event), sqlite3_reset(event);
      sqlite3_bind_int(task, 1, i), sqlite3_bind_text(task, 2, doc, -1, SQLITE_TRANSIENT);
      sqlite3_step(task), sqlite3_reset(task);
      if (mode == 2) {
        sqlite3_bind_int(head, 1, i), sqlite3_bind_text(head, 2, row, 64, SQLITE_TRANSIENT);
        sqlite3_step(head), sqlite3_reset(head);
      }
    }
    if (sqlite3_step(commit) != SQLITE_DONE) return 1;
    sqlite3_reset(commit);
  }
  double dt = now() - t0;
  printf("mode %d (%s): %.0f transactions/s, %.1f µs each\n", mode,
         mode == 0 ? "one row, the bare loop" : mode == 1 ? "event + projection" : "event + projection + chain head", n / dt,
         dt / n * 1e6);
  sqlite3_close(db);
  return 0;
}
