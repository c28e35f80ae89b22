// Package seeds holds the articles that ship with Marginalia. Every *.txt
// file in this folder is embedded and parsed with article.Parse; adding a
// file adds an article, with no code change.
package seeds

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"marginalia/app/article"
)

//go:embed *.txt
var files embed.FS

var (
	once     sync.Once
	articles []article.Article
	loadErr  error
)

// Articles returns the embedded articles in file-name order. It panics if a
// seed does not parse: seeds are part of the program, so that is a build
// mistake, caught by the tests.
func Articles() []article.Article {
	once.Do(func() { articles, loadErr = load(files) })
	if loadErr != nil {
		panic(loadErr)
	}
	return articles
}

// BySlug returns the embedded article with the given slug.
func BySlug(slug string) (article.Article, bool) {
	for _, a := range Articles() {
		if a.Slug == slug {
			return a, true
		}
	}
	return article.Article{}, false
}

// folder is what load reads: embed.FS, and fstest.MapFS in tests. Its two
// methods, rather than fs.FS and fs.Glob, keep io/fs's generic walking,
// path matching and sorting out of app.wasm.
type folder interface {
	ReadDir(name string) ([]fs.DirEntry, error)
	ReadFile(name string) ([]byte, error)
}

func load(fsys folder) ([]article.Article, error) {
	entries, err := fsys.ReadDir(".")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if name := e.Name(); !e.IsDir() && strings.HasSuffix(name, ".txt") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var as []article.Article
	seen := make(map[string]string)
	for _, name := range names {
		src, err := fsys.ReadFile(name)
		if err != nil {
			return nil, err
		}
		a, err := article.Parse(string(src))
		if err != nil {
			return nil, fmt.Errorf("seeds: %s: %w", name, err)
		}
		if other, dup := seen[a.Slug]; dup {
			return nil, fmt.Errorf("seeds: %s and %s have the same slug %q", other, name, a.Slug)
		}
		seen[a.Slug] = name
		as = append(as, a)
	}
	return as, nil
}
