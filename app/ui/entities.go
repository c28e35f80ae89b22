package ui

import (
	"marginalia/app/reading"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// entitiesPanel is the Entities panel: entities grouped by label with
// their mention counts. Clicking an entity shows its mentions one after
// another; each can be renamed (with an optional IRI) or merged into
// another. One click and one change handler serve the whole panel, reading
// what to do from data attributes. It keeps which entity is being renamed
// and where each entity's mentions were stepped to.
type entitiesPanel struct {
	app.Compo

	Act reading.Actor
	Doc reading.View
	Rev int64 // the workspace's revision

	editing string         // the entity being renamed
	cursor  map[string]int // the next mention to show of each entity
}

func (p *entitiesPanel) Render() app.UI {
	groups := p.Doc.EntityGroups()
	if len(groups) == 0 {
		return classed("section", "entities empty-entities")
	}
	var all []reading.EntityEntry
	for _, g := range groups {
		all = append(all, g.Entities...)
	}
	return classed("section", "entities").Aria("labelledby", "ent-heading").
		OnClick(p.onClick).OnChange(p.onChange).
		Body(
			app.Elem("h3").ID("ent-heading").Text("Entities ("+reading.Itoa(len(all))+")"),
			app.Range(groups).Slice(func(i int) app.UI {
				g := groups[i]
				return classed("div", "entity-group").Body(
					textElem("h4", g.Label),
					app.Elem("ul").Body(app.Range(g.Entities).Slice(func(k int) app.UI {
						return p.renderEntity(g.Entities[k], all)
					})),
				)
			}),
		)
}

func (p *entitiesPanel) renderEntity(e reading.EntityEntry, all []reading.EntityEntry) app.UI {
	id := e.ID
	if p.editing == id {
		return classed("li", "entity editing").Body(
			app.Elem("label").Attr("for", "entity-name-"+id).Text("Name"),
			app.ElemSelfClosing("input").Attr("type", "text").ID("entity-name-"+id).Attr("value", e.Name),
			app.Elem("label").Attr("for", "entity-iri-"+id).Text("Link (IRI, optional)"),
			app.ElemSelfClosing("input").Attr("type", "url").ID("entity-iri-"+id).Attr("value", e.IRI).Attr("placeholder", "https://www.wikidata.org/wiki/…"),
			classed("div", "card-actions").Body(
				newButton().DataSet("entity", id).DataSet("action", "save").Text("Save"),
				newButton().Class("quiet").DataSet("entity", id).DataSet("action", "cancel").Text("Cancel"),
			),
		)
	}
	var others []reading.EntityEntry
	for _, o := range all {
		if o.ID != id {
			others = append(others, o)
		}
	}
	return classed("li", "entity").Body(
		newButton().Class("entity-name").DataSet("entity", id).DataSet("action", "cycle").
			Title("Show its mentions one after another").
			Body(
				textElem("span", e.Name),
				classedText("span", "count", " · "+reading.Plural(len(e.Mentions), "mention", "mentions")),
			),
		app.If(reading.SafeIRI(e.IRI) != "", classed("a", "iri").Attr("href", reading.SafeIRI(e.IRI)).Attr("rel", "noopener noreferrer").Attr("target", "_blank").Aria("label", "Open "+e.IRI).Text("↗")),
		newButton().Class("quiet").DataSet("entity", id).DataSet("action", "rename").
			Aria("label", "Rename "+e.Name).Text("Rename"),
		app.If(len(others) > 0,
			classed("select", "merge").DataSet("entity", id).Aria("label", "Merge "+e.Name+" into").
				Body(
					app.Elem("option").Attr("value", "").Attr("selected", true).Text("Merge into…"),
					app.Range(others).Slice(func(i int) app.UI {
						return app.Elem("option").Attr("value", others[i].ID).Text(others[i].Name)
					}),
				),
		),
	)
}

// nextMention returns the mention of entity id to show next, stepping
// through them in document order.
func (p *entitiesPanel) nextMention(id string) (string, bool) {
	var mentions []string
	for _, g := range p.Doc.EntityGroups() {
		for _, en := range g.Entities {
			if en.ID == id {
				mentions = en.Mentions
			}
		}
	}
	if len(mentions) == 0 {
		return "", false
	}
	if p.cursor == nil {
		p.cursor = map[string]int{}
	}
	i := p.cursor[id] % len(mentions)
	p.cursor[id] = i + 1
	return mentions[i], true
}

func (p *entitiesPanel) onClick(ctx app.Context, e app.Event) {
	b := e.Get("target").Call("closest", "button[data-action]")
	if !b.Truthy() {
		return
	}
	id := b.Call("getAttribute", "data-entity").String()
	switch b.Call("getAttribute", "data-action").String() {
	case "cycle":
		if m, ok := p.nextMention(id); ok {
			p.Act.Act(reading.Action{Do: reading.DoOpen, ID: m})
		}
	case "rename":
		p.editing = id
		ctx.Defer(func(app.Context) { focusElement("entity-name-" + id) })
	case "cancel":
		p.editing = ""
	case "save":
		doc := app.Window().Get("document")
		name := doc.Call("getElementById", "entity-name-"+id).Get("value").String()
		iri := doc.Call("getElementById", "entity-iri-"+id).Get("value").String()
		if strings.TrimSpace(name) != "" {
			p.editing = ""
		}
		p.Act.Act(reading.Action{Do: reading.DoRenameEntity, ID: id, Text: name, IRI: iri})
	}
}

func (p *entitiesPanel) onChange(ctx app.Context, e app.Event) {
	sel := e.Get("target")
	if !sel.Truthy() || !sel.Call("matches", "select.merge").Bool() {
		return
	}
	from := sel.Call("getAttribute", "data-entity").String()
	into := sel.Get("value").String()
	if into == "" {
		return
	}
	p.Act.Act(reading.Action{Do: reading.DoMergeEntity, ID: from, Text: into})
}
