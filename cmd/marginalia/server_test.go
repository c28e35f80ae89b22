//go:build !wasm

package main

import (
	"bytes"
	"compress/gzip"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
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
	s, err := server.New(testWeb(), newAppHandler(), route)
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

// wantHeaders are the security headers of every response, written out
// whole: a policy loosened anywhere (say 'unsafe-inline', or default-src
// *) fails here.
var wantHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
		"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; " +
		"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
	"X-Content-Type-Options":     "nosniff",
	"Referrer-Policy":            "no-referrer",
	"X-Frame-Options":            "DENY",
	"Cross-Origin-Opener-Policy": "same-origin",
}

func TestSecurityHeaders(t *testing.T) {
	s := newTestServer(t)
	etag := get(t, s, "/web/app.css").Header.Get("ETag")
	tests := []struct {
		name, method, path string
		header             []string
		status             int
	}{
		{"page", "GET", "/", nil, 200},
		{"article", "GET", ui.ArticlePath(seeds.Articles()[0].Slug), nil, 200},
		{"asset", "GET", "/web/app.wasm", []string{"Accept-Encoding", "br"}, 200},
		{"not modified", "GET", "/web/app.css", []string{"If-None-Match", etag}, 304},
		{"missing", "GET", "/nowhere", nil, 404},
		{"method", "POST", "/", nil, 405},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(tt.method, tt.path, nil)
		for i := 0; i+1 < len(tt.header); i += 2 {
			req.Header.Set(tt.header[i], tt.header[i+1])
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, rec.Code, tt.status)
		}
		for k, want := range wantHeaders {
			if got := rec.Header().Values(k); len(got) != 1 || got[0] != want {
				t.Errorf("%s: %s = %q\nwant %q", tt.name, k, got, want)
			}
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
		{"unknown slug", "/a/no-such-article", 404, []string{"Looking for this article in this browser", `aria-busy="true"`, "/app.js"}},
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
	c, err := server.New(changed, newAppHandler(), route)
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

// TestWriteStatic checks the static site file by file: every asset as
// the server sends it, with its compressed copies; every page prerendered,
// with the policy in a meta tag; and the headers file for static hosts.
func TestWriteStatic(t *testing.T) {
	s := newTestServer(t)
	dir := t.TempDir()
	n, err := s.WriteStatic(dir, pages())
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if len(files) != n {
		t.Errorf("WriteStatic says %d files, wrote %d", n, len(files))
	}
	seed := seeds.Articles()[0]
	pageFiles := map[string]string{}
	for route, name := range pages() {
		pageFiles[strings.TrimPrefix(name, "/")] = route
	}
	const wantMeta = `<meta charset="UTF-8">` + "\n" + `<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; script-src &#39;self&#39; &#39;wasm-unsafe-eval&#39;; style-src &#39;self&#39;; img-src &#39;self&#39; data: blob:; font-src &#39;self&#39;; connect-src &#39;self&#39;; manifest-src &#39;self&#39;; worker-src &#39;self&#39;; object-src &#39;none&#39;; base-uri &#39;none&#39;; form-action &#39;self&#39;">`
	seen := map[string]bool{}
	for _, f := range files {
		seen[f] = true
		b, _ := os.ReadFile(filepath.Join(dir, f))
		switch base, suffix := strings.TrimSuffix(strings.TrimSuffix(f, ".br"), ".gz"), filepath.Ext(f); {
		case f == "_headers":
			want := "/*\n"
			for _, k := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy"} {
				want += "  " + k + ": " + wantHeaders[k] + "\n"
			}
			if string(b) != want {
				t.Errorf("_headers:\n%s\nwant\n%s", b, want)
			}
		case pageFiles[f] != "":
			page := string(b)
			if strings.Count(page, "Content-Security-Policy") != 1 || !strings.Contains(page, wantMeta) {
				t.Errorf("%s: no policy meta tag, or more than one", f)
			}
			if strings.Contains(page, "example.com") || strings.Contains(page, ".invalid") {
				t.Errorf("%s: a request's host is in the page", f)
			}
			if !strings.Contains(page, `aria-busy="true"`) || ogURL(page) != pageFiles[f] {
				t.Errorf("%s: not the prerendered page of %s (og:url %q)", f, pageFiles[f], ogURL(page))
			}
		case suffix == ".br" || suffix == ".gz":
			res := get(t, s, "/"+base, "Accept-Encoding", map[string]string{".br": "br", ".gz": "gzip"}[suffix])
			if got, want := b, decodeAll(t, res); !bytes.Equal(got, want) {
				t.Errorf("%s differs from what the server sends", f)
			}
		default:
			res := get(t, s, "/"+f, "Accept-Encoding", "identity")
			if res.StatusCode != 200 || !bytes.Equal(b, decode(t, res)) {
				t.Errorf("%s differs from what the server sends (status %d)", f, res.StatusCode)
			}
		}
	}
	for _, name := range []string{
		"_headers", "index.html", "404.html", "add.html", "a/" + seed.Slug + ".html",
		"app.js", "wasm_exec.js", "app-worker.js", "manifest.webmanifest", "app.css", "robots.txt",
		"web/app.wasm", "web/app.wasm.br", "web/app.wasm.gz", "web/app.css", "web/app.css.br", "web/icon-192.png",
	} {
		if !seen[name] {
			t.Errorf("static site lacks %s", name)
		}
	}
	if seen["web/icon-192.png.br"] {
		t.Error("a PNG got a brotli copy")
	}
	page, _ := os.ReadFile(filepath.Join(dir, "a", seed.Slug+".html"))
	if !strings.Contains(string(page), seed.Paragraphs()[0].Text[:50]) {
		t.Error("the article page is not prerendered")
	}
}

// decodeAll reads a response's body as sent, still encoded.
func decodeAll(t *testing.T, res *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestStatusCodes: every kind of route answers with the status that tells
// the truth, with and without a conditional request naming the version
// (go-app answers that with 304 for any path of its own).
func TestStatusCodes(t *testing.T) {
	s := newTestServer(t)
	seed := seeds.Articles()[0]
	pageTag := get(t, s, "/").Header.Get("ETag")
	cssTag := get(t, s, "/web/app.css").Header.Get("ETag")
	tests := []struct {
		name, path          string
		status, conditional int
		body                string // the body holds it
	}{
		{"library", "/", 200, 304, "Library"},
		{"composer", ui.AddPath, 200, 304, "Add an article"},
		{"seed article", ui.ArticlePath(seed.Slug), 200, 304, seed.Title},
		{"article not known here", "/a/added-in-a-browser", 404, 404, "Looking for this article in this browser"},
		{"unknown path", "/no/such/page", 404, 404, "Back to the library"},
		{"go-app's old manifest path", "/manifest.json", 404, 404, "Back to the library"},
		{"go-app's old script path", "/goapp.js", 404, 404, "Back to the library"},
		{"go-app's wasm paths", "/goapp.wasm", 404, 404, "Back to the library"},
		{"asset", "/web/app.css", 200, 304, ""},
		{"missing asset", "/web/nothing.css", 404, 404, "Back to the library"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := get(t, s, tt.path)
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d", res.StatusCode, tt.status)
			}
			if body := string(decode(t, res)); !strings.Contains(body, tt.body) {
				t.Errorf("the body lacks %q: %.200s", tt.body, body)
			}
			tag := pageTag
			if strings.HasPrefix(tt.path, "/web/") {
				tag = cssTag
			}
			if res := get(t, s, tt.path, "If-None-Match", tag); res.StatusCode != tt.conditional {
				t.Errorf("with If-None-Match %s: status %d, want %d", tag, res.StatusCode, tt.conditional)
			}
		})
	}
}

// TestPageURLIsTheBaseAndThePath: the page's URL in its meta tags comes
// from the configured base URL and the path, never the request's host or
// query; and attribute values are HTML-escaped.
func TestPageURLIsTheBaseAndThePath(t *testing.T) {
	s := newTestServer(t)
	if err := s.SetBaseURL("https://annotate.example.org/"); err != nil {
		t.Fatal(err)
	}
	const hostile = `"><meta/http-equiv=refresh/content=0;url=//example.com/><x/y="`
	tests := []struct{ target, want string }{
		{"/?a=" + url.QueryEscape(hostile), "https://annotate.example.org/"},
		{"/a/" + url.PathEscape(`x"><b>`), "https://annotate.example.org/a/x%22%3E%3Cb%3E"},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, tt.target, nil)
		req.Host = "evil.example"
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		body := rec.Body.String()
		if got := ogURL(body); got != tt.want {
			t.Errorf("GET %s: og:url %q, want %q", tt.target, got, tt.want)
		}
		for _, leak := range []string{"evil.example", "http-equiv=refresh", "<b>"} {
			if strings.Contains(body, leak) {
				t.Errorf("GET %s: the page holds %q", tt.target, leak)
			}
		}
	}
	for _, bad := range []string{"annotate.example.org", "ftp://x", "https://x/?q=1", "https://"} {
		if err := s.SetBaseURL(bad); err == nil {
			t.Errorf("SetBaseURL(%q) accepted", bad)
		}
	}
}

// TestPrecompressedLength: a precompressed body is sent with its length.
func TestPrecompressedLength(t *testing.T) {
	s := newTestServer(t)
	for _, enc := range []string{"br", "gzip", "identity"} {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			req := httptest.NewRequest(method, "/web/app.wasm", nil)
			req.Header.Set("Accept-Encoding", enc)
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			n, err := strconv.Atoi(rec.Header().Get("Content-Length"))
			if err != nil || n <= 0 {
				t.Errorf("%s %s: Content-Length %q", method, enc, rec.Header().Get("Content-Length"))
				continue
			}
			if method == http.MethodGet && n != rec.Body.Len() {
				t.Errorf("%s: Content-Length %d, body %d bytes", enc, n, rec.Body.Len())
			}
		}
	}
}

// ogMeta is the og:url meta tag: go-app writes attributes in any order.
var ogMeta = regexp.MustCompile(`<meta (?:[^>]*\s)?property="og:url"[^>]*>`)

var contentAttr = regexp.MustCompile(`\scontent="([^"]*)"`)

// ogURL returns the page URL a page gives in its og:url meta tag, with
// its HTML escapes undone, or "" if the tag is missing or holds more than
// one meta tag's worth.
func ogURL(page string) string {
	tags := ogMeta.FindAllString(page, -1)
	if len(tags) != 1 {
		return ""
	}
	m := contentAttr.FindStringSubmatch(tags[0])
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// TestHeadOfAPage: HEAD gives a page's headers, its length included, and
// no body.
func TestHeadOfAPage(t *testing.T) {
	s := newTestServer(t)
	for _, path := range []string{"/", "/a/added-in-a-browser"} {
		get := httptest.NewRecorder()
		s.ServeHTTP(get, httptest.NewRequest(http.MethodGet, path, nil))
		head := httptest.NewRecorder()
		s.ServeHTTP(head, httptest.NewRequest(http.MethodHead, path, nil))
		if head.Code != get.Code || head.Body.Len() != 0 || head.Header().Get("Content-Length") != strconv.Itoa(get.Body.Len()) {
			t.Errorf("HEAD %s: status %d (GET %d), %d bytes of body, Content-Length %s (GET's body %d)",
				path, head.Code, get.Code, head.Body.Len(), head.Header().Get("Content-Length"), get.Body.Len())
		}
	}
}
