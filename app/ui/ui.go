// Package ui holds Marginalia's go-app components: the library, the
// composer, the reader and the pages around them. Components only wire
// the page's events to the model (app/reading) and draw what it holds;
// the model decides, and is tested on the host and under WebAssembly.
//
// The reader (reader.go, events.go, toolbar.go, suggestui.go) holds one
// reading.Session and is its page (page.go: the app's one scheduler and
// the DOM effects the session asks for). Its child components, the
// sidebar (sidebar.go, card.go), the entities panel, export and import
// (transferui.go) and the settings, get what they show as plain values
// and a read-only reading.View, and ask for changes through a
// reading.Actor (Act); none holds the reader.
//
// The article's text is drawn by one of two paths, which give the same
// elements: on the server (the prerendered page) and in the component
// tests, by the block component (block.go), through go-app; in the
// browser, by paper (paper.go), which plans what changed and has
// web/paper.js draw it, after each update of the reader (never inside
// Render). The host tests check both: block's elements with
// app.TestMatch, and paper's plan, the very calls and descriptions
// paper.js receives, with table tests.
//
// Elements are built with app.Elem("div") and .Attr rather than app.Div()
// and its typed setters: each of go-app's element types brings its own
// copy of every setter used and a method table of about a hundred entries
// into app.wasm, so one type for all of them is 26 KB less to download
// (brotli), measured. The elements and attributes are the same.
package ui

import (
	"marginalia/app/reading"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// AppName is the product name shown in the header and the page titles.
const AppName = "Marginalia"

// ArticlePath returns the route of the reader for an article slug.
func ArticlePath(slug string) string { return reading.ArticlePath(slug) }

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
	return classed("div", "shell").Body(
		classed("a", "skip-link").Attr("href", "#main").Text("Skip to content"),
		classed("header", "topbar").Body(
			classed("a", "brand").Attr("href", "/").Body(
				app.ElemSelfClosing("img").Attr("src", "/web/icon.svg").Attr("alt", "").Class("brand-mark"),
				textElem("span", AppName),
			),
			&appBar{},
		),
		// Where the library is kept, when the user must know (see
		// OpenStorage): every page says it.
		app.If(storageNotice != "", classed("p", "banner storage-notice").Attr("role", "alert").Text(storageNotice)),
		app.Elem("main").ID("main").Aria("busy", busy).Body(content...),
	)
}

// newButton is a <button type="button">: every button of the app acts on
// the page, none submits a form.
func newButton() app.HTMLElem { return app.Elem("button").Attr("type", "button") }

// classed is an element with a class: the most common element of the
// app, written once (each call in a Render costs app.wasm bytes).
func classed(tag, class string) app.HTMLElem { return app.Elem(tag).Class(class) }

// textElem is an element holding text; classedText, with a class. Like
// classed, they spare app.wasm a builder call at each of their uses.
func textElem(tag, text string) app.HTMLElem { return app.Elem(tag).Text(text) }

func classedText(tag, class, text string) app.HTMLElem { return classed(tag, class).Text(text) }
