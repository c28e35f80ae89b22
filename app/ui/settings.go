package ui

import (
	"marginalia/app/reading"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// settingsPanel is the sidebar's Settings: what the browser said of the
// storage, and the ways to delete what is kept, each with a confirmation
// that the panel keeps.
type settingsPanel struct {
	app.Compo

	Act       reading.Actor
	Persisted string // what the browser said of persistent storage

	confirming string // the deletion waiting for confirmation
}

func (p *settingsPanel) Render() app.UI {
	return classed("details", "settings").
		On("toggle", func(ctx app.Context, e app.Event) {
			if ctx.JSSrc().Get("open").Bool() {
				estimateSpace(p.Act) // it changes as the reader works
			}
		}).
		Body(
			textElem("summary", "Settings"),
			app.If(p.Persisted != "", classedText("p", "persisted", p.Persisted)),
			p.confirm("article", "Delete all data for this article", reading.DoDeleteArticle),
			p.confirm("all", "Delete everything", reading.DoDeleteAll),
		)
}

// confirm is a deletion's button, or, once pressed, the question whether
// to go ahead.
func (p *settingsPanel) confirm(what, label string, do reading.Verb) app.UI {
	if p.confirming != what {
		return newButton().Class("quiet").
			OnClick(func(ctx app.Context, e app.Event) { p.confirming = what }, what).
			Text(label + "…")
	}
	return classed("div", "confirm").Attr("role", "group").Aria("label", label).Body(
		textElem("span", label+": this cannot be undone."),
		newButton().Class("danger").
			OnClick(func(ctx app.Context, e app.Event) { p.confirming = ""; p.Act.Act(reading.Action{Do: do}) }, what).
			Text("Delete"),
		newButton().Class("quiet").
			OnClick(func(ctx app.Context, e app.Event) { p.confirming = "" }, what).
			Text("Cancel"),
	)
}

// renderBanners tells about storage problems, with what to do.
func (r *Reader) renderBanners() app.UI {
	s := r.s.Saver()
	if s == nil {
		return classed("div", "banners")
	}
	exportNow := func() app.UI {
		return newButton().OnClick(r.handle(reading.Action{Do: reading.DoExport, Text: "json"})).Text("Export now")
	}
	return classed("div", "banners").Body(
		app.If(s.Blocked != "",
			classed("div", "banner").Attr("role", "alert").Body(
				textElem("span", s.Blocked),
				newButton().OnClick(r.handle(reading.Action{Do: reading.DoDownloadUnread})).Text("Download backup"),
				exportNow(),
			),
		),
		app.If(s.Corrupt != "",
			classed("div", "banner").Attr("role", "alert").Body(
				textElem("span", "Saved annotations for this article could not be read. A copy was kept."),
				newButton().OnClick(r.handle(reading.Action{Do: reading.DoDownloadBackup})).Text("Download backup"),
				newButton().Class("quiet").
					OnClick(r.handle(reading.Action{Do: reading.DoDismissCorrupt})).Text("Dismiss"),
			),
		),
		app.If(s.QuotaFull,
			classed("div", "banner").Attr("role", "alert").Body(
				textElem("span", "The browser’s storage is full: your latest changes are kept in this tab only. Export them to keep them safe."),
				exportNow(),
			),
		),
		app.If(s.Err != "",
			classed("div", "banner").Attr("role", "alert").Body(
				textElem("span", s.Err),
				exportNow(),
			),
		),
	)
}
