// Command marginalia is the Marginalia app: compiled to WebAssembly it is the
// client that runs in the browser; compiled for the host it is the server
// ("marginalia serve") and the static-site generator ("marginalia static").
package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/ui"
)

// routes registers the pages. Both builds call it: the client to navigate,
// the server to prerender. The catch-all comes last, so that any other path
// shows a friendly not-found page.
func routes() {
	app.RouteFunc("/", func() app.Composer { return &ui.Library{} })
	app.RouteFunc(ui.AddPath, func() app.Composer { return &ui.Composer{} })
	app.RouteWithRegexpFunc(ui.ArticleRoute, func() app.Composer { return &ui.Reader{} })
	app.RouteWithRegexpFunc(`^/`, func() app.Composer { return &ui.NotFound{} })
}
