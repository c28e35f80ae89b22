package ui

import (
	"marginalia/app/reading"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/render"
)

// sidebar is the reader's side panel: the annotation list with its
// filter, search and open card, the export and import controls, the
// entities panel, the notebook, the orphans and the settings. It keeps
// the list's own state (filter, search, how many entries show); what it
// shares with the reader (the open card, whether the panel is open) comes
// in its exported fields, and what it asks for goes through Act.
type sidebar struct {
	app.Compo

	Act       reading.Actor
	Importer  importer
	Doc       reading.View
	Rev       int64  // the workspace's revision: the panel redraws when it changes
	Focused   string // the annotation whose card is open
	Open      bool   // open on narrow screens (always shown on wide ones)
	Persisted string // what the browser said of persistent storage
	Selecting bool   // text is selected, and there are orphans to attach to it
	// Suggesting says the entity suggestions are on; Finding, that they
	// are being found; Suggestions, how many show.
	Suggesting, Finding bool
	Suggestions         int

	filter    listFilter
	query     string
	listLimit int // entries the list shows (see listPage)
}

// listFilter is what the list shows: every annotation, or those of a kind,
// or those with a note.
type listFilter string

const (
	showAll        listFilter = ""
	showHighlights            = listFilter(annotation.Highlight)
	showMentions              = listFilter(annotation.Mention)
	showNotes      listFilter = "note"
)

// filters are the choices of the Show menu, in order.
var filters = []struct {
	f    listFilter
	name string
}{{showAll, "All"}, {showHighlights, "Highlights"}, {showMentions, "Entity tags"}, {showNotes, "With notes"}}

// itemID and noteFieldID are the element IDs of an annotation's entry in
// the list and of its note editor.
func itemID(id string) string      { return "item-" + id }
func noteFieldID(id string) string { return "note-" + id }

// shows reports whether an annotation passes the filter f and the search
// query q, entity names included.
func shows(ws reading.View, p *render.Placed, f listFilter, q string) bool {
	switch f {
	case showHighlights, showMentions:
		if p.Kind != annotation.Kind(f) {
			return false
		}
	case showNotes:
		if p.Note == "" {
			return false
		}
	}
	if q = strings.ToLower(strings.TrimSpace(q)); q != "" {
		hay := strings.ToLower(p.Target.Quote.Exact + "\n" + p.Note + "\n" + p.Label + "\n" + strings.Join(p.Tags, " "))
		if e, ok := ws.Entity(p.EntityID); ok {
			hay += "\n" + strings.ToLower(e.Name)
		}
		return strings.Contains(hay, q)
	}
	return true
}

// listed splits the placed annotations into those the list shows and the
// orphans, as indices into ws.placed: copying a thousand annotations on
// every render was most of a render.
func (s *sidebar) listed() (shown, orphans []int) {
	ws, placed := s.Doc, s.Doc.Placed()
	shown = make([]int, 0, len(placed))
	for i := range placed {
		p := &placed[i]
		switch {
		case p.Match.Method == anchor.Orphan:
			orphans = append(orphans, i)
		case shows(ws, p, s.filter, s.query):
			shown = append(shown, i)
		}
	}
	return shown, orphans
}

func (s *sidebar) Render() app.UI {
	shown, orphans := s.listed()
	cls := "sidebar"
	if s.Open {
		cls += " open"
	}
	return classed("aside", cls).Aria("labelledby", "ann-heading").Body(
		s.renderHead(),
		app.Elem("div").ID("ann-body").Class("sidebar-body").Body(
			&transferPanel{Act: s.Act, Importer: s.Importer},
			s.renderSuggestToggle(),
			s.renderFilters(),
			app.If(len(s.Doc.Placed()) == 0,
				classedText("p", "empty", "Select text to highlight it, tag an entity or add a note. Shortcuts: H highlight, N note, 1–9 tag, J/K move, Ctrl+Z undo."),
			),
			classed("ol", "ann-list").OnClick(s.onListClick).Body(s.listEntries(shown)...),
			app.If(len(shown) > s.limit(),
				newButton().Class("quiet more").
					OnClick(func(ctx app.Context, e app.Event) { s.listLimit = s.limit() + listPage }).
					Text("Show "+reading.Plural(min(listPage, len(shown)-s.limit()), "more annotation", "more annotations")+" ("+reading.Itoa(len(shown)-s.limit())+" not shown)"),
			),
			&entitiesPanel{Act: s.Act, Doc: s.Doc, Rev: s.Rev},
			s.renderNotebook(),
			app.If(len(orphans) > 0, s.renderOrphans(orphans)),
			&settingsPanel{Act: s.Act, Persisted: s.Persisted},
		),
	)
}

// renderOrphans lists the annotations whose text is not in the article:
// each with its quote, note and why it is not placed, and, with text
// selected, a way to attach it there.
func (s *sidebar) renderOrphans(orphans []int) app.UI {
	placed := s.Doc.Placed()
	return classed("section", "orphans").Aria("labelledby", "orphans-heading").Body(
		app.Elem("h3").ID("orphans-heading").Text("Orphans ("+reading.Itoa(len(orphans))+")"),
		classedText("p", "hint", map[bool]string{
			true:  "Attach one to the text you have selected, or delete it.",
			false: "Their text is not in this article. Select where one belongs to attach it there.",
		}[s.Selecting]),
		app.Elem("ul").Body(app.Range(orphans).Slice(func(i int) app.UI {
			p := placed[orphans[i]]
			id := p.ID
			why := "its quote is not in this article"
			if src := p.Target.Source; src != "" && src != s.articleIRI() {
				why = "it was made on another text (" + reading.Shorten(reading.ArticleName(src), 60) + "), and its quote is not in this one"
			}
			return classed("li", "orphan").Body(
				classedText("q", "quote", reading.Shorten(p.Target.Quote.Exact, 140)),
				app.If(p.Note != "", classedText("span", "note-preview", reading.Shorten(p.Note, 200))),
				classedText("span", "why", "Not placed: "+why+"."),
				classed("div", "card-actions").Body(
					newButton().Attr("disabled", !s.Selecting).
						Aria("label", "Attach “"+reading.Shorten(p.Target.Quote.Exact, 40)+"” to the selection").
						OnClick(s.ask(reading.Action{Do: reading.DoAttach, ID: id})).
						Text("Attach to selection"),
					newButton().Class("danger").
						Aria("label", "Delete the orphan “"+reading.Shorten(p.Target.Quote.Exact, 40)+"”").
						OnClick(s.ask(reading.Action{Do: reading.DoRemoveID, ID: id})).
						Text("Delete"),
				),
			)
		})),
	)
}

// renderHead is the panel's heading with undo, redo, and the button that
// opens and closes it on narrow screens.
func (s *sidebar) renderHead() app.UI {
	ws := s.Doc
	return classed("div", "sidebar-head").Body(
		app.Elem("h2").ID("ann-heading").Text("Annotations ("+reading.Itoa(len(ws.Placed()))+")"),
		newButton().Class("quiet").Title("Undo (Ctrl+Z)").
			Attr("disabled", !ws.CanUndo()).
			OnClick(s.ask(reading.Action{Do: reading.DoUndo})).Text("Undo"),
		newButton().Class("quiet").Title("Redo (Ctrl+Shift+Z)").
			Attr("disabled", !ws.CanRedo()).
			OnClick(s.ask(reading.Action{Do: reading.DoRedo})).Text("Redo"),
		newButton().Class("sidebar-toggle quiet").Aria("expanded", s.Open).
			Aria("controls", "ann-body").
			OnClick(s.ask(reading.Action{Do: reading.DoToggleSidebar})).
			Text(map[bool]string{true: "Hide", false: "Show"}[s.Open]),
	)
}

// renderFilters is the Show menu and the search box.
func (s *sidebar) renderFilters() app.UI {
	return classed("div", "filters").Body(
		app.Elem("select").Aria("label", "Show").
			OnChange(func(ctx app.Context, e app.Event) { s.filter = listFilter(ctx.JSSrc().Get("value").String()) }).
			Body(app.Range(filters).Slice(func(i int) app.UI {
				f := filters[i]
				return app.Elem("option").Attr("value", string(f.f)).Attr("selected", s.filter == f.f).Text(f.name)
			})),
		app.ElemSelfClosing("input").Attr("type", "search").Aria("label", "Search annotations").Attr("placeholder", "Search…").
			Attr("value", s.query).
			OnInput(func(ctx app.Context, e app.Event) { s.query = ctx.JSSrc().Get("value").String() }),
	)
}

// saveOnCtrlEnter is the keydown handler of a text box that saves on
// Ctrl+Enter (Cmd+Enter on a Mac); other keys change nothing on the page
// while typing.
func saveOnCtrlEnter(save func(app.Context)) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if e.Get("key").String() == "Enter" && (e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool()) {
			e.PreventDefault()
			save(ctx)
			return
		}
		ctx.PreventUpdate()
	}
}

// renderNotebook is the article's notebook: notes not tied to the text,
// saved when the focus leaves the box or on Ctrl+Enter.
func (s *sidebar) renderNotebook() app.UI {
	save := func(ctx app.Context) {
		if el := app.Window().GetElementByID("notebook"); el.Truthy() {
			text := el.Get("value").String()
			s.Act.Act(reading.Action{Do: reading.DoSetNotebook, Text: text})
		}
	}
	return classed("div", "notebook").Body(
		app.Elem("label").Attr("for", "notebook").Text("Notebook"),
		app.Elem("textarea").ID("notebook").Class("note-field").Attr("rows", 3).
			Attr("placeholder", "Notes on the whole article…").
			Text(s.Doc.Notebook()).
			OnBlur(func(ctx app.Context, e app.Event) { save(ctx) }).
			OnKeyDown(saveOnCtrlEnter(save)),
	)
}

// listPage is how many entries the list shows at first, and adds at each
// "Show more": a list of a thousand entries would cost every edit a
// thousand comparisons.
const listPage = 50

func (s *sidebar) limit() int { return max(s.listLimit, listPage) }

// listEntries are the entries of the list, with the open one's card
// right after it. The open entry is always shown.
func (s *sidebar) listEntries(shown []int) []app.UI {
	ws, placed := s.Doc, s.Doc.Placed()
	out := make([]app.UI, 0, min(len(shown), s.limit())+1)
	for i, k := range shown {
		p := placed[k]
		if i >= s.limit() && p.ID != s.Focused {
			continue
		}
		out = append(out, listItem(ws, p, p.ID == s.Focused))
		if p.ID == s.Focused {
			out = append(out, classed("li", "ann-card").Body(s.renderCard(p)))
		}
	}
	return out
}

// onListClick opens or closes the card of the entry clicked (one handler
// for the whole list, so that entries are plain components that re-render
// only when their own data changes).
func (s *sidebar) onListClick(ctx app.Context, e app.Event) {
	b := e.Get("target").Call("closest", "button[data-item]")
	if !b.Truthy() {
		return
	}
	id := b.Call("getAttribute", "data-item").String()
	s.Act.Act(reading.Action{Do: reading.DoToggle, ID: id})
}

// ask is a handler that asks for a, with its scope (see actionScope):
// OnClick(s.ask(a)).
func (s *sidebar) ask(a reading.Action) (app.EventHandler, string) {
	return func(ctx app.Context, e app.Event) { s.Act.Act(a) }, actionScope(a)
}

// articleIRI is the IRI of the article shown.
func (s *sidebar) articleIRI() string {
	a := s.Doc.Article()
	return a.IRI()
}
