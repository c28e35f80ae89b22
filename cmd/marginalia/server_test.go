//go:build !wasm

package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"

	"marginalia/app/ui"
	"marginalia/cmd/internal/server"
	"marginalia/seeds"
	"marginalia/web"
)

var routesOnce sync.Once

// testWeb is a web folder with a stand-in app.wasm, so that the server tests
// do not depend on a WASM build.
func testWeb() fstest.MapFS {
	wasm := bytes.Repeat([]byte("\x00asm\x01\x00\x00\x00 some compressible bytes "), 4096)
	css, _ := web.FS.ReadFile("app.css")
	svg, _ := web.FS.ReadFile("icon.svg")
	png, _ := web.FS.ReadFile("icon-192.png")
	return fstest.MapFS{
		"app.wasm":     {Data: wasm},
		"app.css":      {Data: css},
		"icon.svg":     {Data: svg},
		"icon-192.png": {Data: png},
		"web.go":       {Data: []byte("package web")},
	}
}

func newTestServer(t *testing.T) *server.Server {
	t.Helper()
	routesOnce.Do(routes)
	s, err := server.New(testWeb(), newAppHandler(), knownPage)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func get(t *testing.T, h http.Handler, path string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// decode reads a response body, undoing its Content-Encoding.
func decode(t *testing.T, res *http.Response) []byte {
	t.Helper()
	var r io.Reader = res.Body
	switch res.Header.Get("Content-Encoding") {
	case "br":
		r = brotli.NewReader(res.Body)
	case "gzip":
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestServeAssetEncodings(t *testing.T) {
	s := newTestServer(t)
	want := testWeb()["app.wasm"].Data
	tests := []struct {
		scenario string
		accept   string
		encoding string
	}{
		{"brotli preferred", "gzip, deflate, br, zstd", "br"},
		{"gzip only", "gzip", "gzip"},
		{"identity", "", ""},
		{"brotli refused", "br;q=0, gzip", "gzip"},
		{"unknown only", "zstd", ""},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			res := get(t, s, "/web/app.wasm", "Accept-Encoding", tt.accept)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("status %d", res.StatusCode)
			}
			if got := res.Header.Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tt.encoding)
			}
			if got := res.Header.Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary = %q", got)
			}
			if got := res.Header.Get("Content-Type"); got != "application/wasm" {
				t.Errorf("Content-Type = %q", got)
			}
			if got := res.Header.Get(server.WasmLengthHeader); got != strconv.Itoa(len(want)) {
				t.Errorf("%s = %q, want the raw size %d", server.WasmLengthHeader, got, len(want))
			}
			if body := decode(t, res); !bytes.Equal(body, want) {
				t.Errorf("decoded body differs from app.wasm (%d bytes, want %d)", len(body), len(want))
			}
		})
	}
}

func TestContentTypes(t *testing.T) {
	s := newTestServer(t)
	tests := []struct{ path, ctype string }{
		{"/web/app.css", "text/css; charset=utf-8"},
		{"/web/icon.svg", "image/svg+xml"},
		{"/web/icon-192.png", "image/png"},
		{"/app.js", "text/javascript; charset=utf-8"},
		{"/wasm_exec.js", "text/javascript; charset=utf-8"},
		{"/app-worker.js", "text/javascript; charset=utf-8"},
		{"/manifest.webmanifest", "application/manifest+json"},
		{"/app.css", "text/css; charset=utf-8"},
		{"/", "text/html"},
	}
	for _, tt := range tests {
		res := get(t, s, tt.path, "Accept-Encoding", "br")
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", tt.path, res.StatusCode)
		}
		if got := res.Header.Get("Content-Type"); got != tt.ctype {
			t.Errorf("GET %s: Content-Type = %q, want %q", tt.path, got, tt.ctype)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no X-Content-Type-Options: nosniff", tt.path)
		}
	}
	// A PNG is not worth compressing: it is sent as is.
	if res := get(t, s, "/web/icon-192.png", "Accept-Encoding", "br, gzip"); res.Header.Get("Content-Encoding") != "" {
		t.Errorf("PNG sent with Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := newTestServer(t)
	for _, path := range []string{"/", "/web/app.wasm", "/nowhere"} {
		res := get(t, s, path)
		csp := res.Header.Get("Content-Security-Policy")
		for _, directive := range []string{"script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, directive) {
				t.Errorf("GET %s: CSP %q lacks %q", path, csp, directive)
			}
		}
		if res.Header.Get("Referrer-Policy") == "" {
			t.Errorf("GET %s: no Referrer-Policy", path)
		}
	}
}

func TestPages(t *testing.T) {
	s := newTestServer(t)
	seed := seeds.Articles()[0]
	tests := []struct {
		scenario string
		path     string
		status   int
		contains []string
	}{
		{"library", "/", 200, []string{`aria-busy="true"`, `href="/a/` + seed.Slug + `"`, seed.Title}},
		{"reader", ui.ArticlePath(seed.Slug), 200, []string{`aria-busy="true"`, "<article", seed.Paragraphs()[7].Text[:40]}},
		{"unknown slug", "/a/no-such-article", 200, []string{"Looking for this article in this browser", `aria-busy="true"`}},
		{"unknown path", "/no/such/page", 404, []string{"Not found", "Back to the library"}},
		{"traversal", "/web/../../etc/passwd", 404, []string{"Not found"}},
		{"encoded traversal", "/web/..%2f..%2fetc%2fpasswd", 404, []string{"Not found"}},
		{"web folder source", "/web/web.go", 404, []string{"Not found"}},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			res := get(t, s, tt.path, "Accept-Encoding", "gzip")
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d", res.StatusCode, tt.status)
			}
			body := string(decode(t, res))
			for _, c := range tt.contains {
				if !strings.Contains(body, c) {
					t.Errorf("page lacks %q", c)
				}
			}
			if strings.Contains(body, "root:") {
				t.Error("page leaks a system file")
			}
		})
	}
}

func TestMethodsAndConditionals(t *testing.T) {
	s := newTestServer(t)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader("x")))
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST /: status %d, Allow %q", rec.Code, rec.Header().Get("Allow"))
	}

	res := get(t, s, "/web/app.css", "Accept-Encoding", "br")
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on /web/app.css")
	}
	if res := get(t, s, "/web/app.css", "Accept-Encoding", "br", "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET: status %d, want 304", res.StatusCode)
	}
	if res := get(t, s, "/web/app.css", "Accept-Encoding", "gzip", "If-None-Match", etag); res.StatusCode != http.StatusOK {
		t.Errorf("conditional GET in another encoding: status %d, want 200", res.StatusCode)
	}
	res = get(t, s, "/web/app.wasm", "Range", "bytes=0-3")
	if b := decode(t, res); res.StatusCode != http.StatusPartialContent || string(b) != "\x00asm" {
		t.Errorf("range request: status %d, body %q", res.StatusCode, b)
	}
}

func TestVersionStable(t *testing.T) {
	a, b := newTestServer(t), newTestServer(t)
	if a.Version() != b.Version() || len(a.Version()) != 16 {
		t.Errorf("versions %q and %q, want the same 16 hex digits", a.Version(), b.Version())
	}
	if body := string(decode(t, get(t, a, "/app.js"))); !strings.Contains(body, a.Version()) {
		t.Error("app.js does not carry the version")
	}
	changed := testWeb()
	changed["app.css"] = &fstest.MapFile{Data: append([]byte("/* changed */"), changed["app.css"].Data...)}
	c, err := server.New(changed, newAppHandler(), knownPage)
	if err != nil {
		t.Fatal(err)
	}
	if c.Version() == a.Version() {
		t.Error("changing an asset did not change the version")
	}
}

func TestNoRemoteURLs(t *testing.T) {
	s := newTestServer(t)
	for _, path := range []string{"/", "/app-worker.js", "/manifest.webmanifest"} {
		body := string(decode(t, get(t, s, path)))
		if strings.Contains(body, "https://") || strings.Contains(body, "http://raw") {
			t.Errorf("%s refers to a remote URL", path)
		}
	}
}

func TestWriteStatic(t *testing.T) {
	s := newTestServer(t)
	dir := t.TempDir()
	n, err := s.WriteStatic(dir, pages())
	if err != nil {
		t.Fatal(err)
	}
	seed := seeds.Articles()[0]
	for _, name := range []string{
		"index.html", "404.html", "a/" + seed.Slug + ".html",
		"app.js", "wasm_exec.js", "app-worker.js", "manifest.webmanifest", "app.css", "robots.txt",
		"web/app.wasm", "web/app.wasm.br", "web/app.wasm.gz", "web/app.css", "web/app.css.br", "web/icon-192.png",
	} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("static site lacks %s", name)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "web/icon-192.png.br")); err == nil {
		t.Error("a PNG got a brotli copy")
	}
	page, _ := os.ReadFile(filepath.Join(dir, "a", seed.Slug+".html"))
	if !strings.Contains(string(page), seed.Paragraphs()[0].Text[:50]) || !strings.Contains(string(page), `aria-busy="true"`) {
		t.Error("the article page is not prerendered")
	}
	t.Logf("%d files", n)
}
