// Package seeds holds the articles that ship with Marginalia. Every *.txt
// file in this folder is embedded and parsed with article.Parse; adding a
// file adds an article, with no code change.
package seeds

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
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

func load(fsys fs.FS) ([]article.Article, error) {
	names, err := fs.Glob(fsys, "*.txt")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var as []article.Article
	seen := make(map[string]string)
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
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
