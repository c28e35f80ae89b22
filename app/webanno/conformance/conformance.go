// Package conformance checks exported JSON against the MUST assertions of
// the W3C Web Annotation test suite, with the w3ccheck tool that lives in
// the shared folder beside the project. Tests use it; the app does not.
package conformance

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Check runs w3ccheck on file and returns its summary ("N passed, 0
// failed"). It fails t if the check fails, and skips t, saying why, where
// the tool cannot run: under WebAssembly, or with no shared folder.
func Check(t testing.TB, file string) string {
	t.Helper()
	if runtime.GOOS == "js" {
		t.Skip("W3C check skipped under WebAssembly: it runs the w3ccheck tool, and js/wasm cannot start programs")
	}
	shared, ok := findShared()
	if !ok {
		t.Skip("W3C check skipped: no ../shared/tools/w3ccheck beside the project (it is there in CI)")
	}
	suite := mustSuite(t, filepath.Join(shared, "w3c-annotation-tests"))
	cmd := exec.Command("go", "run", ".", "-q", "-suite", suite, file)
	cmd.Dir = filepath.Join(shared, "tools", "w3ccheck")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("w3ccheck failed: %v\n%s", err, out)
	}
	return strings.TrimSpace(string(out))
}

// findShared looks for the shared folder beside the project, from the
// working directory up.
func findShared() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for range 8 {
		s := filepath.Join(dir, "shared")
		if _, err := os.Stat(filepath.Join(s, "tools", "w3ccheck")); err == nil {
			return s, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", false
}

// mustSuite returns the W3C suite folder to check against, after making
// sure it has the suite's .test files, which list the MUST assertions; a
// copy without them skips t, saying so.
func mustSuite(t testing.TB, dir string) string {
	t.Helper()
	for _, name := range []string{"annotations/annotationMusts.test", "collections/collectionMusts.test", "collections/pages/pageMusts.test"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Skipf("W3C check skipped: the suite in %s lacks %s, the list of its MUST assertions", dir, name)
		}
	}
	return dir
}
