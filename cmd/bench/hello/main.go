// Command hello is the baseline of the benchmarks: a bare go-app v9.8.0
// page, built with the same flags and served by the same server code as
// Marginalia, so that sizes and load times can be compared in one run.
package main

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// page says hello; like Marginalia's pages, its <main> carries
// aria-busy="true" until the WASM app has mounted.
type page struct {
	app.Compo

	mounted bool
}

func (p *page) OnNav(app.Context) { p.mounted = app.IsClient }

func (p *page) Render() app.UI {
	return app.Main().Aria("busy", !p.mounted).Body(app.H1().Text("Hello"))
}

func routes() {
	app.RouteFunc("/", func() app.Composer { return &page{} })
}
