package server

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
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
// compression, for a server to embed.
func CompressFiles(names []string) error {
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		br, err := compressBrotli(b, 11)
		if err != nil {
			return fmt.Errorf("compress %s: %w", name, err)
		}
		gz, err := compressGzip(b)
		if err != nil {
			return fmt.Errorf("compress %s: %w", name, err)
		}
		if err := os.WriteFile(name+".br", br, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(name+".gz", gz, 0o644); err != nil {
			return err
		}
	}
	return nil
}
