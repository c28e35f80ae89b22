package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// NotFound is the page for any path that names nothing.
type NotFound struct {
	app.Compo

	mounted bool
}

func (n *NotFound) OnNav(ctx app.Context) {
	ctx.Page().SetTitle(pageTitle("Page not found"))
	n.mounted = app.IsClient
}

func (n *NotFound) Render() app.UI {
	return frame(!n.mounted, notFoundContent("There is nothing at this address."))
}

// notFoundContent explains that what was asked for does not exist, with a
// way back to the library.
func notFoundContent(why string) app.UI {
	return classed("section", "not-found").Body(
		textElem("h1", "Not found"),
		textElem("p", why),
		app.Elem("p").Body(app.Elem("a").Attr("href", "/").Text("Back to the library")),
	)
}
