package annobackup

import (
	"testing"

	"marginalia/cmd/internal/annostore/storetest"
)

// engines runs a test on each engine: SQLite, and a real Postgres.
func engines(t *testing.T, test func(t *testing.T, url string)) { storetest.Run(t, test) }
