package server

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// WriteStatic writes the app as a static site into dir, so that any static
// host or CDN can serve it: every asset with its .br and .gz copies, and
// the pages prerendered as HTML, pages mapping each route to its file name
// ("/" to "index.html"). It returns the number of files written.
func (s *Server) WriteStatic(dir string, pages map[string]string) (int, error) {
	files := 0
	write := func(name string, b []byte) error {
		p := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(name, "/")))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		files++
		return os.WriteFile(p, b, 0o644)
	}
	paths := make([]string, 0, len(s.assets))
	for p := range s.assets {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		a := s.assets[p]
		for _, f := range []struct {
			suffix string
			body   []byte
		}{{"", a.body}, {".br", a.br}, {".gz", a.gz}} {
			if f.body == nil {
				continue
			}
			if err := write(p+f.suffix, f.body); err != nil {
				return files, err
			}
		}
	}
	for route, name := range pages {
		rec := s.render(route, nil)
		if rec.Code != http.StatusOK {
			return files, fmt.Errorf("static: rendering %s: status %d", route, rec.Code)
		}
		if err := write(name, withPolicyMeta(s.pageBody(rec.Body.Bytes()))); err != nil {
			return files, err
		}
	}
	if err := write("_headers", []byte(HeadersFile())); err != nil {
		return files, err
	}
	return files, nil
}

// HeadersFile is the static site's _headers file, which Netlify and
// Cloudflare Pages read: every path gets the server's security headers.
// (The README gives the same lines for nginx and Caddy.)
func HeadersFile() string {
	var b strings.Builder
	b.WriteString("/*\n")
	for _, kv := range SecurityHeaders {
		b.WriteString("  " + kv[0] + ": " + kv[1] + "\n")
	}
	return b.String()
}

// MetaPolicy is the Content-Security-Policy of every page as a meta tag
// can carry it: all but frame-ancestors, which browsers ignore there (the
// page says X-Frame-Options and frame-ancestors through the host's
// headers, where it can).
func MetaPolicy() string {
	var keep []string
	for d := range strings.SplitSeq(contentSecurityPolicy, "; ") {
		if !strings.HasPrefix(d, "frame-ancestors ") {
			keep = append(keep, d)
		}
	}
	return strings.Join(keep, "; ")
}

// withPolicyMeta puts the policy into a page's head, first after its
// charset, so that a static host that sends no headers still has the
// page run under it.
func withPolicyMeta(page []byte) []byte {
	charset := []byte(`<meta charset="UTF-8">`)
	meta := `<meta http-equiv="Content-Security-Policy" content="` + html.EscapeString(MetaPolicy()) + `">`
	i := bytes.Index(page, charset)
	if i < 0 {
		return page
	}
	i += len(charset)
	return slices.Concat(page[:i], []byte("\n"+meta), page[i:])
}

// CompressFiles writes FILE.br and FILE.gz beside each file, at the best
// compression, for a server to embed. The files are compressed together,
// on every CPU, and each copy is written whole or not at all (under a
// temporary name, then renamed), so that an interrupted build leaves no
// truncated copy that looks newer than its file.
func CompressFiles(names []string) error {
	type job struct {
		name, ext string
		body      []byte
		compress  func([]byte) ([]byte, error)
	}
	var jobs []job
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		jobs = append(jobs,
			job{name, ".br", b, func(b []byte) ([]byte, error) { return compressBrotli(b, brotli.BestCompression) }},
			job{name, ".gz", b, compressGzip})
	}
	errs := make([]error, len(jobs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			out, err := j.compress(j.body)
			if err == nil {
				err = writeWhole(j.name+j.ext, out)
			}
			if err != nil {
				errs[i] = fmt.Errorf("compress %s: %w", j.name, err)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// writeWhole writes b to name through a temporary file beside it, whose
// name starts with a dot (go:embed leaves such files out).
func writeWhole(name string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+"-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
