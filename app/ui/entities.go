package ui

import (
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/annotation"
)

// An entityGroup is the entities of one label, for the Entities panel.
type entityGroup struct {
	Label    string
	Entities []entityEntry
}

// An entityEntry is an entity with its mentions in document order.
type entityEntry struct {
	annotation.Entity
	Mentions []string
}

// entityGroups groups the entities that have mentions by label, in the
// order of the label list; an entity's label is its own, else its first
// mention's.
func (w *workspace) entityGroups() []entityGroup {
	mentions := map[string][]string{}
	firstLabel := map[string]string{}
	for _, p := range w.placed {
		if p.Kind == annotation.Mention && p.EntityID != "" {
			mentions[p.EntityID] = append(mentions[p.EntityID], p.ID)
			if _, ok := firstLabel[p.EntityID]; !ok {
				firstLabel[p.EntityID] = p.Label
			}
		}
	}
	byLabel := map[string][]entityEntry{}
	for _, e := range w.set.Entities() {
		ms := mentions[e.ID]
		if len(ms) == 0 {
			continue
		}
		label := e.Label
		if label == "" {
			label = firstLabel[e.ID]
		}
		byLabel[label] = append(byLabel[label], entityEntry{Entity: e, Mentions: ms})
	}
	var groups []entityGroup
	seen := map[string]bool{}
	for _, l := range w.labels {
		if es := byLabel[l]; len(es) > 0 {
			groups = append(groups, entityGroup{Label: l, Entities: es})
		}
		seen[l] = true
	}
	var rest []string
	for l := range byLabel {
		if !seen[l] {
			rest = append(rest, l)
		}
	}
	slices.Sort(rest)
	for _, l := range rest {
		groups = append(groups, entityGroup{Label: l, Entities: byLabel[l]})
	}
	return groups
}

// renameEntity gives an entity a new canonical name and IRI, as one step.
func (w *workspace) renameEntity(id, name, iri string) error {
	e, ok := w.set.Entity(id)
	if !ok {
		return annotation.ErrNotFound
	}
	name, iri = strings.TrimSpace(name), strings.TrimSpace(iri)
	if name == e.Name && iri == e.IRI {
		return nil
	}
	e.Name, e.IRI = name, iri
	if err := w.set.Apply(annotation.Edit{PutEntities: []annotation.Entity{e}}); err != nil {
		return err
	}
	w.commit()
	return nil
}

// mergeEntity moves every mention of from to into and deletes from, as
// one step.
func (w *workspace) mergeEntity(from, into string) error {
	if from == into {
		return nil
	}
	if _, ok := w.set.Entity(into); !ok {
		return annotation.ErrNotFound
	}
	var edit annotation.Edit
	for _, p := range w.placed {
		if p.Kind == annotation.Mention && p.EntityID == from {
			a := p.Annotation
			a.EntityID = into
			edit.Put = append(edit.Put, a)
		}
	}
	edit.DeleteEntities = []string{from}
	if err := w.set.Apply(edit); err != nil {
		return err
	}
	w.commit()
	return nil
}

// entitiesPanel is the Entities panel: entities grouped by label with
// their mention counts. Clicking an entity shows its mentions one after
// another; each can be renamed (with an optional IRI) or merged into
// another. One click and one change handler serve the whole panel, reading
// what to do from data attributes. It keeps which entity is being renamed
// and where each entity's mentions were stepped to.
type entitiesPanel struct {
	app.Compo

	R   *Reader
	Rev int64 // the workspace's revision

	editing string         // the entity being renamed
	cursor  map[string]int // the next mention to show of each entity
}

func (p *entitiesPanel) Render() app.UI {
	groups := p.R.ws.entityGroups()
	if len(groups) == 0 {
		return classed("section", "entities empty-entities")
	}
	var all []entityEntry
	for _, g := range groups {
		all = append(all, g.Entities...)
	}
	return classed("section", "entities").Aria("labelledby", "ent-heading").
		OnClick(p.onClick).OnChange(p.onChange).
		Body(
			app.Elem("h3").ID("ent-heading").Text("Entities ("+itoa(len(all))+")"),
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

func (p *entitiesPanel) renderEntity(e entityEntry, all []entityEntry) app.UI {
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
	var others []entityEntry
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
				classedText("span", "count", " · "+plural(len(e.Mentions), "mention", "mentions")),
			),
		app.If(safeIRI(e.IRI) != "", classed("a", "iri").Attr("href", safeIRI(e.IRI)).Attr("rel", "noopener noreferrer").Attr("target", "_blank").Aria("label", "Open "+e.IRI).Text("↗")),
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
	for _, g := range p.R.ws.entityGroups() {
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
	r, id := p.R, b.Call("getAttribute", "data-entity").String()
	switch b.Call("getAttribute", "data-action").String() {
	case "cycle":
		if m, ok := p.nextMention(id); ok {
			r.do(func(ctx app.Context) { r.open(ctx, m) })
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
		if strings.TrimSpace(name) == "" {
			r.do(func(ctx app.Context) { r.say(ctx, "An entity needs a name.") })
			return
		}
		p.editing = ""
		r.do(func(ctx app.Context) {
			if err := r.ws.renameEntity(id, name, iri); err != nil {
				r.say(ctx, "Could not rename: "+err.Error())
			}
		})
	}
}

func (p *entitiesPanel) onChange(ctx app.Context, e app.Event) {
	sel := e.Get("target")
	if !sel.Truthy() || !sel.Call("matches", "select.merge").Bool() {
		return
	}
	r := p.R
	from := sel.Call("getAttribute", "data-entity").String()
	into := sel.Get("value").String()
	if into == "" {
		return
	}
	r.do(func(ctx app.Context) {
		if err := r.ws.mergeEntity(from, into); err != nil {
			r.say(ctx, "Could not merge: "+err.Error())
			return
		}
		r.say(ctx, "Merged. Ctrl+Z separates them again.")
	})
}

// safeIRI returns iri if it is an http(s) link, else nothing: an entity's
// IRI is user text, and must never become a javascript: link.
func safeIRI(iri string) string {
	l := strings.ToLower(strings.TrimSpace(iri))
	if strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") {
		return iri
	}
	return ""
}
