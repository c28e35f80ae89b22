package ui

import (
	"marginalia/app/reading"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/article"
	"marginalia/app/library"
	"marginalia/app/store"
	"marginalia/seeds"
)

// undoDelete is how long a deleted article can be brought back.
const undoDelete = 8 * time.Second

// Library is the home page: the articles that come with the app and those
// added in this browser, each title linking to its reader.
type Library struct {
	app.Compo

	mounted    bool
	counts     map[string]int // live annotations kept for each article ID
	added      []library.Item
	skipped    int    // added articles that could not be read
	confirming string // the ID of the article waiting for a confirmed delete
	removed    *library.Removed
	removedOf  string // its title, for the undo bar
	err        string
}

func (l *Library) OnNav(ctx app.Context) {
	ctx.Page().SetTitle(pageTitle("Library"))
	l.mounted = app.IsClient
	if app.IsClient {
		l.reload()
	}
}

// reload reads the added articles and the annotation counts.
func (l *Library) reload() {
	st := store.New(storage)
	var err error
	l.added, l.skipped, err = library.New(storage).List()
	if err != nil {
		l.err = "The articles added in this browser could not be read: " + err.Error()
	}
	l.counts = map[string]int{}
	for _, a := range seeds.Articles() {
		l.counts[a.ID] = st.Count(a.ID)
	}
	for _, it := range l.added {
		l.counts[it.Article.ID] = st.Count(it.Article.ID)
	}
}

// remove deletes an added article and its annotations, and offers to undo
// it for a few seconds.
func (l *Library) remove(ctx app.Context, it library.Item) {
	l.confirming = ""
	rm, err := library.New(storage).Delete(it.Article.ID)
	if err != nil {
		l.err = "“" + it.Article.Title + "” could not be deleted: " + err.Error()
		return
	}
	l.removed, l.removedOf = &rm, it.Article.Title
	l.reload()
	ctx.After(undoDelete, func(app.Context) {
		if l.removed == &rm {
			l.removed = nil
		}
	})
}

func (l *Library) undo(ctx app.Context) {
	if l.removed == nil {
		return
	}
	if err := library.New(storage).Restore(*l.removed); err != nil {
		l.err = "“" + l.removedOf + "” could not be brought back: " + err.Error()
		return
	}
	l.removed = nil
	l.reload()
}

func (l *Library) Render() app.UI {
	seedArts := seeds.Articles()
	return frame(!l.mounted,
		classed("section", "library").Aria("labelledby", "library-heading").Body(
			classed("div", "library-head").Body(
				app.Elem("h1").ID("library-heading").Text("Library"),
				classed("a", "button-link").Attr("href", AddPath).Text("Add article"),
			),
			app.If(l.err != "", classed("p", "banner").Attr("role", "alert").Text(l.err)),
			app.If(l.skipped > 0, classed("p", "banner").Attr("role", "alert").
				Text(reading.Plural(l.skipped, "added article", "added articles")+" could not be read and "+reading.PluralWord(l.skipped, "is", "are")+" not shown.")),
			classed("ul", "article-list").Body(
				app.Range(l.added).Slice(func(i int) app.UI {
					it := l.added[i]
					return l.item(it.Article, &it)
				}),
				app.Range(seedArts).Slice(func(i int) app.UI {
					return l.item(seedArts[i], nil)
				}),
			),
			app.If(l.mounted, &backupPanel{Restored: l.reload}),
			app.If(l.removed != nil,
				classed("div", "undo-bar").Attr("role", "status").Body(
					textElem("span", "Deleted “"+reading.Shorten(l.removedOf, 60)+"”. "),
					newButton().OnClick(func(ctx app.Context, e app.Event) { l.undo(ctx) }).Text("Undo"),
				),
			),
		),
	)
}

// item is one article of the list; added is nil for a seed article, which
// cannot be deleted.
func (l *Library) item(a article.Article, added *library.Item) app.UI {
	var meta []string
	if added != nil {
		meta = append(meta, "Added "+added.Added.Local().Format("2 Jan 2006"))
	}
	if l.counts != nil {
		meta = append(meta, reading.Plural(l.counts[a.ID], "annotation", "annotations"))
	}
	var actions app.UI = app.Text("")
	if added != nil {
		it := *added
		id := it.Article.ID
		if l.confirming == id {
			actions = classed("div", "confirm").Attr("role", "group").Aria("label", "Delete “"+a.Title+"”").Body(
				textElem("span", "Delete this article and its annotations?"),
				newButton().Class("danger").
					OnClick(func(ctx app.Context, e app.Event) { l.remove(ctx, it) }, id).Text("Delete"),
				newButton().Class("quiet").
					OnClick(func(ctx app.Context, e app.Event) { l.confirming = "" }, id).Text("Cancel"),
			)
		} else {
			actions = newButton().Class("quiet").Aria("label", "Delete “"+a.Title+"”").
				OnClick(func(ctx app.Context, e app.Event) { l.confirming = id }, id).Text("Delete…")
		}
	}
	return classed("li", "article-item").Body(
		classed("h2", "article-item-title").Body(
			app.Elem("a").Attr("href", reading.ArticlePath(a.Slug)).Text(a.Title),
		),
		app.If(a.Dek != "", classedText("p", "article-item-dek", reading.Shorten(a.Dek, 240))),
		app.If(len(meta) > 0, classedText("p", "article-item-count", joinMeta(meta))),
		actions,
	)
}

func joinMeta(parts []string) string {
	s := ""
	for i, p := range parts {
		if i > 0 {
			s += " · "
		}
		s += p
	}
	return s
}
