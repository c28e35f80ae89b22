package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/export"
	"marginalia/app/webanno"
)

// exportJSON is the set as a W3C Web Annotation collection.
func (w *workspace) exportJSON(now time.Time) ([]byte, error) {
	as, es := w.set.Records()
	return webanno.Encode(webanno.Collection{
		Label: w.art.Title, Source: w.art.IRI(), Created: now,
		Annotations: as, Entities: es,
	})
}

// exportDoc is what the Markdown, brat and CoNLL exports are made from.
func (w *workspace) exportDoc() export.Doc {
	return export.Doc{Article: w.art, Placed: w.placed, Entities: w.set.Entity, Notebook: w.notebook}
}

// An importReport says what an import did.
type importReport struct {
	Added, Updated, Present int // new, newer than here, already here
	Orphans                 int // imported but not found in the text
	Foreign                 int // for another article, and not found here
	ForeignSource           string
	Skipped                 int // items the decoder could not use
}

// String is the summary shown to the user, such as "Imported 41 · 3
// already present · 2 could not be placed (see Orphans)".
func (r importReport) String() string {
	parts := []string{"Imported " + itoa(r.Added+r.Updated)}
	if r.Updated > 0 {
		parts[0] += " (" + itoa(r.Updated) + " newer than here)"
	}
	if r.Present > 0 {
		parts = append(parts, itoa(r.Present)+" already present")
	}
	if r.Orphans > 0 {
		parts = append(parts, itoa(r.Orphans)+" could not be placed (see Orphans)")
	}
	if r.Foreign > 0 {
		parts = append(parts, plural(r.Foreign, "belongs", "belong")+" to another article ("+r.ForeignSource+")")
	}
	if r.Skipped > 0 {
		parts = append(parts, plural(r.Skipped, "item was", "items were")+" not annotations of text")
	}
	return strings.Join(parts, " · ")
}

// errForeign is an import whose annotations all belong to another article.
var errForeign = errors.New("for another article")

// importJSON merges Web Annotation JSON (any form webanno decodes, a
// Hypothesis export too) into the set as one undoable step. Annotations
// of another article are placed by their quote when it is in this one;
// the rest are left out. A file that cannot be used changes nothing and
// returns an error that says why; name names articles by IRI for it.
func (w *workspace) importJSON(data []byte, name func(iri string) string) (importReport, error) {
	var rep importReport
	c, err := decodeImport(data)
	if err != nil {
		return rep, err
	}
	rep.Skipped = len(c.Skipped)
	keep := w.placeImported(c.Annotations, name, &rep)
	if len(keep) == 0 {
		return rep, fmt.Errorf("%w: these annotations are for another article (%s), and none of their quotes is in this one; open that article to import them", errForeign, rep.ForeignSource)
	}
	linked := map[string]bool{}
	for _, a := range keep {
		linked[a.EntityID] = true
	}
	var ents []annotation.Entity
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
	for _, a := range keep {
		if p, ok := w.get(a.ID); ok && p.Match.Method == anchor.Orphan {
			rep.Orphans++
		}
	}
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

// placeImported returns the imported annotations that belong here: those
// of this article, and those of another whose quote is in this one
// (placed anew). The rest are counted in rep.
func (w *workspace) placeImported(as []annotation.Annotation, name func(iri string) string, rep *importReport) []annotation.Annotation {
	iri := w.art.IRI()
	var keep []annotation.Annotation
	for _, a := range as {
		if a.Target.Source == "" || a.Target.Source == iri {
			a.Target.Source = iri
			keep = append(keep, a)
			continue
		}
		m := w.text.Anchor(a.Target)
		tg, err := w.text.Describe(m.Start, m.End)
		if m.Method == anchor.Orphan || m.Method == anchor.Fuzzy || err != nil {
			rep.Foreign++
			if rep.ForeignSource == "" {
				rep.ForeignSource = name(a.Target.Source)
			}
			continue
		}
		tg.Source = iri
		a.Target = tg
		keep = append(keep, a)
	}
	return keep
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
