package annobackup

import (
	"path/filepath"
	"testing"
)

// engines runs a test on each engine.
func engines(t *testing.T, test func(t *testing.T, url string)) {
	t.Run("sqlite", func(t *testing.T) { test(t, "sqlite:"+filepath.Join(t.TempDir(), "m.db")) })
}
