package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/web"
)

func brotliAt(t *testing.T, b []byte, quality int) []byte {
	t.Helper()
	out, err := compressBrotli(b, quality)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func gzipAt(t *testing.T, b []byte, level int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, level)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func newServer(t *testing.T, fsys fstest.MapFS) *Server {
	t.Helper()
	s, err := New(fsys, &app.Handler{Name: "test"}, func(p string) (string, int) { return p, http.StatusNotFound })
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sent returns the body the server sends for path in encoding enc, as
// sent (still encoded), and the encoding it says.
func sent(t *testing.T, s *Server, path, enc string) ([]byte, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Accept-Encoding", enc)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s (%s): status %d", path, enc, rec.Code)
	}
	return rec.Body.Bytes(), rec.Header().Get("Content-Encoding")
}

func decoded(t *testing.T, b []byte, enc string) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(b)
	switch enc {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var css = bytes.Repeat([]byte("main article p { line-height: 1.6; margin: 0 0 1em; }\n"), 200)

// TestPrecompressedCopiesServed: the copies beside an asset (made here at
// the fastest settings, which the server never uses, to tell them apart)
// are what is sent, and nothing is compressed at start.
func TestPrecompressedCopiesServed(t *testing.T) {
	br, gz := brotliAt(t, css, 0), gzipAt(t, css, gzip.BestSpeed)
	s := newServer(t, fstest.MapFS{"app.css": {Data: css}, "app.css.br": {Data: br}, "app.css.gz": {Data: gz}})
	if got, enc := sent(t, s, "/web/app.css", "br"); enc != "br" || !bytes.Equal(got, br) {
		t.Errorf("brotli: sent %d bytes (%q), not the precompressed copy's %d", len(got), enc, len(br))
	}
	if got, enc := sent(t, s, "/web/app.css", "gzip"); enc != "gzip" || !bytes.Equal(got, gz) {
		t.Errorf("gzip: sent %d bytes (%q), not the precompressed copy's %d", len(got), enc, len(gz))
	}
	if len(s.compressed) != 0 {
		t.Errorf("compressed at start: %q, want nothing", s.compressed)
	}
}

// TestStalePrecompressedCopiesNotServed: a copy that does not decode to
// its asset (made from an older version of it, cut short, with a bad
// checksum, longer, not compressed at all) is never sent: the asset is
// compressed at start instead.
func TestStalePrecompressedCopiesNotServed(t *testing.T) {
	older := bytes.Replace(css, []byte("1.6"), []byte("1.5"), 1)
	goodBr, goodGz := brotliAt(t, css, 0), gzipAt(t, css, gzip.BestSpeed)
	badSum := bytes.Clone(goodGz)
	badSum[len(badSum)-5] ^= 0xff // the CRC-32 in the trailer
	tests := []struct {
		name   string
		br, gz []byte
	}{
		{"made from an older version", brotliAt(t, older, 0), gzipAt(t, older, gzip.BestSpeed)},
		{"cut short", goodBr[:len(goodBr)/2], goodGz[:len(goodGz)/2]},
		{"longer", brotliAt(t, append(bytes.Clone(css), '\n'), 0), gzipAt(t, append(bytes.Clone(css), '\n'), gzip.BestSpeed)},
		{"the asset itself", css, css},
		{"empty", []byte{}, []byte{}},
		{"bad checksum, brotli good", goodBr, badSum},
		{"gzip good, brotli of an older version", brotliAt(t, older, 0), goodGz},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, fstest.MapFS{"app.css": {Data: css}, "app.css.br": {Data: tt.br}, "app.css.gz": {Data: tt.gz}})
			for _, enc := range []string{"br", "gzip"} {
				got, sentEnc := sent(t, s, "/web/app.css", enc)
				if sentEnc != enc {
					t.Errorf("%s: sent with Content-Encoding %q", enc, sentEnc)
				}
				if b := decoded(t, got, sentEnc); !bytes.Equal(b, css) {
					t.Errorf("%s: sent a body that decodes to %d bytes, not the asset (%d)", enc, len(b), len(css))
				}
			}
			if !slices.Contains(s.compressed, "app.css") {
				t.Errorf("compressed at start: %q, want app.css", s.compressed)
			}
		})
	}
}

// TestCompressFiles: each file gets its copies, which decode to it; no
// temporary file is left.
func TestCompressFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{"app.css": css, "empty.txt": {}, "store.js": []byte("export {}\n")}
	var names []string
	for name, b := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, p)
	}
	if err := CompressFiles(names); err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		for ext, enc := range map[string]string{".br": "br", ".gz": "gzip"} {
			c, err := os.ReadFile(filepath.Join(dir, name+ext))
			if err != nil {
				t.Fatal(err)
			}
			if got := decoded(t, c, enc); !bytes.Equal(got, b) {
				t.Errorf("%s%s decodes to %d bytes, want %d", name, ext, len(got), len(b))
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3*len(files) {
		var all []string
		for _, e := range entries {
			all = append(all, e.Name())
		}
		t.Errorf("the folder holds %q, want each file and its two copies", all)
	}
}

// TestBuiltAssetsPrecompressed: the assets a build embeds (make build
// compresses them beside their files) all come with copies that the
// server takes: it compresses none of them at start.
func TestBuiltAssetsPrecompressed(t *testing.T) {
	if _, err := web.FS.Open("app.wasm"); err != nil {
		t.Skip("web/app.wasm is not built (make build)")
	}
	s, err := New(web.FS, &app.Handler{Name: "test"}, func(p string) (string, int) { return p, http.StatusNotFound })
	if err != nil {
		t.Fatal(err)
	}
	if len(s.compressed) != 0 {
		t.Errorf("the build embeds %s without good precompressed copies: the server compressed them at start (make build makes them)", strings.Join(s.compressed, ", "))
	}
}
