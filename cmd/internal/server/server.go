package server

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
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
	route  Router
	base   string // the site's URL, for the page URL in meta tags; no slash at the end

	// compressed names the web assets compressed at start, for lack of a
	// precompressed copy that decodes to them.
	compressed []string

	// Timeouts, zero for the defaults (see Serve).
	HeaderTimeout time.Duration // to read a request's headers
	StallTimeout  time.Duration // for a response to make progress
}

// A Router says how a path that is no asset is answered: the route whose
// page go-app renders, and the status code. A page answers 200; an
// article route that names nothing known to the server answers 404 with
// the app's page, which may know it (an article added in a browser); any
// other path answers 404 with the not-found page.
type Router func(path string) (page string, status int)

// New loads the assets of web (served under /web/) and renders go-app's
// own resources once. It sets h's Version to a hash of the assets, its
// Resources to the server itself and its WasmContentLengthHeader. route
// says how paths that are not assets are answered.
func New(web fs.FS, h *app.Handler, route Router) (*Server, error) {
	assets, version, compressed, err := loadWeb(web)
	if err != nil {
		return nil, err
	}
	h.Version = version
	h.Resources = staticResources{}
	h.WasmContentLengthHeader = WasmLengthHeader
	s := &Server{assets: assets, compressed: compressed, app: h, route: route}
	// go-app's files depend on the version: they are rendered and
	// compressed here, together.
	bodies := make([][]byte, len(goAppResources))
	for i, p := range goAppResources {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		if rec.Code != http.StatusOK {
			return nil, fmt.Errorf("rendering %s: status %d", p, rec.Code)
		}
		bodies[i] = rec.Body.Bytes()
	}
	made := make([]*asset, len(bodies))
	errs := make([]error, len(bodies))
	var wg sync.WaitGroup
	for i, p := range goAppResources {
		wg.Go(func() { made[i], _, errs[i] = newAsset(p, bodies[i], nil, nil) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for i, p := range goAppResources {
		s.assets[p] = made[i]
	}
	s.assets["/robots.txt"], _, _ = newAsset("robots.txt", []byte("User-agent: *\nAllow: /\n"), nil, nil)
	return s, nil
}

// SetManifest replaces the web app manifest go-app renders (which has no
// id, no maskable icon and no way to add one) with data.
func (s *Server) SetManifest(data []byte) error {
	a, _, err := newAsset("manifest.webmanifest", data, nil, nil)
	if err != nil {
		return err
	}
	s.assets["/manifest.webmanifest"] = a
	return nil
}

// SetBaseURL sets the site's URL as readers reach it (behind a proxy, the
// proxy's: https://annotate.example.org), which the pages give as their
// own URL in meta tags with the path of the page, never the request's
// host or query.
func (s *Server) SetBaseURL(base string) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("base URL %q: want http:// or https:// and a host, with no query", base)
	}
	s.base = strings.TrimSuffix(u.String(), "/")
	return nil
}

// Version returns the app version, a hash of the embedded assets.
func (s *Server) Version() string { return s.app.Version }

// HasWASM reports whether the assets hold web/app.wasm.
func (s *Server) HasWASM() bool {
	_, ok := s.assets["/web/app.wasm"]
	return ok
}

// progress gives each response a write deadline that moves on with every
// piece written: a slow reader finishes, a stalled one is cut off.
func progress(h http.Handler, stall time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		rc.SetWriteDeadline(time.Now().Add(stall))
		h.ServeHTTP(&progressWriter{ResponseWriter: w, rc: rc, stall: stall}, r)
		// What the handler left in the server's buffer is sent after it
		// returns: it gets a stall timeout of its own.
		rc.SetWriteDeadline(time.Now().Add(stall))
	})
}

// progressWriter writes in pieces of progressPiece bytes, each with a
// deadline of its own.
type progressWriter struct {
	http.ResponseWriter
	rc    *http.ResponseController
	stall time.Duration
}

const progressPiece = 8 << 10

func (p *progressWriter) Write(b []byte) (int, error) {
	n := 0
	for len(b) > 0 {
		piece := b[:min(len(b), progressPiece)]
		p.rc.SetWriteDeadline(time.Now().Add(p.stall))
		k, err := p.ResponseWriter.Write(piece)
		n += k
		if err != nil {
			return n, err
		}
		b = b[k:]
	}
	return n, nil
}

func (p *progressWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }

// SecurityHeaders are the headers every response carries, and that the
// static site asks its host to send (see WriteStatic).
var SecurityHeaders = [][2]string{
	{"Content-Security-Policy", contentSecurityPolicy},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "no-referrer"},
	{"X-Frame-Options", "DENY"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for _, kv := range SecurityHeaders {
		h.Set(kv[0], kv[1])
	}

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
	// http.ServeContent sets no Content-Length on an encoded body; the
	// length of the whole precompressed body is known, and a client (and
	// a proxy) should have it.
	http.ServeContent(fullLength{w, len(body)}, r, "", time.Time{}, bytes.NewReader(body))
}

// fullLength sets Content-Length to n on a 200 response that has none
// (http.ServeContent always calls WriteHeader before it writes a body).
type fullLength struct {
	http.ResponseWriter
	n int
}

func (f fullLength) WriteHeader(code int) {
	if h := f.Header(); code == http.StatusOK && h.Get("Content-Length") == "" {
		h.Set("Content-Length", strconv.Itoa(f.n))
	}
	f.ResponseWriter.WriteHeader(code)
}

func (f fullLength) Unwrap() http.ResponseWriter { return f.ResponseWriter }

// negotiate picks "br", "gzip" or "" (identity) from an Accept-Encoding
// header (RFC 9110, 12.5.3): the coding of highest weight that the client
// accepts (by name, or through "*") and that the server has, brotli on a
// tie. An element whose weight is not a valid qvalue is ignored, as is the
// header's malformed rest; weight 0 means "not acceptable".
func negotiate(accept string, haveBr, haveGz bool) string {
	weight := map[string]float64{}
	for part := range strings.SplitSeq(accept, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		q, ok := 1.0, true
		for p := range strings.SplitSeq(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				q, ok = qvalue(strings.TrimSpace(v))
			}
		}
		if ok {
			weight[name] = q
		}
	}
	q := func(coding string) float64 {
		if v, ok := weight[coding]; ok {
			return v
		}
		return weight["*"] // 0 when absent: not acceptable
	}
	br, gz := 0.0, 0.0
	if haveBr {
		br = q("br")
	}
	if haveGz {
		gz = q("gzip")
	}
	switch {
	case br > 0 && br >= gz:
		return "br"
	case gz > 0:
		return "gzip"
	}
	return ""
}

// qvalue parses a weight: "0" or "1", or either with up to three
// decimals, none above 1 (qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "."
// 0*3("0") ] )).
func qvalue(s string) (float64, bool) {
	if s == "" || len(s) > 5 || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	if len(s) > 1 {
		if s[1] != '.' {
			return 0, false
		}
		for _, c := range s[2:] {
			if c < '0' || c > '9' || s[0] == '1' && c != '0' {
				return 0, false
			}
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// pageHost stands for the host in the page URL go-app writes into meta
// tags; the page gets the base URL in its place.
const pageHost = "marginalia.page.invalid"

// render has go-app render the page of a route, from the route alone:
// nothing of the request reaches the page but the conditional headers
// in cond, if any (go-app answers If-None-Match with its version by 304).
func (s *Server) render(page string, cond http.Header) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.URL = &url.URL{Path: page}
	r.RequestURI = page
	r.Host = pageHost
	for _, k := range []string{"If-None-Match", "If-Modified-Since"} {
		if v := cond.Get(k); v != "" {
			r.Header.Set(k, v)
		}
	}
	rec := httptest.NewRecorder()
	s.app.ServeHTTP(rec, r)
	return rec
}

// pageBody mends a page go-app rendered (fixPage) and gives it the site's
// URL.
func (s *Server) pageBody(page []byte) []byte {
	return bytes.ReplaceAll(fixPage(page), []byte("http://"+pageHost), []byte(s.base))
}

// servePage sends a page prerendered by go-app, with the status the
// router gives, gzipped when the client accepts it.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request) {
	page, status := s.route(r.URL.Path)
	cond := r.Header
	if status != http.StatusOK {
		// go-app answers a request that names its version with 304, for
		// any path: a missing page must say it is missing.
		cond = nil
	}
	rec := s.render(page, cond) // HEAD too: the same headers, no body (below)
	h := w.Header()
	for _, k := range []string{"Content-Type", "Cache-Control", "ETag"} {
		if v := rec.Header().Get(k); v != "" {
			h.Set(k, v)
		}
	}
	switch {
	case rec.Code == http.StatusNotModified:
		status = http.StatusNotModified
	case rec.Code != http.StatusOK:
		status = rec.Code
	}
	if status != http.StatusOK && status != http.StatusNotModified {
		h.Del("ETag")
	}
	body := s.pageBody(rec.Body.Bytes())
	h.Add("Vary", "Accept-Encoding")
	if status != http.StatusNotModified && negotiate(r.Header.Get("Accept-Encoding"), false, true) == "gzip" {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		zw.Write(body)
		zw.Close()
		body = buf.Bytes()
		h.Set("Content-Encoding", "gzip")
	}
	if status == http.StatusNotModified {
		body = nil
	} else {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// Serve serves s on ln until SIGINT or SIGTERM, then lets requests in
// flight finish (for up to 10 seconds). It announces itself on stdout as
// "NAME VERSION serving on http://ADDR/", the line the tests and the
// benchmarks wait for.
//
// A client must send its request's headers within HeaderTimeout (5 s by
// default), or is cut off. There is no deadline for a whole response:
// app.wasm is megabytes, and a reader on a slow line must be able to
// finish it; instead a response must make progress, each piece of it
// (8 KB) taking at most StallTimeout (30 s by default).
func (s *Server) Serve(ln net.Listener, name string, stdout io.Writer) error {
	stall := cmp.Or(s.StallTimeout, 30*time.Second)
	srv := &http.Server{
		Handler:           progress(s, stall),
		ReadHeaderTimeout: cmp.Or(s.HeaderTimeout, 5*time.Second),
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
