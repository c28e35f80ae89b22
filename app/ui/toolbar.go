package ui

import (
	"marginalia/app/reading"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// renderToolbar is the toolbar over a selection, with the label picker
// when it is open.
func (r *Reader) renderToolbar() app.UI {
	return app.Elem("div").ID("sel-toolbar").Class("sel-toolbar").
		Attr("role", "toolbar").Aria("label", "Annotate selection").Body(
		newButton().Class("tb-highlight tb-"+string(r.sel.Color)).
			Title("Highlight (H)").
			OnClick(func(ctx app.Context, e app.Event) { r.highlightSelection(ctx) }).
			Text("Highlight"),
		newButton().Title("Tag entity (T; 1–9 for a label; Enter for the last one)").
			Aria("expanded", r.sel.Picking).
			OnClick(func(ctx app.Context, e app.Event) { r.sel.Picking = !r.sel.Picking }).
			Text("Tag entity"),
		newButton().Title("Add note (N)").
			OnClick(func(ctx app.Context, e app.Event) { r.noteSelection(ctx) }).
			Text("Add note"),
		app.If(r.sel.Picking, r.renderLabelPicker()),
	)
}

func (r *Reader) renderLabelPicker() app.UI {
	labels := r.ws.Labels
	return classed("div", "label-picker").Attr("role", "group").Aria("label", "Entity label").Body(
		app.Range(labels).Slice(func(i int) app.UI {
			l := labels[i]
			b := newButton().Class("label-choice hue-"+reading.Itoa(i%8)).
				OnClick(func(ctx app.Context, e app.Event) { r.tagSelection(ctx, l) }, l).
				Text(l)
			if i < 9 {
				b = b.Title("Tag as " + l + " (" + reading.Itoa(i+1) + ")")
			}
			return b
		}),
		entityChoice(r.ws, "link-entity", r.ws.Text.Slice(r.sel.At.Start, r.sel.At.End), r.sel.Link, true,
			func(ctx app.Context, link reading.EntityLink) { r.sel.Link = link }),
		app.ElemSelfClosing("input").Attr("type", "text").ID("new-label").Class("new-label").
			Aria("label", "New label").Attr("placeholder", "New label…").
			OnKeyDown(func(ctx app.Context, e app.Event) {
				if e.Get("key").String() != "Enter" {
					ctx.PreventUpdate()
					return
				}
				e.PreventDefault()
				if l := strings.TrimSpace(ctx.JSSrc().Get("value").String()); l != "" {
					r.tagSelection(ctx, l)
				}
			}),
	)
}

// maxChoices bounds the entities an entity menu lists.
const maxChoices = 60

// entityChoice is a labelled menu of the entities a mention of quote may
// link to, the likely ones first, and a new entity named after it. auto
// adds a first entry for the automatic choice; without it, a mention
// linked to nothing shows "None". current is the selected choice.
func entityChoice(ws *reading.Workspace, id, quote string, current reading.EntityLink, auto bool, pick func(ctx app.Context, link reading.EntityLink)) app.UI {
	cands := ws.Candidates(quote)
	if len(cands) > maxChoices {
		cands = cands[:maxChoices]
	}
	option := func(l reading.EntityLink, text string) app.UI {
		return app.Elem("option").Attr("value", l.Value()).Attr("selected", current == l).Text(text)
	}
	var opts []app.UI
	if auto {
		name := "new entity “" + reading.Shorten(quote, 40) + "”"
		if e, ok := ws.EntityFor(quote); ok {
			name = e.Name
		}
		opts = append(opts, option(reading.LinkAuto, "Automatic: "+name))
	} else if current.Auto() {
		opts = append(opts, option(reading.LinkAuto, "None"))
	}
	for _, e := range cands {
		text := e.Name
		if e.Label != "" {
			text += " · " + e.Label
		}
		opts = append(opts, option(reading.LinkTo(e.ID), text))
	}
	opts = append(opts, option(reading.LinkNew, "New entity “"+reading.Shorten(quote, 40)+"”"))
	return classed("div", "entity-choice").Body(
		app.Elem("label").Attr("for", id).Text("Entity"),
		app.Elem("select").ID(id).
			OnChange(func(ctx app.Context, e app.Event) { pick(ctx, reading.ParseLink(ctx.JSSrc().Get("value").String())) }, id).
			Body(opts...),
	)
}

// renderOffer offers to tag the other occurrences of what was just
// tagged.
func (r *Reader) renderOffer() app.UI {
	n := len(r.sel.Offer.Starts)
	return classed("div", "offer").Attr("role", "region").Aria("label", "Tag other occurrences").Body(
		textElem("span", "“"+r.sel.Offer.Quote+"” appears "+reading.Plural(n, "more time", "more times")+". "),
		newButton().
			OnClick(func(ctx app.Context, e app.Event) { r.tagAll(ctx) }).
			Text("Tag all "+reading.Itoa(n)+" other "+reading.PluralWord(n, "occurrence", "occurrences")),
		newButton().Class("quiet").
			OnClick(func(ctx app.Context, e app.Event) { r.sel.DropOffer() }).
			Text("Dismiss"),
	)
}
