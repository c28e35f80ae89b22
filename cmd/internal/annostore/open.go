package annostore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Open opens the store at url and brings its schema to Version:
//
//	sqlite:PATH                  an SQLite file, made when missing
//	postgres://USER@HOST/DB?…    a Postgres database (also postgresql://),
//	                             as pgx reads it; host=/DIR for a Unix socket
//
// Several processes may open one Postgres database; an SQLite file
// belongs to one process.
func Open(ctx context.Context, dbURL string) (Store, error) {
	return open(ctx, dbURL, Version)
}

// open is Open stopping at a schema version, for the migration tests.
func open(ctx context.Context, dbURL string, version int) (Store, error) {
	switch {
	case strings.HasPrefix(dbURL, "sqlite:"):
		return openSQLite(ctx, strings.TrimPrefix(dbURL, "sqlite:"), version)
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		return openPostgres(ctx, dbURL, version)
	}
	return nil, fmt.Errorf("database %q: give sqlite:PATH or postgres://…", redact(dbURL))
}

// redact hides a URL's password, for messages.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	return u.Redacted()
}

var sqliteDialect = &dialect{name: "sqlite"}

func openSQLite(ctx context.Context, path string, version int) (Store, error) {
	if path == "" {
		return nil, errors.New("sqlite: no file given (sqlite:PATH)")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
	}
	// WAL lets readers read while the one writer writes; synchronous=FULL
	// makes each commit durable before it is acknowledged, also against a
	// power cut. foreign_keys enforces the REFERENCES.
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(ON)"
	wdb, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetConnMaxIdleTime(0)
	if err := migrate(ctx, wdb, sqliteDialect, version); err != nil {
		wdb.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", dsn+"&_pragma=query_only(ON)")
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	return &sqlStore{d: sqliteDialect, db: db, wdb: wdb, hub: newHub()}, nil
}

// notifyChannel is the Postgres channel writes are announced on, as
// "CONTAINER CURSOR".
const notifyChannel = "marginalia_changes"

var postgresDialect = &dialect{
	name:       "postgres",
	positional: true,
	// Any number: it only has to be the same in every process.
	lock:   `SELECT pg_advisory_xact_lock(7458021)`,
	notify: `pg_notify('` + notifyChannel + `', name || ' ' || cursor)`,
}

func openPostgres(ctx context.Context, dbURL string, version int) (Store, error) {
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return nil, fmt.Errorf("postgres %s: %w", redact(dbURL), err)
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(64)
	db.SetMaxIdleConns(64)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := migrate(ctx, db, postgresDialect, version); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres %s: %w", redact(dbURL), err)
	}
	s := &sqlStore{d: postgresDialect, db: db, wdb: db, hub: newHub()}
	lctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.listen(lctx, cfg)
	}()
	s.close = func() { cancel(); <-done }
	return s, nil
}

// listen hears the writes of every process on the database, and tells
// this one's watchers. When the connection is lost it connects again,
// and then tells every watched container its cursor, for the
// notifications missed meanwhile.
func (s *sqlStore) listen(ctx context.Context, cfg *pgx.ConnConfig) {
	wait := 100 * time.Millisecond
	for ctx.Err() == nil {
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err == nil {
			_, err = conn.Exec(ctx, "LISTEN "+notifyChannel)
		}
		if err == nil {
			wait = 100 * time.Millisecond
			s.catchUp(ctx)
			for {
				n, err := conn.WaitForNotification(ctx)
				if err != nil {
					break
				}
				c, cur, ok := strings.Cut(n.Payload, " ")
				if v, err := strconv.ParseInt(cur, 10, 64); ok && err == nil {
					s.hub.publish(c, v)
				}
			}
		}
		if conn != nil {
			closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
			conn.Close(closeCtx)
			cancel()
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		wait = min(2*wait, 5*time.Second)
	}
}

// catchUp tells each watched container's watchers its cursor.
func (s *sqlStore) catchUp(ctx context.Context) {
	for _, name := range s.hub.containers() {
		if c, err := s.Container(ctx, name); err == nil {
			s.hub.publish(name, c.Cursor)
		}
	}
}
