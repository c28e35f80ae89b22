// Package annostore keeps what the annotation server serves: accounts,
// groups, tokens, and each container's documents (annotations, and the
// library records beside them) with a change feed. One schema and one
// set of queries run on two engines through database/sql: SQLite
// (modernc.org/sqlite, pure Go, the default) and Postgres
// (github.com/jackc/pgx/v5, for teams and for several servers sharing one
// database). Both pass the same tests.
//
// The store knows nothing of HTTP or of Web Annotations: a document's body
// is JSON the server checked and rendered; the store keeps it, its ETag,
// creator and target, and the order of changes.
//
// Rules the store keeps, whatever the engine:
//   - A write returns only after its commit, and returns its cursor.
//   - Cursors are per container, start at 1 and grow by one at each
//     change, in commit order, across restarts and across processes
//     sharing one Postgres: a reader that has read the feed up to cursor
//     N has seen every change up to N (a change a later one replaced is
//     seen as that later one).
//   - A deleted document leaves a tombstone: Get answers ErrGone, and
//     Create with its ID answers ErrGone too, so an old copy never brings
//     it back.
//   - Names of users and of groups share one namespace (a container each).
package annostore

import (
	"context"
	"errors"
	"time"
)

// Errors a Store answers with; anything else is the database failing
// (unreachable, full, …), which the server answers with 503.
var (
	ErrNotFound = errors.New("annostore: not found")
	ErrExists   = errors.New("annostore: already exists")
	ErrGone     = errors.New("annostore: deleted")
	ErrStale    = errors.New("annostore: changed since the ETag given")
)

// Kind is the kind of a container's document.
type Kind string

const (
	// Annotation is a W3C Web Annotation.
	Annotation Kind = "annotation"
	// Article is the library's record of one article: everything the
	// backup file carries beside its annotations (the added article's
	// source, labels, notebook, entities, rejected suggestions).
	Article Kind = "article"
)

// Doc is one document of a container.
type Doc struct {
	Container string
	Kind      Kind
	ID        string // the last segment of its IRI: [A-Za-z0-9._~-], at most 128 bytes
	Creator   string // the user who created it
	Target    string // an annotation's target source IRI ("" for others), for ?target=
	Body      []byte // JSON as the server renders it
	Cursor    int64  // the container's cursor at its last change: its ETag
	Created   time.Time
	Modified  time.Time
}

// Change is one entry of a container's change feed.
type Change struct {
	Cursor  int64
	Kind    Kind
	ID      string
	Deleted bool // a tombstone: Doc has no Body
	Doc     Doc  // the document after the change
}

// Container is a user's own container or a group's.
type Container struct {
	Name    string
	Group   bool
	Cursor  int64 // its last change, 0 for none: the container's ETag
	Created time.Time
}

// User is an account.
type User struct {
	Name         string
	PasswordHash []byte // argon2id, encoded by the server's accounts code
	Created      time.Time
}

// TokenKind tells an API token from a browser session.
type TokenKind string

const (
	APIToken TokenKind = "api"     // printed by `marginalia user add`, sent as Bearer
	Session  TokenKind = "session" // the browser's cookie
)

// Token is a credential, kept only as a hash of its secret.
type Token struct {
	Hash    []byte // SHA-256 of the secret
	User    string
	Kind    TokenKind
	Created time.Time
	Expires time.Time // zero: never
}

// Store is the server's storage. It is safe for concurrent use.
type Store interface {
	// AddUser makes an account and its container; ErrExists when a user
	// or a group has the name.
	AddUser(ctx context.Context, name string, passwordHash []byte) error
	// User is the account of that name, or ErrNotFound.
	User(ctx context.Context, name string) (User, error)
	// AddToken keeps a credential.
	AddToken(ctx context.Context, t Token) error
	// TokenUser is the user a credential belongs to, or ErrNotFound when
	// it is unknown, revoked or expired at now.
	TokenUser(ctx context.Context, hash []byte, now time.Time) (string, error)
	// DeleteToken ends one credential (signing out).
	DeleteToken(ctx context.Context, hash []byte) error
	// RevokeTokens ends every credential of the user, and says how many.
	RevokeTokens(ctx context.Context, user string) (int, error)
	// AddMembers makes the group when it is new, and adds the users to
	// it; ErrExists when a user has the group's name, ErrNotFound when a
	// member is no user.
	AddMembers(ctx context.Context, group string, users []string) error
	// Groups are the groups the user is a member of, by name.
	Groups(ctx context.Context, user string) ([]string, error)
	// Members are a group's members, by name.
	Members(ctx context.Context, group string) ([]string, error)
	// CanUse tells whether the user may read and write the container:
	// their own, or a group's they are a member of. False, not an error,
	// for a container that does not exist.
	CanUse(ctx context.Context, user, container string) (bool, error)

	// SignInFailure records a failed sign-in under each key (a name, an
	// address) at a time; SignInFailures counts those since a time.
	// Kept in the database so that several servers share the limit.
	SignInFailure(ctx context.Context, keys []string, at time.Time) error
	SignInFailures(ctx context.Context, key string, since time.Time) (int, error)

	// Container is the container of that name, or ErrNotFound.
	Container(ctx context.Context, name string) (Container, error)
	// Create stores a new document and returns it with its cursor;
	// ErrExists when the ID is taken, ErrGone when it was deleted,
	// ErrNotFound when the container does not exist.
	Create(ctx context.Context, d Doc) (Doc, error)
	// CreateMany stores new documents of one container in one
	// transaction, all or none (an import, a bulk load), and returns them
	// with their cursors; its errors are Create's.
	CreateMany(ctx context.Context, docs []Doc) ([]Doc, error)
	// Get is a live document, ErrGone for a tombstone, ErrNotFound.
	Get(ctx context.Context, container string, kind Kind, id string) (Doc, error)
	// Put replaces a live document's body and target when its cursor is
	// still ifMatch (ErrStale otherwise), keeping Creator and Created.
	Put(ctx context.Context, d Doc, ifMatch int64) (Doc, error)
	// Delete leaves a tombstone when the cursor is still ifMatch.
	Delete(ctx context.Context, container string, kind Kind, id string, ifMatch int64) (Change, error)
	// List is a page of a container's live documents of a kind, oldest
	// first (in order of creation), optionally of one target only, and
	// the number of all of them.
	List(ctx context.Context, container string, kind Kind, target string, offset, limit int) (docs []Doc, total int, err error)
	// Changes are the container's changes after the cursor, in order, at
	// most limit of them. A document changed twice since then appears
	// once, at its last change, as it is now (a tombstone if deleted):
	// what a client catching up needs, and the feed stays as long as
	// the container, not as its history.
	Changes(ctx context.Context, container string, since int64, limit int) ([]Change, error)
	// Watch sends the container's newest cursor each time changes are
	// committed to it, by this process or (Postgres) another one on the
	// same database, until ctx ends; the channel keeps only the newest.
	Watch(ctx context.Context, container string) <-chan int64

	// Ping tells whether the database answers.
	Ping(ctx context.Context) error
	// Close ends the store.
	Close() error
}
