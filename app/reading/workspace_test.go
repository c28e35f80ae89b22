package reading

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"marginalia/app/annotation"
	"marginalia/app/render"
	"marginalia/seeds"
)

// at returns the code-point range of the n-th (from 1) occurrence of quote
// in the workspace's text.
func at(t *testing.T, w *Workspace, quote string, n int) (int, int) {
	t.Helper()
	text := w.art.Text
	from := 0
	for ; n > 1; n-- {
		from += strings.Index(text[from:], quote) + len(quote)
	}
	i := strings.Index(text[from:], quote)
	if i < 0 {
		t.Fatalf("no %q", quote)
	}
	start := len([]rune(text[:from+i]))
	return start, start + len([]rune(quote))
}

// drawn returns the IDs drawn in the blocks, with the text of each.
func drawn(w *Workspace) map[string]string {
	out := map[string]string{}
	for _, b := range w.blocks {
		for _, s := range b.Segments {
			for _, m := range s.Marks {
				out[m.ID] += s.Text
			}
		}
	}
	return out
}

func TestWorkspaceTagAllAndUndo(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	changes := 0
	w.onChange = func() { changes++ }
	s, e := at(t, w, "Kerry", 2)
	id, offer, err := w.Tag(s, e, "Person", LinkAuto)
	if err != nil {
		t.Fatal(err)
	}
	if drawn(w)[id] != "Kerry" || len(offer.Starts) != 11 {
		t.Fatalf("tagged %q, offer of %d", drawn(w)[id], len(offer.Starts))
	}
	n, err := w.TagAll(offer)
	if err != nil || n != 11 {
		t.Fatalf("tagAll = %d, %v", n, err)
	}
	mention, _ := w.Get(id)
	for _, p := range w.placed {
		if p.Kind != annotation.Mention || p.EntityID != mention.EntityID || p.Label != "Person" {
			t.Errorf("mention %+v not linked to the same entity", p.Annotation)
		}
	}
	if es := w.set.Entities(); len(es) != 1 || es[0].Name != "Kerry" {
		t.Errorf("entities %+v", es)
	}
	if again := w.offer("Kerry", "Person"); len(again.Starts) != 0 {
		t.Errorf("after tag all, %d occurrences left", len(again.Starts))
	}
	w.Undo()
	if len(w.placed) != 1 {
		t.Errorf("undo of tag all left %d mentions, want 1", len(w.placed))
	}
	if changes != 3 {
		t.Errorf("%d changes reported, want 3 (tag, tag all, undo)", changes)
	}
}

func TestWorkspaceEditing(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	s, e := at(t, w, "marathon talks", 1)
	id, err := w.Highlight(s, e, annotation.Green)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.SetNote(id, "why?\nsecond line"); err != nil {
		t.Fatal(err)
	}
	if err := w.SetColor(id, annotation.Pink); err != nil {
		t.Fatal(err)
	}
	p, _ := w.Get(id)
	if p.Note != "why?\nsecond line" || p.Color != annotation.Pink || p.Target.Source != w.art.IRI() {
		t.Errorf("after edits: %+v", p.Annotation)
	}
	// A note saved unchanged (a blur) makes no undo step.
	w.SetNote(id, "why?\nsecond line")
	w.Undo()
	if p, _ := w.Get(id); p.Color != annotation.Green {
		t.Errorf("undo did not revert the colour: %+v", p.Annotation)
	}
	s2, e2 := at(t, w, "Ben-Gurion airport", 1)
	id2, _, _ := w.Tag(s2, e2, "Facility", LinkAuto)
	if w.labels[len(w.labels)-1] != "Facility" {
		t.Errorf("a new label was not added: %v", w.labels)
	}
	if next, _ := w.Neighbour(id, 1); next != id2 {
		t.Errorf("neighbour after %s = %s, want %s", id, next, id2)
	}
	if next, _ := w.Neighbour(id2, 1); next != id {
		t.Errorf("neighbour wraps to %s, want %s", next, id)
	}
	w.Remove(id)
	if _, ok := w.Get(id); ok || drawn(w)[id] != "" {
		t.Error("removed annotation still drawn")
	}
}

func TestBlockMarksNest(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	s, e := at(t, w, "Kerry", 2)
	mid, _, _ := w.Tag(s, e, "Person", LinkAuto)
	hs, he := at(t, w, "John Kerry left", 1)
	hid, _ := w.Highlight(hs, he, annotation.Yellow)
	var seg render.Segment
	for _, b := range w.blocks {
		for _, sg := range b.Segments {
			if sg.Text == "Kerry" && len(sg.Marks) == 2 {
				seg = sg
			}
		}
	}
	if len(seg.Marks) != 2 || seg.Marks[0].ID != hid || seg.Marks[1].ID != mid {
		t.Errorf("the highlight does not wrap the mention: %+v", seg)
	}
}

func TestWorkspaceLinkWhileTaggingAndRelink(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	s, e := at(t, w, "John Kerry", 1)
	johnID, _, err := w.Tag(s, e, "Person", LinkAuto)
	if err != nil {
		t.Fatal(err)
	}
	john, _ := w.Get(johnID)
	s, e = at(t, w, "Mahmoud Abbas", 1)
	w.Tag(s, e, "Person", LinkAuto)

	// "Kerry" is part of "John Kerry": that entity comes first.
	s, e = at(t, w, "Kerry", 3)
	cands := w.Candidates("Kerry")
	if len(cands) != 2 || cands[0].ID != john.EntityID {
		t.Fatalf("candidates = %+v, want John Kerry first", cands)
	}

	tests := []struct {
		name string
		link EntityLink
		want func(entityID string) bool
	}{
		{"chosen entity", LinkTo(john.EntityID), func(id string) bool { return id == john.EntityID }},
		{"new entity", LinkNew, func(id string) bool { return id != john.EntityID && id != "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, offer, err := w.Tag(s, e, "Person", tt.link)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := w.Get(id)
			if !tt.want(p.EntityID) || offer.Entity != p.EntityID {
				t.Fatalf("linked to %q (offer %q)", p.EntityID, offer.Entity)
			}
			if !w.Undo() {
				t.Fatal("cannot undo")
			}
		})
	}

	// Relinking moves one mention alone, as one undoable step.
	id, _, _ := w.Tag(s, e, "Person", LinkNew)
	if err := w.Relink(id, LinkTo(john.EntityID)); err != nil {
		t.Fatal(err)
	}
	if p, _ := w.Get(id); p.EntityID != john.EntityID {
		t.Fatalf("relinked to %q", p.EntityID)
	}
	if n := len(w.set.Mentions(john.EntityID)); n != 2 {
		t.Fatalf("John Kerry has %d mentions, want 2", n)
	}
	w.Undo()
	if p, _ := w.Get(id); p.EntityID == john.EntityID {
		t.Fatal("undo did not restore the link")
	}
	if err := w.Relink(id, LinkNew); err != nil {
		t.Fatal(err)
	}
	p, _ := w.Get(id)
	if ent, ok := w.set.Entity(p.EntityID); !ok || ent.Name != "Kerry" {
		t.Fatalf("new entity = %+v", ent)
	}
	if err := w.Relink(id, LinkTo("no-such-entity")); err == nil {
		t.Fatal("relink to a missing entity succeeded")
	}
}

// TestWorkspaceShowsBlocksLazily: blocks past the drawn ones are computed
// only when shown, and then carry every edit made meanwhile.
func TestWorkspaceShowsBlocksLazily(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	w.Show(2)
	last := w.art.Blocks[len(w.art.Blocks)-1]
	id, err := w.Highlight(last.Start, last.Start+5, annotation.Green)
	if err != nil {
		t.Fatal(err)
	}
	if w.blocks[len(w.blocks)-1].Segments != nil {
		t.Error("a block past the shown ones was computed")
	}
	if len(w.blocks[0].Segments) == 0 || len(w.blocks[1].Segments) == 0 {
		t.Error("a shown block has no segments")
	}
	w.Show(len(w.blocks))
	segs := w.blocks[len(w.blocks)-1].Segments
	if len(segs) == 0 || len(segs[0].Marks) != 1 || segs[0].Marks[0].ID != id {
		t.Errorf("the last block, once shown: %+v", segs)
	}
}

// TestRefreshPlacesOnlyWhatChanged checks the workspace after random edits,
// placed a few at a time, against placing everything anew.
func TestRefreshPlacesOnlyWhatChanged(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	r := rand.New(rand.NewPCG(1, 2))
	n := w.text.Len()
	var ids []string
	for step := range 400 {
		switch op := r.IntN(10); {
		case op < 4 || len(ids) == 0:
			s := r.IntN(n - 30)
			if id, err := w.Highlight(s, s+1+r.IntN(25), annotation.Colors[r.IntN(5)]); err == nil {
				ids = append(ids, id)
			}
		case op < 5:
			s := r.IntN(n - 30)
			if id, _, err := w.Tag(s, s+1+r.IntN(25), "Person", LinkAuto); err == nil {
				ids = append(ids, id)
			}
		case op < 6:
			w.Remove(ids[r.IntN(len(ids))])
		case op < 7:
			w.SetNote(ids[r.IntN(len(ids))], "note")
		case op < 8:
			w.Undo()
		case op < 9:
			w.Redo()
		default:
			// Another tab moved one and added one: a merge.
			other, _ := annotation.Load(w.set.Records())
			if a, ok := other.Get(ids[r.IntN(len(ids))]); ok {
				s := r.IntN(n - 30)
				a.Target, _ = w.target(s, s+5)
				other.Update(a)
			}
			s := r.IntN(n - 30)
			tg, _ := w.target(s, s+3)
			other.Add(annotation.Annotation{ID: annotation.NewID(), Kind: annotation.Highlight, Color: annotation.Pink, Target: tg})
			w.set.Merge(other)
			w.refresh()
		}
		fresh := &Workspace{art: w.art, text: w.text, set: w.set, labels: w.labels, shown: w.shown}
		fresh.placeAll()
		if len(fresh.placed) != len(w.placed) {
			t.Fatalf("step %d: %d placed, want %d", step, len(w.placed), len(fresh.placed))
		}
		for i := range fresh.placed {
			if !reflect.DeepEqual(w.placed[i], fresh.placed[i]) {
				t.Fatalf("step %d: placed[%d] = %s, want %s", step, i, w.placed[i].ID, fresh.placed[i].ID)
			}
		}
		for _, p := range fresh.placed {
			if got, ok := w.Get(p.ID); !ok || got.ID != p.ID {
				t.Fatalf("step %d: get(%s) = %v", step, p.ID, ok)
			}
		}
		want := render.Blocks(&w.art, w.text, fresh.placed, w.labels)
		if !reflect.DeepEqual(w.blocks, want) {
			t.Fatalf("step %d: the blocks differ from a full recompute", step)
		}
	}
}

// TestEntityLinkChoices: the menu's values for "automatic" and "new
// entity" never stand for an entity, whatever its ID (an imported entity
// may be called "new"), and every value reads back as it was written.
func TestEntityLinkChoices(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	for _, id := range []string{"new", "auto", "", "e:new"} {
		if id == "" {
			continue
		}
		if err := w.set.Apply(annotation.Edit{PutEntities: []annotation.Entity{{ID: id, Name: "Imported " + id}}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range []EntityLink{LinkAuto, LinkNew, LinkTo("new"), LinkTo("auto"), LinkTo("e:new"), LinkTo("urn:uuid:x")} {
		if got := ParseLink(l.Value()); got != l {
			t.Errorf("parseLink(%q) = %+v, want %+v", l.Value(), got, l)
		}
	}
	s, e := at(t, w, "Kerry", 2)
	for _, id := range []string{"new", "auto", "e:new"} {
		mid, _, err := w.Tag(s, e, "Person", ParseLink(LinkTo(id).Value()))
		if err != nil {
			t.Fatal(err)
		}
		if p, _ := w.Get(mid); p.EntityID != id {
			t.Errorf("linked to %q, want the entity %q", p.EntityID, id)
		}
		w.Undo()
	}
}

// TestWorkspaceUpdateSeesEveryField: an edit of any field of an
// annotation is a step (saved, undoable), and an edit that changes
// nothing is none.
func TestWorkspaceUpdateSeesEveryField(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	id := highlightQuote(t, w, "marathon talks")
	tests := []struct {
		name string
		fn   func(a *annotation.Annotation)
		step bool
	}{
		{"nothing", func(a *annotation.Annotation) {}, false},
		{"the same colour", func(a *annotation.Annotation) { a.Color = annotation.Green }, false},
		{"a note", func(a *annotation.Annotation) { a.Note = "why?" }, true},
		{"a tag", func(a *annotation.Annotation) { a.Tags = append(a.Tags, "todo") }, true},
		{"a kept body", func(a *annotation.Annotation) {
			a.Extra = append(a.Extra, `{"type":"Image","id":"https://example.org/i.png"}`)
		}, true},
	}
	for _, tt := range tests {
		changes := 0
		w.onChange = func() { changes++ }
		if err := w.Update(id, tt.fn); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if step := changes > 0; step != tt.step {
			t.Errorf("%s: a step %v, want %v", tt.name, step, tt.step)
		}
	}
}
