package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/seeds"
)

// Library is the home page: every article, each title linking to its reader.
type Library struct {
	app.Compo

	mounted bool
}

func (l *Library) OnNav(ctx app.Context) {
	ctx.Page().SetTitle(pageTitle("Library"))
	l.mounted = app.IsClient
}

func (l *Library) Render() app.UI {
	as := seeds.Articles()
	return frame(!l.mounted,
		app.Section().Class("library").Aria("labelledby", "library-heading").Body(
			app.H1().ID("library-heading").Text("Library"),
			app.Ul().Class("article-list").Body(
				app.Range(as).Slice(func(i int) app.UI {
					a := as[i]
					return app.Li().Class("article-item").Body(
						app.H2().Class("article-item-title").Body(
							app.A().Href(ArticlePath(a.Slug)).Text(a.Title),
						),
						app.If(a.Dek != "", app.P().Class("article-item-dek").Text(a.Dek)),
					)
				}),
			),
		),
	)
}
