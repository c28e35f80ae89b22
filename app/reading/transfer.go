package reading

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/export"
	"marginalia/app/webanno"
	"marginalia/seeds"
)

// ExportJSON is the set as a W3C Web Annotation collection.
func (w *Workspace) ExportJSON(now time.Time) ([]byte, error) {
	as, es := w.set.Records()
	return webanno.Encode(webanno.Collection{
		Label: w.art.Title, Source: w.art.IRI(), Created: now,
		Annotations: as, Entities: es,
	})
}

// ExportDoc is what the Markdown, brat and CoNLL exports are made from.
func (w *Workspace) ExportDoc() export.Doc {
	return export.Doc{Article: w.art, Placed: w.placed, Entities: w.set.Entity, Notebook: w.notebook}
}

// An importReport says what an import did.
type importReport struct {
	Added, Updated, Present int // new, newer than here, already here
	// How the new and newer ones were placed: found as they were (their
	// position, or their quote with its context), found approximately (a
	// quote that changed a little), or kept as orphans (not found).
	Exact, Approximate, Orphans int
	Elsewhere                   string // the other article orphans came from, for the message
	Skipped                     int    // items the decoder could not use
}

// String is the summary shown to the user, such as "Imported 12 · 9
// placed exactly · 2 placed approximately (review them) · 1 kept as an
// orphan (see Orphans)".
func (r importReport) String() string {
	parts := []string{"Imported " + Itoa(r.Added+r.Updated)}
	if r.Updated > 0 {
		parts[0] += " (" + Itoa(r.Updated) + " newer than here)"
	}
	if r.Exact > 0 {
		parts = append(parts, Itoa(r.Exact)+" placed exactly")
	}
	if r.Approximate > 0 {
		parts = append(parts, Itoa(r.Approximate)+" placed approximately (review them)")
	}
	if r.Orphans > 0 {
		o := Plural(r.Orphans, "kept as an orphan", "kept as orphans")
		if r.Orphans == 1 {
			o = "1 kept as an orphan"
		}
		if r.Elsewhere != "" {
			o += " (from " + r.Elsewhere + "; see Orphans)"
		} else {
			o += " (see Orphans)"
		}
		parts = append(parts, o)
	}
	if r.Present > 0 {
		parts = append(parts, Itoa(r.Present)+" already present")
	}
	if r.Skipped > 0 {
		parts = append(parts, Plural(r.Skipped, "item was", "items were")+" not annotations of text")
	}
	return strings.Join(parts, " · ")
}

// ImportJSON merges Web Annotation JSON (any form webanno decodes, a
// Hypothesis export too) into the set as one undoable step. Every
// annotation is placed by the evidence it carries, whatever article it
// names: its position, its quote with context, or its quote found
// approximately (as re-anchoring after an edit does); one that cannot be
// placed is kept as an orphan with its note, label and entity, to be
// attached again by hand. Nothing is dropped. A file that cannot be used
// changes nothing and returns an error that says why; name names
// articles by IRI for the message.
func (w *Workspace) ImportJSON(data []byte, name func(iri string) string) (importReport, error) {
	var rep importReport
	c, err := decodeImport(data)
	if err != nil {
		return rep, err
	}
	rep.Skipped = len(c.Skipped)
	keep, made := w.placeImported(c.Annotations, name, &rep)
	linked := map[string]bool{}
	for _, a := range keep {
		linked[a.EntityID] = true
	}
	ents := made
	for _, e := range c.Entities {
		if linked[e.ID] {
			ents = append(ents, e)
		}
	}
	o, err := annotation.Load(keep, ents)
	if err != nil {
		return rep, errors.New("this file has an annotation that cannot be used: " + err.Error())
	}
	st := w.set.Import(o)
	rep.Added, rep.Updated, rep.Present = st.Added, st.Updated, st.Unchanged
	for _, e := range ents {
		if e.Label != "" {
			w.addLabel(e.Label)
		}
	}
	for _, a := range keep {
		if a.Kind == annotation.Mention && a.Label != "" {
			w.addLabel(a.Label)
		}
	}
	w.touched = nil
	w.commit()
	return rep, nil
}

// decodeImport decodes a file to import, or says in the user's terms why
// it cannot be used.
func decodeImport(data []byte) (*webanno.Collection, error) {
	if len(data) > webanno.MaxSize {
		return nil, fmt.Errorf("the file is %.1f MB; the limit is %d MB", float64(len(data))/(1<<20), webanno.MaxSize>>20)
	}
	if looksBinary(data) {
		return nil, errors.New("this is not a text file (it looks binary); choose a .json export")
	}
	c, err := webanno.Decode(data)
	if err != nil {
		var we *webanno.Error
		if errors.As(err, &we) {
			if we.Path == "$" {
				return nil, errors.New("this is not Web Annotation JSON: " + we.Reason)
			}
			return nil, errors.New("this is not Web Annotation JSON: at " + we.Path + ", " + we.Reason)
		}
		return nil, err
	}
	if len(c.Annotations) == 0 {
		return nil, errors.New("the file holds no annotations of text")
	}
	return c, nil
}

// placeImported places the imported annotations in this article, counts
// in rep how the ones new here were placed, and returns them all: one
// found elsewhere than its position says, or in another article, gets
// new selectors where it was found; one not found keeps its target (and
// the article it names) as an orphan. Those placed approximately are
// marked for review.
func (w *Workspace) placeImported(as []annotation.Annotation, name func(iri string) string, rep *importReport) ([]annotation.Annotation, []annotation.Entity) {
	iri := w.art.IRI()
	keep := make([]annotation.Annotation, 0, len(as))
	made := map[string]annotation.Entity{}
	for _, a := range as {
		w.typeFromTags(&a, made)
		own := a.Target.Source == "" || a.Target.Source == iri
		m := w.text.Anchor(a.Target)
		switch {
		case m.Method == anchor.Orphan:
			if own {
				a.Target.Source = iri
			} else if rep.Elsewhere == "" {
				rep.Elsewhere = name(a.Target.Source)
			}
		case own && m.Method != anchor.Fuzzy:
			a.Target.Source = iri
		default:
			// Found in another article's text, or approximately: the
			// selectors say where it is now.
			tg, err := w.text.Describe(m.Start, m.End)
			if err != nil {
				m.Method = anchor.Orphan
				break
			}
			tg.Source = iri
			a.Target = tg
		}
		if old, ok := w.set.Get(a.ID); ok && !a.Modified.After(old.Modified) {
			keep = append(keep, a) // already here: not counted
			continue
		}
		switch m.Method {
		case anchor.Orphan:
			rep.Orphans++
		case anchor.Fuzzy:
			rep.Approximate++
			if w.review == nil {
				w.review = map[string]bool{}
			}
			w.review[a.ID] = true
		default:
			rep.Exact++
		}
		keep = append(keep, a)
	}
	ents := make([]annotation.Entity, 0, len(made))
	for _, e := range made {
		ents = append(ents, e)
	}
	return keep, ents
}

// labelSynonyms maps the entity types other tools write as tags
// (RecogitoJS: PERSON, PLACE; CoNLL: PER, ORG, LOC, MISC; spaCy: GPE…) to
// the labels they mean, in lower case.
var labelSynonyms = map[string]string{
	"per": "person", "people": "person", "persname": "person",
	"org": "organization", "organisation": "organization", "orgname": "organization",
	"loc": "location", "place": "location", "gpe": "location", "placename": "location",
	"time": "date", "misc": "other", "miscellaneous": "other",
}

// canonicalLabel is a label or entity-type tag in lower case, its
// synonyms made one.
func canonicalLabel(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return cmp.Or(labelSynonyms[s], s)
}

// labelFor returns the article's label that a tag names, if one does.
func (w *Workspace) labelFor(tag string) (string, bool) {
	t := canonicalLabel(tag)
	for _, l := range w.labels {
		if canonicalLabel(l) == t {
			return l, true
		}
	}
	return "", false
}

// typeFromTags makes an imported highlight tagged with an entity type
// (Recogito's convention) a mention with that label, linked to the
// entity its text names, or to one made for it (the same for every
// mention of the same text, and for the same file imported again).
func (w *Workspace) typeFromTags(a *annotation.Annotation, made map[string]annotation.Entity) {
	if a.Kind != annotation.Highlight {
		return
	}
	for i, tag := range a.Tags {
		label, ok := w.labelFor(tag)
		if !ok {
			continue
		}
		a.Kind, a.Label, a.Color = annotation.Mention, label, ""
		a.Tags = slices.Delete(slices.Clone(a.Tags), i, i+1)
		if len(a.Tags) == 0 {
			a.Tags = nil
		}
		quote := strings.TrimSpace(a.Target.Quote.Exact)
		id, e, _ := w.linkEntity(linking{name: quote, label: label, link: LinkAuto, step: made, stable: true})
		if e != nil {
			e.Modified = a.Modified
			made[strings.ToLower(label+"\x00"+quote)] = *e
		}
		a.EntityID = id
		return
	}
}

// looksBinary reports whether data holds NUL bytes or other control
// characters that text does not, in its first 8 KB.
func looksBinary(data []byte) bool {
	head := data[:min(len(data), 8192)]
	bad := 0
	for _, b := range head {
		if b == 0 {
			return true
		}
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			bad++
		}
	}
	return bad > len(head)/100+1
}

// ArticleName names the article an IRI refers to, for messages.
func ArticleName(iri string) string {
	for _, a := range seeds.Articles() {
		if a.IRI() == iri {
			return "“" + a.Title + "”"
		}
	}
	return iri
}
