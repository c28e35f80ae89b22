package ui

import "marginalia/app/reading"
import "github.com/maxence-charriere/go-app/v9/pkg/app"

// settingsPanel is the sidebar's Settings: what the browser said of the
// storage, and the ways to delete what is kept, each with a confirmation
// that the panel keeps.
type settingsPanel struct {
	app.Compo

	R         *Reader
	Persisted string // what the browser said of persistent storage

	confirming string // the deletion waiting for confirmation
}

func (p *settingsPanel) Render() app.UI {
	r := p.R
	return classed("details", "settings").
		On("toggle", func(ctx app.Context, e app.Event) {
			if ctx.JSSrc().Get("open").Bool() {
				r.estimateSpace() // it changes as the reader works
			}
		}).
		Body(
			textElem("summary", "Settings"),
			app.If(p.Persisted != "", classedText("p", "persisted", p.Persisted)),
			p.confirm("article", "Delete all data for this article", r.deleteArticleData),
			p.confirm("all", "Delete everything", r.deleteEverything),
		)
}

// confirm is a deletion's button, or, once pressed, the question whether
// to go ahead.
func (p *settingsPanel) confirm(what, label string, do func(ctx app.Context)) app.UI {
	if p.confirming != what {
		return newButton().Class("quiet").
			OnClick(func(ctx app.Context, e app.Event) { p.confirming = what }, what).
			Text(label + "…")
	}
	return classed("div", "confirm").Attr("role", "group").Aria("label", label).Body(
		textElem("span", label+": this cannot be undone."),
		newButton().Class("danger").
			OnClick(func(ctx app.Context, e app.Event) { p.confirming = ""; p.R.do(do) }, what).
			Text("Delete"),
		newButton().Class("quiet").
			OnClick(func(ctx app.Context, e app.Event) { p.confirming = "" }, what).
			Text("Cancel"),
	)
}

// renderBanners tells about storage problems, with what to do.
func (r *Reader) renderBanners() app.UI {
	s := r.saver
	if s == nil {
		return classed("div", "banners")
	}
	return classed("div", "banners").Body(
		app.If(s.Blocked != "",
			classed("div", "banner").Attr("role", "alert").Body(
				textElem("span", s.Blocked),
				newButton().OnClick(func(ctx app.Context, e app.Event) { r.downloadUnread() }).Text("Download backup"),
				newButton().OnClick(func(ctx app.Context, e app.Event) { r.exportJSON(ctx) }).Text("Export now"),
			),
		),
		app.If(s.Corrupt != "",
			classed("div", "banner").Attr("role", "alert").Body(
				textElem("span", "Saved annotations for this article could not be read. A copy was kept."),
				newButton().OnClick(func(ctx app.Context, e app.Event) { r.downloadBackup() }).Text("Download backup"),
				newButton().Class("quiet").
					OnClick(func(ctx app.Context, e app.Event) { s.Corrupt = "" }).Text("Dismiss"),
			),
		),
		app.If(s.QuotaFull,
			classed("div", "banner").Attr("role", "alert").Body(
				textElem("span", "The browser’s storage is full: your latest changes are kept in this tab only. Export them to keep them safe."),
				newButton().OnClick(func(ctx app.Context, e app.Event) { r.exportJSON(ctx) }).Text("Export now"),
			),
		),
		app.If(s.Err != "",
			classed("div", "banner").Attr("role", "alert").Body(
				textElem("span", s.Err),
				newButton().OnClick(func(ctx app.Context, e app.Event) { r.exportJSON(ctx) }).Text("Export now"),
			),
		),
	)
}

// downloadUnread downloads the stored record that cannot be read here
// and could not be copied (or a newer version's), as it is.
func (r *Reader) downloadUnread() {
	if raw, ok := r.saver.Unread(); ok {
		download(r.ws.Art.Slug+".backup.json", "application/json", raw)
	}
}

// downloadBackup downloads the unreadable record that was kept.
func (r *Reader) downloadBackup() {
	if raw, ok := r.saver.Backup(); ok {
		download(r.ws.Art.Slug+".backup.json", "application/json", raw)
	}
}

// deleteArticleData removes everything kept for this article.
func (r *Reader) deleteArticleData(ctx app.Context) {
	r.deleteData(ctx, (*reading.Saver).DeleteArticle, "All data for this article was deleted.")
}

// deleteEverything removes everything Marginalia keeps in this browser.
func (r *Reader) deleteEverything(ctx app.Context) {
	r.deleteData(ctx, (*reading.Saver).DeleteAll, "Everything Marginalia kept in this browser was deleted.")
}

// deleteData deletes with del, starts the article afresh, and says done.
func (r *Reader) deleteData(ctx app.Context, del func(*reading.Saver) error, done string) {
	if r.saver != nil {
		if err := del(r.saver); err != nil {
			r.say(ctx, "Could not delete: "+err.Error())
			return
		}
	}
	r.resetWorkspace()
	r.say(ctx, done)
}
