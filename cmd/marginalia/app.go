//go:build !wasm

package main

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/ui"
	"marginalia/cmd/internal/server"
	"marginalia/seeds"
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
		RawHeaders: []string{
			// app.js asks for app.wasm only once the page is parsed and
			// its deferred scripts ran; this starts the download (and the
			// streaming compile) while the article is still being parsed.
			`<link rel="preload" href="/web/app.wasm" as="fetch" crossorigin="anonymous">`,
			// The browser's bar follows the page's light or dark paper.
			`<meta name="theme-color" media="(prefers-color-scheme: light)" content="#fbfaf7">`,
			`<meta name="theme-color" media="(prefers-color-scheme: dark)" content="#16181b">`,
		},
		// Every page opens offline: the worker precaches the article
		// routes, and falls back to the app at "/" for any other.
		CacheableResources:    cacheable(),
		ServiceWorkerTemplate: server.OfflineWorkerJS,
		LoadingLabel:          "Loading Marginalia… {progress}%",
		Styles:                []string{"/web/app.css"},
		// boot.js holds back the service worker until the page has
		// loaded (see there); store.js opens the library in IndexedDB,
		// as early as it can (see there); paper.js draws the article's
		// text (see app/ui/paper.go).
		Scripts: []string{"/web/boot.js", "/web/store.js", "/web/paper.js defer"},
	}
}

// route says how the server answers a path that is no asset (see
// server.Router). The library, the composer and the seed articles are
// pages. Any other article route gets the reader's page with status 404:
// an article added in a browser is known only there, and the app shows
// it, or says it is not found, once it runs; link checkers and crawlers
// see the truth. Anything else gets the not-found page.
func route(p string) (page string, status int) {
	if p == "/" || p == ui.AddPath {
		return p, http.StatusOK
	}
	if slug, ok := strings.CutPrefix(p, "/a/"); ok && slug != "" && !strings.ContainsAny(slug, "/\\") {
		if _, ok := seeds.BySlug(slug); ok {
			return p, http.StatusOK
		}
		return p, http.StatusNotFound
	}
	return "/404", http.StatusNotFound
}

// pages maps every page route to its file in a static site.
func pages() map[string]string {
	ps := map[string]string{"/": "index.html", "/404": "404.html", ui.AddPath: "add.html"}
	for _, a := range seeds.Articles() {
		ps[ui.ArticlePath(a.Slug)] = ui.ArticlePath(a.Slug) + ".html"
	}
	return ps
}

// cacheable lists what the service worker precaches besides go-app's own
// files: every article page, the icons that the manifest names, and the
// gazetteer that entity suggestions fetch (so that they work offline).
func cacheable() []string {
	res := []string{ui.AddPath, "/web/icon.svg", "/web/icon-maskable-512.png", ui.GazetteerPath}
	for _, a := range seeds.Articles() {
		res = append(res, ui.ArticlePath(a.Slug))
	}
	return res
}

// manifest is the web app manifest: go-app's lacks an id and a maskable
// icon.
func manifest(h *app.Handler) ([]byte, error) {
	type icon struct {
		Src     string `json:"src"`
		Type    string `json:"type"`
		Sizes   string `json:"sizes"`
		Purpose string `json:"purpose,omitempty"`
	}
	return json.MarshalIndent(struct {
		ID              string   `json:"id"`
		Name            string   `json:"name"`
		ShortName       string   `json:"short_name"`
		Description     string   `json:"description"`
		Lang            string   `json:"lang"`
		StartURL        string   `json:"start_url"`
		Scope           string   `json:"scope"`
		Display         string   `json:"display"`
		Orientation     string   `json:"orientation"`
		BackgroundColor string   `json:"background_color"`
		ThemeColor      string   `json:"theme_color"`
		Categories      []string `json:"categories"`
		Icons           []icon   `json:"icons"`
	}{
		ID: "/", Name: h.Name, ShortName: h.ShortName, Description: h.Description, Lang: h.Lang,
		StartURL: "/", Scope: "/", Display: "standalone", Orientation: "any",
		BackgroundColor: h.BackgroundColor, ThemeColor: h.ThemeColor,
		Categories: []string{"books", "education", "productivity"},
		Icons: []icon{
			{Src: "/web/icon.svg", Type: "image/svg+xml", Sizes: "any", Purpose: "any"},
			{Src: "/web/icon-192.png", Type: "image/png", Sizes: "192x192", Purpose: "any"},
			{Src: "/web/icon-512.png", Type: "image/png", Sizes: "512x512", Purpose: "any"},
			{Src: "/web/icon-maskable-512.png", Type: "image/png", Sizes: "512x512", Purpose: "maskable"},
		},
	}, "", "  ")
}

// newServer returns the server of Marginalia with the web assets of web
// (the embedded ones but for work on them).
func newServer(web fs.FS) (*server.Server, error) {
	h := newAppHandler()
	s, err := server.New(web, h, route)
	if err != nil {
		return nil, err
	}
	m, err := manifest(h)
	if err != nil {
		return nil, err
	}
	return s, s.SetManifest(m)
}
