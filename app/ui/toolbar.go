package ui

import (
	"marginalia/app/reading"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// renderToolbar is the toolbar over a selection, with the label picker
// when it is open.
func (r *Reader) renderToolbar(sel reading.Selection) app.UI {
	return app.Elem("div").ID("sel-toolbar").Class("sel-toolbar").
		Attr("role", "toolbar").Aria("label", "Annotate selection").Body(
		newButton().Class("tb-highlight tb-"+string(sel.Color)).
			Title("Highlight (H)").
			OnClick(r.handle(reading.Action{Do: reading.DoHighlight})).
			Text("Highlight"),
		newButton().Title("Tag entity (T; 1–9 for a label; Enter for the last one)").
			Aria("expanded", sel.Picking).
			OnClick(r.handle(reading.Action{Do: reading.DoTogglePicker})).
			Text("Tag entity"),
		newButton().Title("Add note (N)").
			OnClick(r.handle(reading.Action{Do: reading.DoNote})).
			Text("Add note"),
		app.If(sel.Picking, r.renderLabelPicker(sel)),
	)
}

func (r *Reader) renderLabelPicker(sel reading.Selection) app.UI {
	ws := r.s.Workspace()
	labels := ws.Labels()
	return classed("div", "label-picker").Attr("role", "group").Aria("label", "Entity label").Body(
		app.Range(labels).Slice(func(i int) app.UI {
			l := labels[i]
			b := newButton().Class("label-choice hue-" + reading.Itoa(i%8)).
				OnClick(r.handle(reading.Action{Do: reading.DoTagAs, Text: l})).
				Text(l)
			if i < 9 {
				b = b.Title("Tag as " + l + " (" + reading.Itoa(i+1) + ")")
			}
			return b
		}),
		entityChoice(ws.View(), "link-entity", ws.Text().Slice(sel.At.Start, sel.At.End), sel.Link, true,
			func(ctx app.Context, link reading.EntityLink) {
				r.run(ctx, reading.Action{Do: reading.DoPickLink, Link: link})
			}),
		app.ElemSelfClosing("input").Attr("type", "text").ID("new-label").Class("new-label").
			Aria("label", "New label").Attr("placeholder", "New label…").
			OnKeyDown(func(ctx app.Context, e app.Event) {
				if e.Get("key").String() != "Enter" {
					ctx.PreventUpdate()
					return
				}
				e.PreventDefault()
				if l := strings.TrimSpace(ctx.JSSrc().Get("value").String()); l != "" {
					r.run(ctx, reading.Action{Do: reading.DoTagAs, Text: l})
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
func entityChoice(ws reading.View, id, quote string, current reading.EntityLink, auto bool, pick func(ctx app.Context, link reading.EntityLink)) app.UI {
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
func (r *Reader) renderOffer(sel reading.Selection) app.UI {
	n := len(sel.Offer.Starts)
	return classed("div", "offer").Attr("role", "region").Aria("label", "Tag other occurrences").Body(
		textElem("span", "“"+sel.Offer.Quote+"” appears "+reading.Plural(n, "more time", "more times")+". "),
		newButton().
			OnClick(r.handle(reading.Action{Do: reading.DoTagAll})).
			Text("Tag all "+reading.Itoa(n)+" other "+reading.PluralWord(n, "occurrence", "occurrences")),
		newButton().Class("quiet").
			OnClick(r.handle(reading.Action{Do: reading.DoDropOffer})).
			Text("Dismiss"),
	)
}
