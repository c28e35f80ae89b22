package reading

import (
	"slices"
	"strings"

	"marginalia/app/annotation"
)

// An EntityGroup is the entities of one label, for the Entities panel.
type EntityGroup struct {
	Label    string
	Entities []EntityEntry
}

// An EntityEntry is an entity with its mentions in document order.
type EntityEntry struct {
	annotation.Entity
	Mentions []string
}

// EntityGroups groups the entities that have mentions by label, in the
// order of the label list; an entity's label is its own, else its first
// mention's.
func (w *Workspace) EntityGroups() []EntityGroup {
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
	byLabel := map[string][]EntityEntry{}
	for _, e := range w.set.Entities() {
		ms := mentions[e.ID]
		if len(ms) == 0 {
			continue
		}
		label := e.Label
		if label == "" {
			label = firstLabel[e.ID]
		}
		byLabel[label] = append(byLabel[label], EntityEntry{Entity: e, Mentions: ms})
	}
	var groups []EntityGroup
	seen := map[string]bool{}
	for _, l := range w.labels {
		if es := byLabel[l]; len(es) > 0 {
			groups = append(groups, EntityGroup{Label: l, Entities: es})
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
		groups = append(groups, EntityGroup{Label: l, Entities: byLabel[l]})
	}
	return groups
}

// RenameEntity gives an entity a new canonical name and IRI, as one step.
func (w *Workspace) RenameEntity(id, name, iri string) error {
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

// MergeEntity moves every mention of from to into and deletes from, as
// one step.
func (w *Workspace) MergeEntity(from, into string) error {
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

// SafeIRI returns iri if it is an http(s) link, else nothing: an entity's
// IRI is user text, and must never become a javascript: link.
func SafeIRI(iri string) string {
	l := strings.ToLower(strings.TrimSpace(iri))
	if strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") {
		return iri
	}
	return ""
}
