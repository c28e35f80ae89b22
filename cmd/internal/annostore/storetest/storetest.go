// Package storetest runs a test on each engine of annostore: SQLite in a
// fresh file, and Postgres in a fresh database of a real server the tests
// start (package pgtest). No mock stands in for either.
package storetest

import (
	"path/filepath"
	"testing"

	"marginalia/cmd/internal/pgtest"
)

// Run runs test as two subtests, "sqlite" and "postgres", each with the
// URL of an empty database for annostore.Open. The Postgres one is
// skipped, saying why, when Postgres is not installed, unless
// MARGINALIA_REQUIRE_POSTGRES=1 (as `make test` sets), which fails it.
func Run(t *testing.T, test func(t *testing.T, url string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { test(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { test(t, Postgres(t)) })
}

// SQLite is the URL of a new SQLite file, removed after the test.
func SQLite(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "marginalia.db")
}

// Postgres is the URL of a new database on the tests' Postgres server.
func Postgres(t testing.TB) string {
	return pgtest.Database(t)
}
