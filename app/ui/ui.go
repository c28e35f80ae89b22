// Package ui holds Marginalia's go-app components: the library, the reader
// and the pages around them. Components only render what the pure packages
// (article, annotation, anchor…) compute; they keep no text state of their own.
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
	return app.Div().Class("shell").Body(
		app.A().Class("skip-link").Href("#main").Text("Skip to content"),
		app.Header().Class("topbar").Body(
			app.A().Class("brand").Href("/").Body(
				app.Img().Src("/web/icon.svg").Alt("").Class("brand-mark"),
				app.Span().Text(AppName),
			),
			&appBar{},
		),
		app.Main().ID("main").Aria("busy", busy).Body(content...),
	)
}
