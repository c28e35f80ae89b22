//go:build !wasm

package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"marginalia/app/ui"
	"marginalia/seeds"
	"marginalia/web"
)

// writeStatic writes the app as a static site into dir: every page
// prerendered as HTML, every asset with its .br and .gz copies, so that any
// static host or CDN can serve it.
func writeStatic(dir string, stdout io.Writer) error {
	s, err := newServer(web.FS)
	if err != nil {
		return err
	}
	if _, ok := s.assets["/web/app.wasm"]; !ok {
		return fmt.Errorf("static: this binary has no web/app.wasm: build it with `make build`")
	}
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
		if err := write(p, a.body); err != nil {
			return err
		}
		if a.br != nil {
			if err := write(p+".br", a.br); err != nil {
				return err
			}
		}
		if a.gz != nil {
			if err := write(p+".gz", a.gz); err != nil {
				return err
			}
		}
	}

	pages := map[string]string{"/": "index.html", "/404": "404.html"}
	for _, a := range seeds.Articles() {
		pages[ui.ArticlePath(a.Slug)] = ui.ArticlePath(a.Slug) + ".html"
	}
	for route, name := range pages {
		rec := httptest.NewRecorder()
		s.app.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, route, nil))
		if rec.Code != http.StatusOK {
			return fmt.Errorf("static: rendering %s: status %d", route, rec.Code)
		}
		if err := write(name, fixAriaTrue(rec.Body.Bytes())); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "wrote %d files to %s (version %s)\n", files, dir, s.Version())
	return nil
}
