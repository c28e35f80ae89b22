//go:build !wasm

package main

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/ui"
	"marginalia/cmd/internal/server"
	"marginalia/seeds"
	"marginalia/web"
)

// newAppHandler returns the go-app handler that describes the PWA.
func newAppHandler() *app.Handler {
	return &app.Handler{
		Name:        ui.AppName,
		ShortName:   ui.AppName,
		Title:       ui.AppName,
		Description: "Read articles, highlight quotes, tag named entities and write notes — in your browser, offline.",
		Lang:        "en",
		Icon: app.Icon{
			Default:    "/web/icon-192.png",
			Large:      "/web/icon-512.png",
			SVG:        "/web/icon.svg",
			AppleTouch: "/web/icon-192.png",
		},
		BackgroundColor: "#fbfaf7",
		ThemeColor:      "#22577a",
		LoadingLabel:    "Loading Marginalia… {progress}%",
		Styles:          []string{"/web/app.css"},
	}
}

// knownPage reports whether a path names a page, as opposed to one that only
// gets the not-found page.
func knownPage(p string) bool {
	if p == "/" {
		return true
	}
	slug, ok := strings.CutPrefix(p, "/a/")
	if !ok {
		return false
	}
	_, ok = seeds.BySlug(slug)
	return ok
}

// pages maps every page route to its file in a static site.
func pages() map[string]string {
	ps := map[string]string{"/": "index.html", "/404": "404.html"}
	for _, a := range seeds.Articles() {
		ps[ui.ArticlePath(a.Slug)] = ui.ArticlePath(a.Slug) + ".html"
	}
	return ps
}

// newServer returns the server of Marginalia with the embedded assets.
func newServer() (*server.Server, error) {
	return server.New(web.FS, newAppHandler(), knownPage)
}
