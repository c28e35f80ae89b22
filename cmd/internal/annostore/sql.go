package annostore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// dialect is what differs between the engines: how parameters are
// written, how migrations lock out another process, and how other
// processes hear of a commit.
type dialect struct {
	name string
	// positional is true when parameters are written $1, $2 (Postgres);
	// SQLite's are rewritten to ?1, ?2.
	positional bool
	// lock runs first in a migration's transaction.
	lock string
	// notify, when set, is returned by the statement that takes a
	// container's next cursor (name and cursor are its columns): it tells
	// other processes of the write when it commits (Postgres NOTIFY).
	notify string
}

func (d *dialect) rebind(q string) string {
	if d.positional {
		return q
	}
	return strings.ReplaceAll(q, "$", "?")
}

// sqlStore is a Store over database/sql: one set of queries for both
// engines.
type sqlStore struct {
	d *dialect
	// db reads; wdb writes. They are one pool on Postgres; on SQLite wdb
	// has a single connection, SQLite's single writer, so that writes
	// queue in Go rather than fail with SQLITE_BUSY.
	db, wdb *sql.DB
	hub     *hub
	// close ends what the engine started beside the pools (Postgres's
	// listener).
	close func()
}

// micro is how a time is kept.
func micro(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func fromMicro(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}

// write runs fn in a transaction on the writer and commits it; after the
// commit, watchers hear of each cursor fn published.
func (s *sqlStore) write(ctx context.Context, fn func(tx *wtx) error) error {
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	w := &wtx{Tx: tx, s: s, ctx: ctx}
	if err := fn(w); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for c, cur := range w.published {
		s.hub.publish(c, cur)
	}
	return nil
}

// wtx is a write transaction.
type wtx struct {
	*sql.Tx
	s         *sqlStore
	ctx       context.Context
	published map[string]int64
}

func (w *wtx) exec(q string, args ...any) (sql.Result, error) {
	return w.ExecContext(w.ctx, w.s.d.rebind(q), args...)
}

func (w *wtx) row(q string, args ...any) *sql.Row {
	return w.QueryRowContext(w.ctx, w.s.d.rebind(q), args...)
}

// next takes the container's next cursor, and adds live to its count
// of live documents of the kind.
func (w *wtx) next(container string, kind Kind, live int) (int64, error) {
	return w.take(container, 1, map[Kind]int{kind: live})
}

// take takes n cursors of the container, and returns the last: the
// others are the n-1 before it. live is added to its counts of live
// documents by kind. Its row stays locked until the transaction ends,
// so that the writes of one container commit in the order of their
// cursors and a reader never sees N+1 before N.
func (w *wtx) take(container string, n int, live map[Kind]int) (int64, error) {
	q := `UPDATE containers SET cursor = cursor + $2`
	args := []any{container, n}
	for _, k := range []Kind{Annotation, Article} {
		if live[k] != 0 {
			args = append(args, live[k])
			q += fmt.Sprintf(`, %[1]s = %[1]s + $%d`, liveColumn[k], len(args))
		}
	}
	for k := range live {
		if _, ok := liveColumn[k]; !ok {
			return 0, fmt.Errorf("annostore: no kind %q", k)
		}
	}
	q += ` WHERE name = $1 RETURNING cursor`
	var cur int64
	var notified any
	dest := []any{&cur}
	if w.s.d.notify != "" {
		q += `, ` + w.s.d.notify
		dest = append(dest, &notified)
	}
	err := w.row(q, args...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, err
	}
	if w.published == nil {
		w.published = map[string]int64{}
	}
	w.published[container] = cur
	return cur, nil
}

// liveColumn is the column of containers counting a kind's live
// documents.
var liveColumn = map[Kind]string{Annotation: "live_annotation", Article: "live_article"}

func (s *sqlStore) row(ctx context.Context, q string, args ...any) *sql.Row {
	return s.db.QueryRowContext(ctx, s.d.rebind(q), args...)
}

func (s *sqlStore) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, s.d.rebind(q), args...)
}

func (s *sqlStore) AddUser(ctx context.Context, name string, passwordHash []byte) error {
	now := micro(time.Now())
	return s.write(ctx, func(tx *wtx) error {
		r, err := tx.exec(`INSERT INTO containers (name, is_group, cursor, created) VALUES ($1, FALSE, 0, $2) ON CONFLICT (name) DO NOTHING`, name, now)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrExists
		}
		_, err = tx.exec(`INSERT INTO users (name, password_hash, created) VALUES ($1, $2, $3)`, name, passwordHash, now)
		return err
	})
}

func (s *sqlStore) User(ctx context.Context, name string) (User, error) {
	u := User{Name: name}
	var created int64
	err := s.row(ctx, `SELECT password_hash, created FROM users WHERE name = $1`, name).Scan(&u.PasswordHash, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	u.Created = fromMicro(created)
	return u, err
}

func (s *sqlStore) AddToken(ctx context.Context, t Token) error {
	return s.write(ctx, func(tx *wtx) error {
		var n int
		if err := tx.row(`SELECT COUNT(*) FROM users WHERE name = $1`, t.User).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		_, err := tx.exec(`INSERT INTO tokens (hash, user_name, kind, created, expires) VALUES ($1, $2, $3, $4, $5)`,
			t.Hash, t.User, string(t.Kind), micro(t.Created), micro(t.Expires))
		return err
	})
}

func (s *sqlStore) TokenUser(ctx context.Context, hash []byte, now time.Time) (string, error) {
	var user string
	err := s.row(ctx, `SELECT user_name FROM tokens WHERE hash = $1 AND (expires = 0 OR expires > $2)`, hash, micro(now)).Scan(&user)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return user, err
}

func (s *sqlStore) DeleteToken(ctx context.Context, hash []byte) error {
	return s.write(ctx, func(tx *wtx) error {
		_, err := tx.exec(`DELETE FROM tokens WHERE hash = $1`, hash)
		return err
	})
}

func (s *sqlStore) RevokeTokens(ctx context.Context, user string) (int, error) {
	var n int64
	err := s.write(ctx, func(tx *wtx) error {
		var users int
		if err := tx.row(`SELECT COUNT(*) FROM users WHERE name = $1`, user).Scan(&users); err != nil {
			return err
		}
		if users == 0 {
			return ErrNotFound
		}
		r, err := tx.exec(`DELETE FROM tokens WHERE user_name = $1`, user)
		if err != nil {
			return err
		}
		n, err = r.RowsAffected()
		return err
	})
	return int(n), err
}

func (s *sqlStore) AddMembers(ctx context.Context, group string, users []string) error {
	return s.write(ctx, func(tx *wtx) error {
		var isGroup bool
		switch err := tx.row(`SELECT is_group FROM containers WHERE name = $1`, group).Scan(&isGroup); {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.exec(`INSERT INTO containers (name, is_group, cursor, created) VALUES ($1, TRUE, 0, $2)`, group, micro(time.Now())); err != nil {
				return err
			}
		case err != nil:
			return err
		case !isGroup:
			return ErrExists
		}
		for _, u := range users {
			var n int
			if err := tx.row(`SELECT COUNT(*) FROM users WHERE name = $1`, u).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("%w: no user is called %q", ErrNotFound, u)
			}
			if _, err := tx.exec(`INSERT INTO members (group_name, user_name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, group, u); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *sqlStore) names(ctx context.Context, q, arg string) ([]string, error) {
	rows, err := s.query(ctx, q, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names := []string{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

func (s *sqlStore) Groups(ctx context.Context, user string) ([]string, error) {
	return s.names(ctx, `SELECT group_name FROM members WHERE user_name = $1 ORDER BY group_name`, user)
}

func (s *sqlStore) Members(ctx context.Context, group string) ([]string, error) {
	return s.names(ctx, `SELECT user_name FROM members WHERE group_name = $1 ORDER BY user_name`, group)
}

func (s *sqlStore) CanUse(ctx context.Context, user, container string) (bool, error) {
	var n int
	err := s.row(ctx, `SELECT COUNT(*) FROM containers c WHERE c.name = $2 AND (
		(NOT c.is_group AND c.name = $1) OR
		EXISTS (SELECT 1 FROM members m WHERE m.group_name = c.name AND m.user_name = $1))`, user, container).Scan(&n)
	return n > 0, err
}

func (s *sqlStore) SignInFailure(ctx context.Context, keys []string, at time.Time) error {
	return s.write(ctx, func(tx *wtx) error {
		// Failures older than an hour count for nothing: forget them.
		if _, err := tx.exec(`DELETE FROM signin_failures WHERE at < $1`, micro(at.Add(-time.Hour))); err != nil {
			return err
		}
		for _, k := range keys {
			if _, err := tx.exec(`INSERT INTO signin_failures (key, at) VALUES ($1, $2)`, k, micro(at)); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *sqlStore) SignInFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := s.row(ctx, `SELECT COUNT(*) FROM signin_failures WHERE key = $1 AND at >= $2`, key, micro(since)).Scan(&n)
	return n, err
}

func (s *sqlStore) Container(ctx context.Context, name string) (Container, error) {
	c := Container{Name: name}
	var created int64
	err := s.row(ctx, `SELECT is_group, cursor, created FROM containers WHERE name = $1`, name).Scan(&c.Group, &c.Cursor, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Container{}, ErrNotFound
	}
	c.Created = fromMicro(created)
	return c, err
}

const docColumns = `container, kind, id, creator, target, body, cursor, created, modified, deleted`

// scanDoc reads a row of docColumns.
func scanDoc(scan func(...any) error) (Doc, bool, error) {
	var d Doc
	var kind string
	var created, modified int64
	var deleted bool
	if err := scan(&d.Container, &kind, &d.ID, &d.Creator, &d.Target, &d.Body, &d.Cursor, &created, &modified, &deleted); err != nil {
		return Doc{}, false, err
	}
	d.Kind = Kind(kind)
	d.Created, d.Modified = fromMicro(created), fromMicro(modified)
	return d, deleted, nil
}

// current reads a document in a write transaction.
func (w *wtx) current(container string, kind Kind, id string) (Doc, bool, error) {
	d, deleted, err := scanDoc(w.row(`SELECT `+docColumns+` FROM docs WHERE container = $1 AND kind = $2 AND id = $3`, container, string(kind), id).Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return Doc{}, false, ErrNotFound
	}
	return d, deleted, err
}

func (s *sqlStore) Create(ctx context.Context, d Doc) (Doc, error) {
	docs, err := s.CreateMany(ctx, []Doc{d})
	if err != nil {
		return Doc{}, err
	}
	return docs[0], nil
}

func (s *sqlStore) CreateMany(ctx context.Context, docs []Doc) ([]Doc, error) {
	if len(docs) == 0 {
		return nil, nil
	}
	out := make([]Doc, len(docs))
	live := map[Kind]int{}
	for i, d := range docs {
		if d.Container != docs[0].Container {
			return nil, errors.New("annostore: CreateMany of documents of several containers")
		}
		if d.Body == nil {
			d.Body = []byte{}
		}
		out[i] = d
		live[d.Kind]++
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	err := s.write(ctx, func(tx *wtx) error {
		last, err := tx.take(out[0].Container, len(out), live)
		if err != nil {
			return err
		}
		for i := range out {
			d := &out[i]
			if d.Created.IsZero() {
				d.Created = now
			}
			d.Modified, d.Cursor = now, last-int64(len(out)-1-i)
			r, err := tx.exec(`INSERT INTO docs (container, kind, id, created_cursor, cursor, creator, target, body, deleted, created, modified)
				VALUES ($1, $2, $3, $4, $4, $5, $6, $7, FALSE, $8, $9) ON CONFLICT (container, kind, id) DO NOTHING`,
				d.Container, string(d.Kind), d.ID, d.Cursor, d.Creator, d.Target, d.Body, micro(d.Created), micro(d.Modified))
			if err != nil {
				return err
			}
			if n, err := r.RowsAffected(); err != nil {
				return err
			} else if n == 1 {
				continue
			}
			if _, deleted, err := tx.current(d.Container, d.Kind, d.ID); err != nil {
				return err
			} else if deleted {
				return fmt.Errorf("%w: %s %s", ErrGone, d.Kind, d.ID)
			}
			return fmt.Errorf("%w: %s %s", ErrExists, d.Kind, d.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s *sqlStore) Get(ctx context.Context, container string, kind Kind, id string) (Doc, error) {
	d, deleted, err := scanDoc(s.row(ctx, `SELECT `+docColumns+` FROM docs WHERE container = $1 AND kind = $2 AND id = $3`, container, string(kind), id).Scan)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Doc{}, ErrNotFound
	case err != nil:
		return Doc{}, err
	case deleted:
		return Doc{}, ErrGone
	}
	return d, nil
}

func (s *sqlStore) Put(ctx context.Context, d Doc, ifMatch int64) (Doc, error) {
	if d.Body == nil {
		d.Body = []byte{}
	}
	var out Doc
	err := s.write(ctx, func(tx *wtx) error {
		cur, err := tx.next(d.Container, d.Kind, 0)
		if err != nil {
			return err
		}
		old, deleted, err := tx.current(d.Container, d.Kind, d.ID)
		switch {
		case err != nil:
			return err
		case deleted:
			return ErrGone
		case old.Cursor != ifMatch:
			return ErrStale
		}
		out = old
		out.Body, out.Target, out.Cursor = d.Body, d.Target, cur
		out.Modified = time.Now().UTC().Truncate(time.Microsecond)
		_, err = tx.exec(`UPDATE docs SET body = $1, target = $2, cursor = $3, modified = $4 WHERE container = $5 AND kind = $6 AND id = $7`,
			out.Body, out.Target, cur, micro(out.Modified), d.Container, string(d.Kind), d.ID)
		return err
	})
	if err != nil {
		return Doc{}, err
	}
	return out, nil
}

func (s *sqlStore) Delete(ctx context.Context, container string, kind Kind, id string, ifMatch int64) (Change, error) {
	var c Change
	err := s.write(ctx, func(tx *wtx) error {
		cur, err := tx.next(container, kind, -1)
		if err != nil {
			return err
		}
		old, deleted, err := tx.current(container, kind, id)
		switch {
		case err != nil:
			return err
		case deleted:
			return ErrGone
		case old.Cursor != ifMatch:
			return ErrStale
		}
		old.Body, old.Target, old.Cursor = nil, "", cur
		old.Modified = time.Now().UTC().Truncate(time.Microsecond)
		if _, err := tx.exec(`UPDATE docs SET body = NULL, target = '', deleted = TRUE, cursor = $1, modified = $2 WHERE container = $3 AND kind = $4 AND id = $5`,
			cur, micro(old.Modified), container, string(kind), id); err != nil {
			return err
		}
		c = Change{Cursor: cur, Kind: kind, ID: id, Deleted: true, Doc: old}
		return nil
	})
	if err != nil {
		return Change{}, err
	}
	return c, nil
}

func (s *sqlStore) List(ctx context.Context, container string, kind Kind, target string, offset, limit int) ([]Doc, int, error) {
	var total int
	var rows *sql.Rows
	var err error
	if target == "" {
		col, ok := liveColumn[kind]
		if !ok {
			return nil, 0, fmt.Errorf("annostore: no kind %q", kind)
		}
		err = s.row(ctx, `SELECT `+col+` FROM containers WHERE name = $1`, container).Scan(&total)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, 0, err
		}
		rows, err = s.query(ctx, `SELECT `+docColumns+` FROM docs WHERE container = $1 AND kind = $2 AND deleted = FALSE
			ORDER BY created_cursor LIMIT $3 OFFSET $4`, container, string(kind), limit, offset)
	} else {
		err = s.row(ctx, `SELECT COUNT(*) FROM docs WHERE container = $1 AND kind = $2 AND target = $3 AND deleted = FALSE`, container, string(kind), target).Scan(&total)
		if err != nil {
			return nil, 0, err
		}
		rows, err = s.query(ctx, `SELECT `+docColumns+` FROM docs WHERE container = $1 AND kind = $2 AND target = $3 AND deleted = FALSE
			ORDER BY created_cursor LIMIT $4 OFFSET $5`, container, string(kind), target, limit, offset)
	}
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	docs := []Doc{}
	for rows.Next() {
		d, _, err := scanDoc(rows.Scan)
		if err != nil {
			return nil, 0, err
		}
		docs = append(docs, d)
	}
	return docs, total, rows.Err()
}

func (s *sqlStore) Changes(ctx context.Context, container string, since int64, limit int) ([]Change, error) {
	rows, err := s.query(ctx, `SELECT `+docColumns+` FROM docs WHERE container = $1 AND cursor > $2 ORDER BY cursor LIMIT $3`, container, since, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	changes := []Change{}
	for rows.Next() {
		d, deleted, err := scanDoc(rows.Scan)
		if err != nil {
			return nil, err
		}
		changes = append(changes, Change{Cursor: d.Cursor, Kind: d.Kind, ID: d.ID, Deleted: deleted, Doc: d})
	}
	return changes, rows.Err()
}

func (s *sqlStore) Watch(ctx context.Context, container string) <-chan int64 {
	return s.hub.watch(ctx, container)
}

func (s *sqlStore) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return err
	}
	var one int
	return s.row(ctx, `SELECT 1`).Scan(&one)
}

func (s *sqlStore) Close() error {
	if s.close != nil {
		s.close()
	}
	err := s.db.Close()
	if s.wdb != s.db {
		err = errors.Join(err, s.wdb.Close())
	}
	return err
}
