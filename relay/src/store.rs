//! Durable storage in SQLite (WAL mode). One thread owns the write connection and applies
//! commands in batches: every command that arrived while the previous batch was committing
//! goes into the next transaction (group commit), and no caller hears back before its batch is
//! committed. That is what lets `POST /v1/handoffs` answer 202 only after the package is on
//! disk while still accepting thousands of packages per second. With `synchronous=FULL` the WAL
//! is fsynced at each commit, so an acknowledged package survives power loss as well as a crash.
//!
//! Delivery state is a small state machine per row: `queued` (with `attempts`,
//! `next_attempt_at`, `last_error`), `delivered` (with the helpdesk's `remote_id`), `failed`.
//! `check_first` is set, and committed, before any request leaves the relay, and cleared only
//! when an outcome proves nothing was created; so after a crash or a timeout the next attempt
//! looks the package up at the helpdesk before sending again.

use std::path::Path;
use std::sync::mpsc;
use std::thread;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use tokio::sync::oneshot;

use crate::now_ms;

/// A package's delivery state, as `GET /v1/handoffs/{id}` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status {
    /// The package id.
    pub id: String,
    /// The site that posted it (not shown: a site may read only its own packages).
    #[serde(skip)]
    pub site: String,
    /// `queued`, `delivered` or `failed`.
    pub status: String,
    /// Delivery attempts so far.
    pub attempts: i64,
    /// When the relay accepted it (ms since the epoch).
    pub received_at: i64,
    /// The helpdesk's id for it (ticket, conversation), once delivered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_id: Option<String>,
    /// When it was delivered (ms since the epoch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivered_at: Option<i64>,
    /// The last delivery error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
}

/// One inbox entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InboxItem {
    /// The package id.
    pub id: String,
    /// `queued`, `delivered` or `failed`.
    pub status: String,
    /// When the relay accepted it (ms since the epoch).
    pub received_at: i64,
    /// The package itself.
    pub package: serde_json::Value,
}

/// The result of accepting a package.
#[derive(Debug, Clone, PartialEq)]
pub enum Accepted {
    /// A new record; the status it starts in.
    New(String),
    /// The id was known with the same package (a retried post); its current status.
    Existing(String),
    /// The id was known with a different package.
    Conflict,
}

/// A package claimed for one delivery attempt.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// The package id.
    pub id: String,
    /// The package JSON as received.
    pub package: String,
    /// Attempts including this one.
    pub attempts: i64,
    /// Whether an earlier attempt may have reached the helpdesk.
    pub check_first: bool,
    /// Steps already done (multi-call destinations).
    pub progress: i64,
    /// The helpdesk id learnt so far (multi-call destinations).
    pub remote_id: Option<String>,
    /// The helpdesk conversation the client named (`X-Handoff-Conversation-Id`).
    pub conversation: Option<String>,
    /// When the relay accepted the package (ms since the epoch).
    pub received_at: i64,
}

/// How an attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The helpdesk has it.
    Delivered {
        /// The helpdesk's id.
        remote_id: String,
    },
    /// Try again at `at`; `maybe_sent` keeps the look-up-first flag.
    Retry {
        /// The error.
        error: String,
        /// When (ms since the epoch).
        at: i64,
        /// Whether the helpdesk may have acted on this attempt.
        maybe_sent: bool,
    },
    /// Give up.
    Failed {
        /// The error.
        error: String,
    },
}

enum Cmd {
    Accept {
        id: String,
        site: String,
        package: String,
        conversation: Option<String>,
        delivered: bool,
        reply: oneshot::Sender<Result<Accepted, String>>,
    },
    Claim {
        limit: usize,
        reply: oneshot::Sender<Result<Vec<Job>, String>>,
    },
    Progress {
        id: String,
        remote_id: String,
        progress: i64,
        reply: oneshot::Sender<Result<(), String>>,
    },
    Finish {
        id: String,
        outcome: Outcome,
        reply: oneshot::Sender<Result<(), String>>,
    },
    Get {
        id: String,
        reply: oneshot::Sender<Result<Option<Status>, String>>,
    },
    Inbox {
        limit: usize,
        reply: oneshot::Sender<Result<Vec<InboxItem>, String>>,
    },
    NextDue {
        reply: oneshot::Sender<Result<Option<i64>, String>>,
    },
    Counts {
        reply: oneshot::Sender<Result<Vec<(String, i64)>, String>>,
    },
    AppendOutcomes {
        site: String,
        events: Vec<String>,
        reply: oneshot::Sender<Result<(), String>>,
    },
    Outcomes {
        reply: oneshot::Sender<Result<Vec<String>, String>>,
    },
    Packages {
        ids: Vec<String>,
        reply: oneshot::Sender<Result<Vec<StoredPackage>, String>>,
    },
    ByConversation {
        conversation: String,
        reply: oneshot::Sender<Result<Option<StoredPackage>, String>>,
    },
}

/// A stored package with what the relay knows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPackage {
    /// The package id.
    pub id: String,
    /// The site that posted it.
    pub site: String,
    /// The package JSON as received.
    pub package: String,
    /// The helpdesk conversation the client named (`X-Handoff-Conversation-Id`).
    pub conversation: Option<String>,
}

/// A handle to the store thread; cheap to clone.
#[derive(Clone)]
pub struct Store {
    tx: mpsc::Sender<Cmd>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS handoffs (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    package TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    remote_id TEXT,
    conversation TEXT,
    progress INTEGER NOT NULL DEFAULT 0,
    check_first INTEGER NOT NULL DEFAULT 0,
    in_flight INTEGER NOT NULL DEFAULT 0,
    delivered_at INTEGER
);
CREATE INDEX IF NOT EXISTS handoffs_due ON handoffs(next_attempt_at) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS handoffs_received ON handoffs(received_at);
CREATE INDEX IF NOT EXISTS handoffs_conversation ON handoffs(conversation) WHERE conversation IS NOT NULL;
CREATE TABLE IF NOT EXISTS outcomes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    event TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS outcomes_append_only_update BEFORE UPDATE ON outcomes
BEGIN SELECT RAISE(ABORT, 'outcomes are append-only'); END;
CREATE TRIGGER IF NOT EXISTS outcomes_append_only_delete BEFORE DELETE ON outcomes
BEGIN SELECT RAISE(ABORT, 'outcomes are append-only'); END;
";

/// The largest number of commands applied in one transaction.
const MAX_BATCH: usize = 2048;

fn err(e: rusqlite::Error) -> String {
    format!("database: {e}")
}

impl Store {
    /// Opens (or creates) the database and starts the store thread. Rows left in flight by a
    /// previous process are released; their `check_first` flag is already set.
    pub fn open(path: &Path, synchronous_full: bool) -> Result<Store, String> {
        let conn = Connection::open(path).map_err(err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
        conn.pragma_update(
            None,
            "synchronous",
            if synchronous_full { "FULL" } else { "NORMAL" },
        )
        .map_err(err)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(err)?;
        conn.execute_batch(SCHEMA).map_err(err)?;
        conn.execute("UPDATE handoffs SET in_flight = 0 WHERE in_flight = 1", [])
            .map_err(err)?;
        let (tx, rx) = mpsc::channel();
        thread::Builder::new()
            .name("store".into())
            .spawn(move || run(conn, rx))
            .map_err(|e| format!("store thread: {e}"))?;
        Ok(Store { tx })
    }

    async fn call<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, String>>) -> Cmd,
    ) -> Result<T, String> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(make(reply))
            .map_err(|_| "store stopped".to_string())?;
        rx.await.map_err(|_| "store stopped".to_string())?
    }

    /// Writes a package (idempotently by id). Returns once committed. `conversation` is the
    /// helpdesk conversation the client named; `delivered` records the package as already
    /// delivered (the local inbox destination).
    pub async fn accept(
        &self,
        id: String,
        site: String,
        package: String,
        conversation: Option<String>,
        delivered: bool,
    ) -> Result<Accepted, String> {
        self.call(|reply| Cmd::Accept {
            id,
            site,
            package,
            conversation,
            delivered,
            reply,
        })
        .await
    }

    /// Claims up to `limit` due packages for an attempt (committed before it returns).
    pub async fn claim(&self, limit: usize) -> Result<Vec<Job>, String> {
        self.call(|reply| Cmd::Claim { limit, reply }).await
    }

    /// Records a finished step of a multi-call delivery.
    pub async fn progress(
        &self,
        id: String,
        remote_id: String,
        progress: i64,
    ) -> Result<(), String> {
        self.call(|reply| Cmd::Progress {
            id,
            remote_id,
            progress,
            reply,
        })
        .await
    }

    /// Records an attempt's outcome.
    pub async fn finish(&self, id: String, outcome: Outcome) -> Result<(), String> {
        self.call(|reply| Cmd::Finish { id, outcome, reply }).await
    }

    /// A package's status.
    pub async fn get(&self, id: String) -> Result<Option<Status>, String> {
        self.call(|reply| Cmd::Get { id, reply }).await
    }

    /// The newest packages, newest first.
    pub async fn inbox(&self, limit: usize) -> Result<Vec<InboxItem>, String> {
        self.call(|reply| Cmd::Inbox { limit, reply }).await
    }

    /// When the next queued package is due, if any.
    pub async fn next_due(&self) -> Result<Option<i64>, String> {
        self.call(|reply| Cmd::NextDue { reply }).await
    }

    /// Number of packages per status.
    pub async fn counts(&self) -> Result<Vec<(String, i64)>, String> {
        self.call(|reply| Cmd::Counts { reply }).await
    }

    /// Appends outcome events (JSON text, already validated) in order. Returns once committed.
    pub async fn append_outcomes(&self, site: String, events: Vec<String>) -> Result<(), String> {
        self.call(|reply| Cmd::AppendOutcomes {
            site,
            events,
            reply,
        })
        .await
    }

    /// Every stored outcome event, in arrival order.
    pub async fn outcomes(&self) -> Result<Vec<String>, String> {
        self.call(|reply| Cmd::Outcomes { reply }).await
    }

    /// The stored packages among `ids` (unknown ids are left out).
    pub async fn packages(&self, ids: Vec<String>) -> Result<Vec<StoredPackage>, String> {
        self.call(|reply| Cmd::Packages { ids, reply }).await
    }

    /// The newest package stored for a helpdesk conversation id.
    pub async fn by_conversation(
        &self,
        conversation: String,
    ) -> Result<Option<StoredPackage>, String> {
        self.call(|reply| Cmd::ByConversation {
            conversation,
            reply,
        })
        .await
    }
}

/// A reply to send once the batch is committed.
enum Reply {
    Accept(
        oneshot::Sender<Result<Accepted, String>>,
        Result<Accepted, String>,
    ),
    Claim(
        oneshot::Sender<Result<Vec<Job>, String>>,
        Result<Vec<Job>, String>,
    ),
    Unit(oneshot::Sender<Result<(), String>>, Result<(), String>),
}

fn run(mut conn: Connection, rx: mpsc::Receiver<Cmd>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(cmd) => batch.push(cmd),
                Err(_) => break,
            }
        }
        let mut replies = Vec::with_capacity(batch.len());
        let tx = match conn.transaction() {
            Ok(tx) => tx,
            Err(e) => {
                fail_all(batch, &err(e));
                continue;
            }
        };
        for cmd in batch {
            apply(&tx, cmd, &mut replies);
        }
        match tx.commit() {
            Ok(()) => {
                for reply in replies {
                    match reply {
                        Reply::Accept(s, r) => drop(s.send(r)),
                        Reply::Claim(s, r) => drop(s.send(r)),
                        Reply::Unit(s, r) => drop(s.send(r)),
                    }
                }
            }
            Err(e) => {
                let msg = err(e);
                for reply in replies {
                    match reply {
                        Reply::Accept(s, _) => drop(s.send(Err(msg.clone()))),
                        Reply::Claim(s, _) => drop(s.send(Err(msg.clone()))),
                        Reply::Unit(s, _) => drop(s.send(Err(msg.clone()))),
                    }
                }
            }
        }
    }
}

fn fail_all(batch: Vec<Cmd>, msg: &str) {
    for cmd in batch {
        let m = msg.to_string();
        match cmd {
            Cmd::Accept { reply, .. } => drop(reply.send(Err(m))),
            Cmd::Claim { reply, .. } => drop(reply.send(Err(m))),
            Cmd::Progress { reply, .. } | Cmd::Finish { reply, .. } => drop(reply.send(Err(m))),
            Cmd::Get { reply, .. } => drop(reply.send(Err(m))),
            Cmd::Inbox { reply, .. } => drop(reply.send(Err(m))),
            Cmd::NextDue { reply } => drop(reply.send(Err(m))),
            Cmd::Counts { reply } => drop(reply.send(Err(m))),
            Cmd::AppendOutcomes { reply, .. } => drop(reply.send(Err(m))),
            Cmd::Outcomes { reply } => drop(reply.send(Err(m))),
            Cmd::Packages { reply, .. } => drop(reply.send(Err(m))),
            Cmd::ByConversation { reply, .. } => drop(reply.send(Err(m))),
        }
    }
}

fn apply(tx: &rusqlite::Transaction<'_>, cmd: Cmd, replies: &mut Vec<Reply>) {
    let now = now_ms();
    match cmd {
        Cmd::Accept {
            id,
            site,
            package,
            conversation,
            delivered,
            reply,
        } => {
            let r = accept(
                tx,
                &id,
                &site,
                &package,
                conversation.as_deref(),
                delivered,
                now,
            );
            replies.push(Reply::Accept(reply, r));
        }
        Cmd::Claim { limit, reply } => replies.push(Reply::Claim(reply, claim(tx, limit, now))),
        Cmd::Progress {
            id,
            remote_id,
            progress,
            reply,
        } => {
            let r = tx
                .execute(
                    "UPDATE handoffs SET remote_id = ?2, progress = ?3 WHERE id = ?1",
                    params![id, remote_id, progress],
                )
                .map(drop)
                .map_err(err);
            replies.push(Reply::Unit(reply, r));
        }
        Cmd::Finish { id, outcome, reply } => {
            let r = finish(tx, &id, outcome, now).map_err(err);
            replies.push(Reply::Unit(reply, r));
        }
        // Reads answer at once: they see this transaction's earlier writes, which commit with
        // it; a read never promises durability.
        Cmd::Get { id, reply } => drop(reply.send(get(tx, &id).map_err(err))),
        Cmd::Inbox { limit, reply } => drop(reply.send(inbox(tx, limit).map_err(err))),
        Cmd::NextDue { reply } => {
            let r = tx
                .query_row(
                    "SELECT MIN(next_attempt_at) FROM handoffs WHERE status = 'queued' AND in_flight = 0",
                    [],
                    |row| row.get::<_, Option<i64>>(0),
                )
                .map_err(err);
            drop(reply.send(r));
        }
        Cmd::Counts { reply } => {
            let r = (|| {
                let mut stmt =
                    tx.prepare_cached("SELECT status, COUNT(*) FROM handoffs GROUP BY status")?;
                let rows = stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
                rows.collect::<Result<Vec<_>, _>>()
            })()
            .map_err(err);
            drop(reply.send(r));
        }
        Cmd::AppendOutcomes {
            site,
            events,
            reply,
        } => {
            let r = (|| {
                let mut stmt = tx.prepare_cached(
                    "INSERT INTO outcomes (site, received_at, event) VALUES (?1, ?2, ?3)",
                )?;
                for event in &events {
                    stmt.execute(params![site, now, event])?;
                }
                Ok(())
            })()
            .map_err(err);
            replies.push(Reply::Unit(reply, r));
        }
        Cmd::Outcomes { reply } => {
            let r = (|| {
                let mut stmt = tx.prepare_cached("SELECT event FROM outcomes ORDER BY seq")?;
                let rows = stmt.query_map([], |row| row.get(0))?;
                rows.collect::<Result<Vec<String>, _>>()
            })()
            .map_err(err);
            drop(reply.send(r));
        }
        Cmd::Packages { ids, reply } => {
            let r = (|| {
                let mut stmt = tx.prepare_cached(
                    "SELECT id, site, package, conversation FROM handoffs WHERE id = ?1",
                )?;
                let mut found = Vec::new();
                for id in &ids {
                    if let Some(p) = stmt.query_row(params![id], stored).optional()? {
                        found.push(p);
                    }
                }
                Ok(found)
            })()
            .map_err(err);
            drop(reply.send(r));
        }
        Cmd::ByConversation {
            conversation,
            reply,
        } => {
            let r = tx
                .prepare_cached(
                    "SELECT id, site, package, conversation FROM handoffs WHERE conversation = ?1
                     ORDER BY received_at DESC, rowid DESC LIMIT 1",
                )
                .and_then(|mut s| s.query_row(params![conversation], stored).optional())
                .map_err(err);
            drop(reply.send(r));
        }
    }
}

fn stored(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredPackage> {
    Ok(StoredPackage {
        id: row.get(0)?,
        site: row.get(1)?,
        package: row.get(2)?,
        conversation: row.get(3)?,
    })
}

fn accept(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    site: &str,
    package: &str,
    conversation: Option<&str>,
    delivered: bool,
    now: i64,
) -> Result<Accepted, String> {
    let (status, remote, delivered_at) = if delivered {
        ("delivered", Some("inbox"), Some(now))
    } else {
        ("queued", None, None)
    };
    let inserted = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO handoffs (id, site, received_at, package, status, next_attempt_at, remote_id, delivered_at, conversation)
             VALUES (?1, ?2, ?3, ?4, ?5, ?3, ?6, ?7, ?8)",
        )
        .and_then(|mut s| s.execute(params![id, site, now, package, status, remote, delivered_at, conversation]))
        .map_err(err)?;
    if inserted == 1 {
        return Ok(Accepted::New(status.to_string()));
    }
    let (old_package, old_status): (String, String) = tx
        .prepare_cached("SELECT package, status FROM handoffs WHERE id = ?1")
        .and_then(|mut s| s.query_row(params![id], |row| Ok((row.get(0)?, row.get(1)?))))
        .map_err(err)?;
    if old_package == package {
        Ok(Accepted::Existing(old_status))
    } else {
        Ok(Accepted::Conflict)
    }
}

fn claim(tx: &rusqlite::Transaction<'_>, limit: usize, now: i64) -> Result<Vec<Job>, String> {
    let jobs = {
        let mut stmt = tx
            .prepare_cached(
                "SELECT id, package, attempts, check_first, progress, remote_id, conversation, received_at FROM handoffs
                 WHERE status = 'queued' AND in_flight = 0 AND next_attempt_at <= ?1
                 ORDER BY next_attempt_at LIMIT ?2",
            )
            .map_err(err)?;
        let rows = stmt
            .query_map(params![now, limit as i64], |row| {
                Ok(Job {
                    id: row.get(0)?,
                    package: row.get(1)?,
                    attempts: row.get::<_, i64>(2)? + 1,
                    check_first: row.get::<_, i64>(3)? != 0,
                    progress: row.get(4)?,
                    remote_id: row.get(5)?,
                    conversation: row.get(6)?,
                    received_at: row.get(7)?,
                })
            })
            .map_err(err)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(err)?
    };
    let mut stmt = tx
        .prepare_cached(
            "UPDATE handoffs SET in_flight = 1, check_first = 1, attempts = attempts + 1 WHERE id = ?1",
        )
        .map_err(err)?;
    for job in &jobs {
        stmt.execute(params![job.id]).map_err(err)?;
    }
    Ok(jobs)
}

fn finish(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    outcome: Outcome,
    now: i64,
) -> rusqlite::Result<()> {
    match outcome {
        Outcome::Delivered { remote_id } => tx
            .prepare_cached(
                "UPDATE handoffs SET status = 'delivered', remote_id = ?2, delivered_at = ?3, in_flight = 0,
                 check_first = 0, last_error = NULL WHERE id = ?1",
            )?
            .execute(params![id, remote_id, now]),
        Outcome::Retry { error, at, maybe_sent } => tx
            .prepare_cached(
                "UPDATE handoffs SET next_attempt_at = ?2, last_error = ?3, check_first = ?4, in_flight = 0
                 WHERE id = ?1 AND status = 'queued'",
            )?
            .execute(params![id, at, error, maybe_sent as i64]),
        Outcome::Failed { error } => tx
            .prepare_cached(
                "UPDATE handoffs SET status = 'failed', last_error = ?2, in_flight = 0 WHERE id = ?1 AND status = 'queued'",
            )?
            .execute(params![id, error]),
    }
    .map(drop)
}

fn get(tx: &rusqlite::Transaction<'_>, id: &str) -> rusqlite::Result<Option<Status>> {
    tx.prepare_cached(
        "SELECT id, status, attempts, received_at, remote_id, delivered_at, last_error, site FROM handoffs WHERE id = ?1",
    )?
    .query_row(params![id], |row| {
        Ok(Status {
            id: row.get(0)?,
            status: row.get(1)?,
            attempts: row.get(2)?,
            received_at: row.get(3)?,
            remote_id: row.get(4)?,
            delivered_at: row.get(5)?,
            last_error: row.get(6)?,
            site: row.get(7)?,
        })
    })
    .optional()
}

fn inbox(tx: &rusqlite::Transaction<'_>, limit: usize) -> rusqlite::Result<Vec<InboxItem>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, status, received_at, package FROM handoffs ORDER BY received_at DESC, rowid DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map(params![limit as i64], |row| {
        let text: String = row.get(3)?;
        Ok(InboxItem {
            id: row.get(0)?,
            status: row.get(1)?,
            received_at: row.get(2)?,
            package: serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        })
    })?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_db(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("handoff-store-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("db.sqlite")
    }

    #[tokio::test]
    async fn accept_is_idempotent_and_detects_conflicts() {
        let store = Store::open(&temp_db("accept"), true).unwrap();
        let pkg = r#"{"id":"a"}"#.to_string();
        assert_eq!(
            store
                .accept("a".into(), "s".into(), pkg.clone(), None, false)
                .await
                .unwrap(),
            Accepted::New("queued".into())
        );
        assert_eq!(
            store
                .accept("a".into(), "s".into(), pkg, None, false)
                .await
                .unwrap(),
            Accepted::Existing("queued".into())
        );
        assert_eq!(
            store
                .accept(
                    "a".into(),
                    "s".into(),
                    r#"{"id":"a","x":1}"#.into(),
                    None,
                    false
                )
                .await
                .unwrap(),
            Accepted::Conflict
        );
        assert_eq!(store.inbox(10).await.unwrap().len(), 1);
    }

    #[tokio::test]
    async fn outcomes_are_append_only_and_packages_are_found_by_conversation() {
        let path = temp_db("outcomes");
        let store = Store::open(&path, false).unwrap();
        store
            .append_outcomes("s".into(), vec!["{\"a\":1}".into(), "{\"b\":2}".into()])
            .await
            .unwrap();
        store
            .append_outcomes("s".into(), vec!["{\"c\":3}".into()])
            .await
            .unwrap();
        assert_eq!(
            store.outcomes().await.unwrap(),
            vec!["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"]
        );
        let conn = Connection::open(&path).unwrap();
        for sql in ["UPDATE outcomes SET event = 'x'", "DELETE FROM outcomes"] {
            let e = conn.execute(sql, []).unwrap_err().to_string();
            assert!(e.contains("append-only"), "{sql}: {e}");
        }
        for (id, conv) in [("p1", "c1"), ("p2", "c1"), ("p3", "c2")] {
            store
                .accept(id.into(), "s".into(), "{}".into(), Some(conv.into()), true)
                .await
                .unwrap();
        }
        let newest = store.by_conversation("c1".into()).await.unwrap().unwrap();
        assert_eq!(newest.id, "p2");
        assert!(store.by_conversation("c3".into()).await.unwrap().is_none());
        let found = store
            .packages(vec!["p3".into(), "nope".into()])
            .await
            .unwrap();
        assert_eq!(
            found.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
            vec!["p3"]
        );
    }

    #[tokio::test]
    async fn claim_marks_check_first_and_a_reopen_releases_in_flight_rows() {
        let path = temp_db("claim");
        let store = Store::open(&path, false).unwrap();
        store
            .accept(
                "a".into(),
                "s".into(),
                "{}".into(),
                Some("c1".into()),
                false,
            )
            .await
            .unwrap();
        let jobs = store.claim(10).await.unwrap();
        assert_eq!(jobs.len(), 1);
        assert!(!jobs[0].check_first);
        assert_eq!(jobs[0].attempts, 1);
        assert_eq!(jobs[0].conversation.as_deref(), Some("c1"));
        assert!(
            store.claim(10).await.unwrap().is_empty(),
            "in flight rows are not claimed twice"
        );
        drop(store);
        // A new process: the row is claimable again, and must be looked up first.
        let store = Store::open(&path, false).unwrap();
        let jobs = store.claim(10).await.unwrap();
        assert_eq!(
            (jobs.len(), jobs[0].check_first, jobs[0].attempts),
            (1, true, 2)
        );
        store
            .finish(
                "a".into(),
                Outcome::Delivered {
                    remote_id: "T1".into(),
                },
            )
            .await
            .unwrap();
        let status = store.get("a".into()).await.unwrap().unwrap();
        assert_eq!(
            (status.status.as_str(), status.remote_id.as_deref()),
            ("delivered", Some("T1"))
        );
        // A late retry outcome never reopens a delivered package.
        store
            .finish(
                "a".into(),
                Outcome::Retry {
                    error: "x".into(),
                    at: 0,
                    maybe_sent: true,
                },
            )
            .await
            .unwrap();
        assert!(store.claim(10).await.unwrap().is_empty());
    }
}
