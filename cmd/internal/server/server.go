package server

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// WasmLengthHeader carries the uncompressed size of app.wasm, so that the
// loading progress is right when the body comes compressed.
const WasmLengthHeader = "X-Wasm-Content-Length"

// contentSecurityPolicy is the policy the app runs under: no inline script
// or style, WebAssembly allowed to compile, nothing from other origins.
const contentSecurityPolicy = "default-src 'self'; " +
	"script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self'; " +
	"img-src 'self' data: blob:; " +
	"font-src 'self'; " +
	"connect-src 'self'; " +
	"manifest-src 'self'; " +
	"worker-src 'self'; " +
	"object-src 'none'; " +
	"base-uri 'none'; " +
	"form-action 'self'; " +
	"frame-ancestors 'none'"

// goAppResources are the files that go-app generates; the server renders them
// once at start-up and serves them like the embedded assets.
var goAppResources = []string{"/app.js", "/wasm_exec.js", "/app-worker.js", "/manifest.webmanifest", "/app.css"}

// staticResources is a go-app resource provider for assets that the server
// serves itself, from memory, under /web/.
type staticResources struct{}

func (staticResources) Package() string { return "" }
func (staticResources) Static() string  { return "" }
func (staticResources) AppWASM() string { return "/web/app.wasm" }

// A Server serves a go-app PWA: the embedded web assets and go-app's own
// files from memory, precompressed, and pages prerendered by go-app; every
// response with the security headers.
type Server struct {
	assets map[string]*asset
	app    *app.Handler
	known  func(path string) bool
}

// New loads the assets of web (served under /web/) and renders go-app's
// own resources once. It sets h's Version to a hash of the assets, its
// Resources to the server itself and its WasmContentLengthHeader. known
// reports whether a path names a page; any other path gets the page go-app
// renders for it (a not-found page) with status 404.
func New(web fs.FS, h *app.Handler, known func(path string) bool) (*Server, error) {
	assets, version, err := loadWeb(web)
	if err != nil {
		return nil, err
	}
	h.Version = version
	h.Resources = staticResources{}
	h.WasmContentLengthHeader = WasmLengthHeader
	s := &Server{assets: assets, app: h, known: known}
	for _, p := range goAppResources {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		if rec.Code != http.StatusOK {
			return nil, fmt.Errorf("rendering %s: status %d", p, rec.Code)
		}
		if s.assets[p], err = newAsset(p, rec.Body.Bytes(), nil, nil); err != nil {
			return nil, err
		}
	}
	s.assets["/robots.txt"], _ = newAsset("robots.txt", []byte("User-agent: *\nAllow: /\n"), nil, nil)
	return s, nil
}

// SetManifest replaces the web app manifest go-app renders (which has no
// id, no maskable icon and no way to add one) with data.
func (s *Server) SetManifest(data []byte) error {
	a, err := newAsset("manifest.webmanifest", data, nil, nil)
	if err != nil {
		return err
	}
	s.assets["/manifest.webmanifest"] = a
	return nil
}

// Version returns the app version, a hash of the embedded assets.
func (s *Server) Version() string { return s.app.Version }

// HasWASM reports whether the assets hold web/app.wasm.
func (s *Server) HasWASM() bool {
	_, ok := s.assets["/web/app.wasm"]
	return ok
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")

	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if a, ok := s.assets[r.URL.Path]; ok {
		serveAsset(w, r, a)
		return
	}
	s.servePage(w, r)
}

// serveAsset sends a in the best encoding the client accepts. Conditional
// and range requests are answered by http.ServeContent.
func serveAsset(w http.ResponseWriter, r *http.Request, a *asset) {
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", "no-cache")
	body, etag := a.body, a.etag
	if a.br != nil || a.gz != nil {
		h.Add("Vary", "Accept-Encoding")
		enc := negotiate(r.Header.Get("Accept-Encoding"), a.br != nil, a.gz != nil)
		switch enc {
		case "br":
			body = a.br
		case "gzip":
			body = a.gz
		}
		if enc != "" {
			h.Set("Content-Encoding", enc)
			etag = strings.TrimSuffix(a.etag, `"`) + "-" + enc + `"`
		}
	}
	if a.ctype == "application/wasm" {
		h.Set(WasmLengthHeader, strconv.Itoa(len(a.body)))
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// negotiate picks "br", "gzip" or "" (identity) from an Accept-Encoding
// header, preferring brotli, and honouring q=0.
func negotiate(accept string, haveBr, haveGz bool) string {
	var br, gz bool
	for part := range strings.SplitSeq(accept, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if q, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				continue
			}
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "br":
			br = true
		case "gzip":
			gz = true
		}
	}
	switch {
	case br && haveBr:
		return "br"
	case gz && haveGz:
		return "gzip"
	}
	return ""
}

// servePage sends a page prerendered by go-app, with status 404 for a path
// that names nothing, gzipped when the client accepts it.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	s.app.ServeHTTP(rec, r)
	h := w.Header()
	for _, k := range []string{"Content-Type", "Cache-Control", "ETag"} {
		if v := rec.Header().Get(k); v != "" {
			h.Set(k, v)
		}
	}
	status := rec.Code
	if status == http.StatusOK && !s.known(r.URL.Path) {
		status = http.StatusNotFound
		h.Del("ETag")
	}
	body := fixPage(rec.Body.Bytes())
	h.Add("Vary", "Accept-Encoding")
	if status != http.StatusNotModified && negotiate(r.Header.Get("Accept-Encoding"), false, true) == "gzip" {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		zw.Write(body)
		zw.Close()
		body = buf.Bytes()
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// Serve serves s on ln until SIGINT or SIGTERM, then lets requests in
// flight finish (for up to 10 seconds). It announces itself on stdout as
// "NAME VERSION serving on http://ADDR/", the line the tests and the
// benchmarks wait for.
func (s *Server) Serve(ln net.Listener, name string, stdout io.Writer) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "%s %s serving on http://%s/\n", name, s.Version(), ln.Addr())

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
