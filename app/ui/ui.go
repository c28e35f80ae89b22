// Package ui holds Marginalia's go-app components: the library, the reader
// and the pages around them. Components only render what the pure packages
// (article, annotation, anchor…) compute; they keep no text state of their own.
//
// Elements are built with app.Elem("div") and .Attr rather than app.Div()
// and its typed setters: each of go-app's element types brings its own
// copy of every setter used and a method table of about a hundred entries
// into app.wasm, so one type for all of them is 26 KB less to download
// (brotli), measured. The elements and attributes are the same.
package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// AppName is the product name shown in the header and the page titles.
const AppName = "Marginalia"

// ArticlePath returns the route of the reader for an article slug.
func ArticlePath(slug string) string { return "/a/" + slug }

// ArticleRoute is the pattern of reader routes, for app.RouteWithRegexp.
const ArticleRoute = `^/a/[^/]+$`

// pageTitle is the document title for a page named name.
func pageTitle(name string) string {
	if name == "" {
		return AppName
	}
	return name + " · " + AppName
}

// frame lays out a page: a header with the way home, then the main content.
// main carries aria-busy="true" until the client has mounted and restored
// what the page shows; tests and assistive technology wait for "false".
func frame(busy bool, content ...app.UI) app.UI {
	return app.Elem("div").Class("shell").Body(
		app.Elem("a").Class("skip-link").Attr("href", "#main").Text("Skip to content"),
		app.Elem("header").Class("topbar").Body(
			app.Elem("a").Class("brand").Attr("href", "/").Body(
				app.ElemSelfClosing("img").Attr("src", "/web/icon.svg").Attr("alt", "").Class("brand-mark"),
				app.Elem("span").Text(AppName),
			),
			&appBar{},
		),
		app.Elem("main").ID("main").Aria("busy", busy).Body(content...),
	)
}
