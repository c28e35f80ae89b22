package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/store"
	"marginalia/seeds"
)

// Library is the home page: every article, each title linking to its reader.
type Library struct {
	app.Compo

	mounted bool
	counts  map[string]int // live annotations kept for each article ID
}

func (l *Library) OnNav(ctx app.Context) {
	ctx.Page().SetTitle(pageTitle("Library"))
	l.mounted = app.IsClient
	if app.IsClient {
		st := store.New(browserStorage{})
		l.counts = map[string]int{}
		for _, a := range seeds.Articles() {
			l.counts[a.ID] = st.Count(a.ID)
		}
	}
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
						app.If(l.counts != nil, app.P().Class("article-item-count").Text(plural(l.counts[a.ID], "annotation", "annotations"))),
					)
				}),
			),
		),
	)
}
