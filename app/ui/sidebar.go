package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/render"
)

// itemID and noteFieldID are the element IDs of an annotation's entry in
// the list and of its note editor.
func itemID(id string) string      { return "item-" + id }
func noteFieldID(id string) string { return "note-" + id }

// colorNames are the accessible names of the highlight colours.
var colorNames = map[annotation.Color]string{
	annotation.Yellow: "Yellow", annotation.Green: "Green", annotation.Blue: "Blue",
	annotation.Pink: "Pink", annotation.Purple: "Purple",
}

// shown reports whether an annotation passes the list's filter and search.
func (r *Reader) shown(p *render.Placed) bool {
	switch r.filter {
	case "highlight":
		if p.Kind != annotation.Highlight {
			return false
		}
	case "mention":
		if p.Kind != annotation.Mention {
			return false
		}
	case "note":
		if p.Note == "" {
			return false
		}
	}
	if q := strings.ToLower(strings.TrimSpace(r.query)); q != "" {
		hay := strings.ToLower(p.Target.Quote.Exact + "\n" + p.Note + "\n" + p.Label + "\n" + strings.Join(p.Tags, " "))
		if e, ok := r.ws.set.Entity(p.EntityID); ok {
			hay += "\n" + strings.ToLower(e.Name)
		}
		return strings.Contains(hay, q)
	}
	return true
}

func (r *Reader) renderSidebar() app.UI {
	ws := r.ws
	// Indices into ws.placed: copying a thousand annotations on every
	// render was most of a render.
	placed := make([]int, 0, len(ws.placed))
	var orphans []int
	for i := range ws.placed {
		p := &ws.placed[i]
		switch {
		case p.Match.Method == anchor.Orphan:
			orphans = append(orphans, i)
		case r.shown(p):
			placed = append(placed, i)
		}
	}
	cls := "sidebar"
	if r.sidebar {
		cls += " open"
	}
	return app.Elem("aside").Class(cls).Aria("labelledby", "ann-heading").Body(
		app.Elem("div").Class("sidebar-head").Body(
			app.Elem("h2").ID("ann-heading").Text("Annotations ("+itoa(len(ws.placed))+")"),
			app.Elem("button").Attr("type", "button").Class("quiet").Title("Undo (Ctrl+Z)").
				Attr("disabled", !ws.set.CanUndo()).
				OnClick(func(ctx app.Context, e app.Event) { r.undo(ctx) }).Text("Undo"),
			app.Elem("button").Attr("type", "button").Class("quiet").Title("Redo (Ctrl+Shift+Z)").
				Attr("disabled", !ws.set.CanRedo()).
				OnClick(func(ctx app.Context, e app.Event) { r.redo(ctx) }).Text("Redo"),
			app.Elem("button").Attr("type", "button").Class("sidebar-toggle quiet").Aria("expanded", r.sidebar).
				Aria("controls", "ann-body").
				OnClick(func(ctx app.Context, e app.Event) { r.sidebar = !r.sidebar }).
				Text(map[bool]string{true: "Hide", false: "Show"}[r.sidebar]),
		),
		app.Elem("div").ID("ann-body").Class("sidebar-body").Body(
			r.renderTransfer(),
			app.Elem("div").Class("filters").Body(
				app.Elem("select").Aria("label", "Show").
					OnChange(func(ctx app.Context, e app.Event) { r.filter = ctx.JSSrc().Get("value").String() }).
					Body(
						app.Elem("option").Attr("value", "").Attr("selected", r.filter == "").Text("All"),
						app.Elem("option").Attr("value", "highlight").Attr("selected", r.filter == "highlight").Text("Highlights"),
						app.Elem("option").Attr("value", "mention").Attr("selected", r.filter == "mention").Text("Entity tags"),
						app.Elem("option").Attr("value", "note").Attr("selected", r.filter == "note").Text("With notes"),
					),
				app.ElemSelfClosing("input").Attr("type", "search").Aria("label", "Search annotations").Attr("placeholder", "Search…").
					Attr("value", r.query).
					OnInput(func(ctx app.Context, e app.Event) { r.query = ctx.JSSrc().Get("value").String() }),
			),
			app.If(len(ws.placed) == 0,
				app.Elem("p").Class("empty").Text("Select text to highlight it, tag an entity or add a note. Shortcuts: H highlight, N note, 1–9 tag, J/K move, Ctrl+Z undo."),
			),
			app.Elem("ol").Class("ann-list").OnClick(r.onListClick).Body(r.listEntries(placed)...),
			app.If(len(placed) > r.limit(),
				app.Elem("button").Attr("type", "button").Class("quiet more").
					OnClick(func(ctx app.Context, e app.Event) { r.listLimit = r.limit() + listPage }).
					Text("Show "+plural(min(listPage, len(placed)-r.limit()), "more annotation", "more annotations")+" ("+itoa(len(placed)-r.limit())+" not shown)"),
			),
			r.renderEntities(),
			r.renderNotebook(),
			app.If(len(orphans) > 0,
				app.Elem("details").Class("orphans").Body(
					app.Elem("summary").Text("Orphans ("+itoa(len(orphans))+"): their text is no longer in the article"),
					app.Elem("ul").Body(app.Range(orphans).Slice(func(i int) app.UI {
						return app.Elem("li").Text("“" + shorten(ws.placed[orphans[i]].Target.Quote.Exact, 80) + "”")
					})),
				),
			),
			r.renderSettings(),
		),
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
func (r *Reader) renderNotebook() app.UI {
	save := func(ctx app.Context) {
		if el := app.Window().GetElementByID("notebook"); el.Truthy() {
			r.ws.setNotebook(el.Get("value").String())
		}
	}
	return app.Elem("div").Class("notebook").Body(
		app.Elem("label").Attr("for", "notebook").Text("Notebook"),
		app.Elem("textarea").ID("notebook").Class("note-field").Attr("rows", 3).
			Attr("placeholder", "Notes on the whole article…").
			Text(r.ws.notebook).
			OnBlur(func(ctx app.Context, e app.Event) { save(ctx) }).
			OnKeyDown(saveOnCtrlEnter(save)),
	)
}

// renderSettings holds what is kept and the ways to delete it, each with a
// confirmation.
func (r *Reader) renderSettings() app.UI {
	confirm := func(what, label string, do func(ctx app.Context)) app.UI {
		if r.confirming != what {
			return app.Elem("button").Attr("type", "button").Class("quiet").
				OnClick(func(ctx app.Context, e app.Event) { r.confirming = what }, what).
				Text(label + "…")
		}
		return app.Elem("div").Class("confirm").Attr("role", "group").Aria("label", label).Body(
			app.Elem("span").Text(label+": this cannot be undone."),
			app.Elem("button").Attr("type", "button").Class("danger").
				OnClick(func(ctx app.Context, e app.Event) { r.confirming = ""; do(ctx) }, what).
				Text("Delete"),
			app.Elem("button").Attr("type", "button").Class("quiet").
				OnClick(func(ctx app.Context, e app.Event) { r.confirming = "" }, what).
				Text("Cancel"),
		)
	}
	return app.Elem("details").Class("settings").Body(
		app.Elem("summary").Text("Settings"),
		app.If(r.persisted != "", app.Elem("p").Class("persisted").Text(r.persisted)),
		confirm("article", "Delete all data for this article", r.deleteArticleData),
		confirm("all", "Delete everything", r.deleteEverything),
	)
}

// item returns the list entry of an annotation.
func (r *Reader) item(p render.Placed) *annItem {
	it := &annItem{ID: p.ID, Quote: shorten(p.Target.Quote.Exact, 140), Open: p.ID == r.focused}
	if p.Kind == annotation.Mention {
		hue := 0
		for i, l := range r.ws.labels {
			if l == p.Label {
				hue = i
			}
		}
		it.Badge, it.BadgeClass = p.Label, "badge ent hue-"+itoa(hue%8)
	} else {
		it.Badge, it.BadgeClass = colorNames[p.Color], "badge hl hl-"+string(p.Color)
	}
	if p.Note != "" && !it.Open {
		it.Note = shorten(p.Note, 120)
	}
	return it
}

// listPage is how many entries the list shows at first, and adds at each
// "Show more": a list of a thousand entries would cost every edit a
// thousand comparisons.
const listPage = 50

func (r *Reader) limit() int { return max(r.listLimit, listPage) }

// listEntries are the entries of the list, with the open one's card
// right after it. The open entry is always shown.
func (r *Reader) listEntries(placed []int) []app.UI {
	out := make([]app.UI, 0, min(len(placed), r.limit())+1)
	for i, k := range placed {
		p := r.ws.placed[k]
		if i >= r.limit() && p.ID != r.focused {
			continue
		}
		out = append(out, r.item(p))
		if p.ID == r.focused {
			out = append(out, app.Elem("li").Class("ann-card").Body(r.renderCard(p)))
		}
	}
	return out
}

// onListClick opens or closes the card of the entry clicked (one handler
// for the whole list, so that entries are plain components that re-render
// only when their own data changes).
func (r *Reader) onListClick(ctx app.Context, e app.Event) {
	b := e.Get("target").Call("closest", "button[data-item]")
	if !b.Truthy() {
		return
	}
	id := b.Call("getAttribute", "data-item").String()
	if r.focused == id {
		r.focused = ""
		return
	}
	r.open(ctx, id)
}

// annItem is one annotation in the list.
type annItem struct {
	app.Compo

	ID, Quote, Note   string
	Badge, BadgeClass string
	Open              bool
}

func (i *annItem) Render() app.UI {
	cls := "ann-item"
	if i.Open {
		cls += " focused"
	}
	return app.Elem("li").Class(cls).Body(
		app.Elem("button").Attr("type", "button").ID(itemID(i.ID)).Class("ann-open").DataSet("item", i.ID).Aria("expanded", i.Open).
			Body(
				app.Elem("span").Class(i.BadgeClass).Text(i.Badge),
				app.Elem("q").Class("quote").Text(i.Quote),
				app.If(i.Note != "", app.Elem("span").Class("note-preview").Text(i.Note)),
			),
	)
}

// renderCard edits one annotation: its note, colour or label, entity, and
// deletion. The note is saved on Save, on Ctrl+Enter and when the focus
// leaves its box.
func (r *Reader) renderCard(p render.Placed) app.UI {
	id := p.ID
	save := func(ctx app.Context) {
		if el := app.Window().GetElementByID(noteFieldID(id)); el.Truthy() {
			if err := r.ws.setNote(id, el.Get("value").String()); err == nil {
				r.say(ctx, "Note saved.")
			}
		}
	}
	var kind app.UI
	if p.Kind == annotation.Mention {
		labels := r.ws.labels
		kind = app.Elem("div").Class("card-row").Body(
			app.Elem("label").Attr("for", "label-"+id).Text("Label"),
			app.Elem("select").ID("label-"+id).
				OnChange(func(ctx app.Context, e app.Event) {
					r.ws.setLabel(id, ctx.JSSrc().Get("value").String())
				}, id).
				Body(app.Range(labels).Slice(func(i int) app.UI {
					return app.Elem("option").Attr("value", labels[i]).Attr("selected", labels[i] == p.Label).Text(labels[i])
				})),
			r.entityChoice("entity-"+id, p.Target.Quote.Exact, p.EntityID, false, func(ctx app.Context, link string) {
				if err := r.ws.relink(id, link); err != nil {
					r.say(ctx, "Could not link: "+err.Error())
					return
				}
				if a, ok := r.ws.set.Get(id); ok {
					if e, ok := r.ws.set.Entity(a.EntityID); ok {
						r.say(ctx, "Linked to "+e.Name+".")
					}
				}
			}),
		)
	} else {
		kind = app.Elem("div").Class("card-row colors").Attr("role", "group").Aria("label", "Colour").Body(
			app.Range(annotation.Colors).Slice(func(i int) app.UI {
				c := annotation.Colors[i]
				return app.Elem("button").Attr("type", "button").Class("swatch hl-"+string(c)).
					Aria("pressed", c == p.Color).Title(colorNames[c]).
					OnClick(func(ctx app.Context, e app.Event) {
						r.color = c
						r.ws.setColor(id, c)
					}, id+string(c)).
					Text(colorNames[c])
			}),
		)
	}
	return app.Elem("div").Class("card").Body(
		app.Elem("label").Attr("for", noteFieldID(id)).Text("Note"),
		app.Elem("textarea").ID(noteFieldID(id)).Class("note-field").Attr("rows", 3).
			Attr("placeholder", "Write a note… (Ctrl+Enter saves)").
			Text(p.Note).
			OnBlur(func(ctx app.Context, e app.Event) { save(ctx) }, id).
			OnKeyDown(saveOnCtrlEnter(save), id),
		app.Elem("div").Class("card-actions").Body(
			app.Elem("button").Attr("type", "button").OnClick(func(ctx app.Context, e app.Event) { save(ctx) }, id).Text("Save note"),
			app.Elem("button").Attr("type", "button").Class("danger").Title("Delete (Delete key)").
				OnClick(func(ctx app.Context, e app.Event) { r.remove(ctx, id) }, id).Text("Delete"),
		),
		kind,
	)
}
