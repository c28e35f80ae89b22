package ui

import (
	"marginalia/app/reading"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/annotation"
	"marginalia/app/render"
)

// colorNames are the accessible names of the highlight colours.
var colorNames = map[annotation.Color]string{
	annotation.Yellow: "Yellow", annotation.Green: "Green", annotation.Blue: "Blue",
	annotation.Pink: "Pink", annotation.Purple: "Purple",
}

// annItem is one annotation in the list.
type annItem struct {
	app.Compo

	ID, Quote, Note   string
	Badge, BadgeClass string
	Open              bool
	Approximate       bool   // an import placed it approximately: to review
	Tags              string // its tags, for the eye
}

// listItem returns the list entry of an annotation.
func listItem(ws reading.View, p render.Placed, open bool) *annItem {
	it := &annItem{ID: p.ID, Quote: reading.Shorten(p.Target.Quote.Exact, 140), Open: open}
	if p.Kind == annotation.Mention {
		hue := 0
		for i, l := range ws.Labels() {
			if l == p.Label {
				hue = i
			}
		}
		it.Badge, it.BadgeClass = p.Label, "badge ent hue-"+reading.Itoa(hue%8)
	} else {
		it.Badge, it.BadgeClass = colorNames[p.Color], "badge hl hl-"+string(p.Color)
	}
	if p.Note != "" && !it.Open {
		it.Note = reading.Shorten(p.Note, 120)
	}
	it.Approximate = ws.Approximate(p.ID)
	if len(p.Tags) > 0 {
		it.Tags = "Tags: " + strings.Join(p.Tags, ", ")
	}
	return it
}

func (i *annItem) Render() app.UI {
	cls := "ann-item"
	if i.Open {
		cls += " focused"
	}
	return classed("li", cls).Body(
		newButton().ID(itemID(i.ID)).Class("ann-open").DataSet("item", i.ID).Aria("expanded", i.Open).
			Body(
				classedText("span", i.BadgeClass, i.Badge),
				app.If(i.Approximate, classed("span", "badge approx").Title("An import placed it where its quote almost matches: check it").Text("placed approximately")),
				classedText("q", "quote", i.Quote),
				app.If(i.Note != "", classedText("span", "note-preview", i.Note)),
				app.If(i.Tags != "", classedText("span", "tags", i.Tags)),
			),
	)
}

// renderCard edits one annotation: its note, colour or label, entity, and
// deletion. The note is saved on Save, on Ctrl+Enter and when the focus
// leaves its box.
func (s *sidebar) renderCard(p render.Placed) app.UI {
	id := p.ID
	save := func(ctx app.Context) {
		if el := app.Window().GetElementByID(noteFieldID(id)); el.Truthy() {
			s.Act.Act(reading.Action{Do: reading.DoSetNote, ID: id, Text: el.Get("value").String()})
		}
	}
	kind := s.renderColors(p)
	if p.Kind == annotation.Mention {
		kind = s.renderLabelAndEntity(p)
	}
	return classed("div", "card").Body(
		app.Elem("label").Attr("for", noteFieldID(id)).Text("Note"),
		app.Elem("textarea").ID(noteFieldID(id)).Class("note-field").Attr("rows", 3).
			Attr("placeholder", "Write a note… (Ctrl+Enter saves)").
			Text(p.Note).
			OnBlur(func(ctx app.Context, e app.Event) { save(ctx) }, id).
			OnKeyDown(saveOnCtrlEnter(save), id),
		classed("div", "card-actions").Body(
			newButton().OnClick(func(ctx app.Context, e app.Event) { save(ctx) }, id).Text("Save note"),
			newButton().Title("Copy a link that opens this article at this annotation").
				OnClick(s.ask(reading.Action{Do: reading.DoCopyLink, ID: id})).Text("Copy link"),
			newButton().Class("danger").Title("Delete (Delete key)").
				OnClick(s.ask(reading.Action{Do: reading.DoRemoveID, ID: id})).Text("Delete"),
		),
		kind,
		app.If(len(p.Tags) > 0, s.renderTags(p)),
	)
}

// renderTags is an annotation's tags, each with a way to remove it.
func (s *sidebar) renderTags(p render.Placed) app.UI {
	id, tags := p.ID, p.Tags
	return classed("div", "card-row tags").Attr("role", "group").Aria("label", "Tags").Body(
		textElem("span", "Tags"),
		app.Range(tags).Slice(func(i int) app.UI {
			tag := tags[i]
			return newButton().Class("tag").Aria("label", "Remove tag "+tag).Title("Remove this tag").
				OnClick(s.ask(reading.Action{Do: reading.DoRemoveTag, ID: id, Text: tag})).
				Text(tag + " ×")
		}),
	)
}

// renderColors is a highlight's colour swatches; the colour chosen is
// also the one the next highlight takes.
func (s *sidebar) renderColors(p render.Placed) app.UI {
	id := p.ID
	return classed("div", "card-row colors").Attr("role", "group").Aria("label", "Colour").Body(
		app.Range(annotation.Colors).Slice(func(i int) app.UI {
			c := annotation.Colors[i]
			return newButton().Class("swatch hl-"+string(c)).
				Aria("pressed", c == p.Color).Title(colorNames[c]).
				OnClick(s.ask(reading.Action{Do: reading.DoSetColor, ID: id, Text: string(c)})).
				Text(colorNames[c])
		}),
	)
}

// renderLabelAndEntity is a mention's label menu and entity menu.
func (s *sidebar) renderLabelAndEntity(p render.Placed) app.UI {
	id := p.ID
	labels := s.Doc.Labels()
	current := reading.LinkAuto
	if p.EntityID != "" {
		current = reading.LinkTo(p.EntityID)
	}
	return classed("div", "card-row").Body(
		app.Elem("label").Attr("for", "label-"+id).Text("Label"),
		app.Elem("select").ID("label-"+id).
			OnChange(func(ctx app.Context, e app.Event) {
				s.Act.Act(reading.Action{Do: reading.DoSetLabel, ID: id, Text: ctx.JSSrc().Get("value").String()})
			}, id).
			Body(app.Range(labels).Slice(func(i int) app.UI {
				return app.Elem("option").Attr("value", labels[i]).Attr("selected", labels[i] == p.Label).Text(labels[i])
			})),
		entityChoice(s.Doc, "entity-"+id, p.Target.Quote.Exact, current, false, func(ctx app.Context, link reading.EntityLink) {
			s.Act.Act(reading.Action{Do: reading.DoRelink, ID: id, Link: link})
		}),
	)
}
