// Package conformance checks exported JSON against the MUST assertions of
// the W3C Web Annotation test suite, with the w3ccheck tool that lives in
// the shared folder beside the project. Tests use it; the app does not.
package conformance

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
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

// mustSuite returns the W3C suite folder to check against. The suite's
// .test files list which assertions are MUSTs; when the copy in shared
// lacks them, an equivalent copy is made in a temporary folder with lists
// written from the suite's own naming: every "…Validated" schema of a
// folder is a MUST, and so are the annotation's required-key checks (the
// same lists as upstream's annotationMusts, collectionMusts and pageMusts).
func mustSuite(t testing.TB, dir string) string {
	t.Helper()
	tests := map[string]string{
		"annotations":       "annotationMusts.test",
		"collections":       "collectionMusts.test",
		"collections/pages": "pageMusts.test",
	}
	missing := false
	for folder, name := range tests {
		if _, err := os.Stat(filepath.Join(dir, folder, name)); err != nil {
			missing = true
		}
	}
	if !missing {
		return dir
	}
	t.Logf("%s has no .test files: using MUST lists made from its schema names", dir)
	tmp := t.TempDir()
	for _, sub := range []string{"annotations", "collections", "definitions"} {
		if err := os.CopyFS(filepath.Join(tmp, sub), os.DirFS(filepath.Join(dir, sub))); err != nil {
			t.Fatal(err)
		}
	}
	required := []string{"3.1-targetKeyFound.json", "3.2-targetObjectsRecognized.json", "3.2.5-notBodyBodyValue.json"}
	for folder, name := range tests {
		entries, err := os.ReadDir(filepath.Join(dir, folder))
		if err != nil {
			t.Fatal(err)
		}
		var assertions []string
		for _, e := range entries {
			n := e.Name()
			if !e.IsDir() && (strings.HasSuffix(n, "Validated.json") || folder == "annotations" && slices.Contains(required, n)) {
				assertions = append(assertions, folder+"/"+n)
			}
		}
		b, _ := json.Marshal(map[string]any{"assertions": assertions})
		if err := os.WriteFile(filepath.Join(tmp, folder, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return tmp
}
