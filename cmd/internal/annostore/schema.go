package annostore

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are the schema's versions, in order: migrations[i] brings a
// database at version i to version i+1. A migration once released is
// never edited, only followed by a new one. The same DDL runs on both
// engines: SQLite takes any type name (BYTEA gets its values stored as
// given, BOOLEAN as 0 and 1).
//
// Times are microseconds since 1970 (UTC) in BIGINT columns, the
// precision Postgres keeps, so that both engines return what was stored.
var migrations = []string{
	// 1: accounts, groups, tokens, and the documents with their cursors.
	`CREATE TABLE containers (
		name     TEXT PRIMARY KEY,
		is_group BOOLEAN NOT NULL,
		cursor   BIGINT NOT NULL DEFAULT 0,
		created  BIGINT NOT NULL
	);
	CREATE TABLE users (
		name          TEXT PRIMARY KEY REFERENCES containers (name),
		password_hash BYTEA NOT NULL,
		created       BIGINT NOT NULL
	);
	CREATE TABLE members (
		group_name TEXT NOT NULL REFERENCES containers (name),
		user_name  TEXT NOT NULL REFERENCES users (name),
		PRIMARY KEY (group_name, user_name)
	);
	CREATE INDEX members_user ON members (user_name);
	CREATE TABLE tokens (
		hash      BYTEA PRIMARY KEY,
		user_name TEXT NOT NULL REFERENCES users (name),
		kind      TEXT NOT NULL,
		created   BIGINT NOT NULL,
		expires   BIGINT NOT NULL
	);
	CREATE INDEX tokens_user ON tokens (user_name);
	CREATE TABLE docs (
		container      TEXT NOT NULL REFERENCES containers (name),
		kind           TEXT NOT NULL,
		id             TEXT NOT NULL,
		created_cursor BIGINT NOT NULL,
		cursor         BIGINT NOT NULL,
		creator        TEXT NOT NULL,
		target         TEXT NOT NULL,
		body           BYTEA,
		deleted        BOOLEAN NOT NULL,
		created        BIGINT NOT NULL,
		modified       BIGINT NOT NULL,
		PRIMARY KEY (container, kind, id)
	);
	CREATE UNIQUE INDEX docs_changes ON docs (container, cursor);
	CREATE INDEX docs_list ON docs (container, kind, deleted, created_cursor);
	CREATE INDEX docs_target ON docs (container, kind, target, deleted, created_cursor);`,

	// 2: sign-in failures kept in the database (so that several servers
	// share the limit), and each container's count of live documents of
	// each kind, kept in the row a write locks anyway, so that the first
	// page of a container does not count 100,000 rows.
	`CREATE TABLE signin_failures (
		key TEXT NOT NULL,
		at  BIGINT NOT NULL
	);
	CREATE INDEX signin_failures_key ON signin_failures (key, at);
	CREATE INDEX signin_failures_at ON signin_failures (at);
	ALTER TABLE containers ADD COLUMN live_annotation BIGINT NOT NULL DEFAULT 0;
	ALTER TABLE containers ADD COLUMN live_article BIGINT NOT NULL DEFAULT 0;
	UPDATE containers SET
		live_annotation = (SELECT COUNT(*) FROM docs WHERE docs.container = containers.name AND docs.kind = 'annotation' AND NOT docs.deleted),
		live_article = (SELECT COUNT(*) FROM docs WHERE docs.container = containers.name AND docs.kind = 'article' AND NOT docs.deleted);`,
}

// Version is the schema version this code writes and reads.
var Version = len(migrations)

// migrate brings the database to version upTo, each migration in its own
// transaction with its version, so that a failed one leaves the database
// at the version before it. lock serializes processes starting together
// on one database (Postgres); it runs first in each transaction.
func migrate(ctx context.Context, db *sql.DB, d *dialect, upTo int) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("the schema's version could not be kept: %w", err)
	}
	for {
		done, err := migrateOne(ctx, db, d, upTo)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne runs the next migration, if any, and says whether the
// database was already at upTo.
func migrateOne(ctx context.Context, db *sql.DB, d *dialect, upTo int) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if d.lock != "" {
		if _, err := tx.ExecContext(ctx, d.lock); err != nil {
			return false, err
		}
	}
	var v int
	switch err := tx.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); err {
	case nil:
	case sql.ErrNoRows:
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES (0)`); err != nil {
			return false, err
		}
	default:
		return false, err
	}
	if v > len(migrations) {
		return false, fmt.Errorf("the database has schema version %d, newer than this server's %d: run a newer marginalia", v, len(migrations))
	}
	if v >= upTo {
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
		return false, fmt.Errorf("migrating the schema to version %d: %w", v+1, err)
	}
	if _, err := tx.ExecContext(ctx, d.rebind(`UPDATE schema_version SET version = $1`), v+1); err != nil {
		return false, err
	}
	return false, tx.Commit()
}
