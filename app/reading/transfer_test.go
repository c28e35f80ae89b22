package reading

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/article"
	"marginalia/app/render"
	"marginalia/app/store"
	"marginalia/app/webanno"
	"marginalia/seeds"
)

// busyWorkspace is the seed article with a highlight with a note, two
// tagged mentions of one entity, and a mention with a new label.
func busyWorkspace(t *testing.T) *Workspace {
	t.Helper()
	w := NewWorkspace(seeds.Articles()[0])
	s, e := at(t, w, "marathon talks", 1)
	id, err := w.Highlight(s, e, "green")
	if err != nil {
		t.Fatal(err)
	}
	w.SetNote(id, "Why “marathon”? 😀")
	s, e = at(t, w, "Kerry", 2)
	_, offer, _ := w.Tag(s, e, "Person", LinkAuto)
	offer.Starts = offer.Starts[:1]
	w.TagAll(offer)
	s, e = at(t, w, "Ben-Gurion airport", 1)
	w.Tag(s, e, "Facility", LinkAuto)
	return w
}

// snapshot is what a reader sees of a workspace: each placed annotation's
// range, kind, colour or label, entity name and note.
func snapshot(w *Workspace) string {
	var b strings.Builder
	for _, p := range w.placed {
		ent := ""
		if e, ok := w.set.Entity(p.EntityID); ok {
			ent = e.Name
		}
		b.WriteString(strings.Join([]string{p.ID, Itoa(p.Match.Start), Itoa(p.Match.End), string(p.Kind), string(p.Color), p.Label, ent, p.Note}, "|") + "\n")
	}
	return b.String()
}

// importSeed imports data into a new workspace of the seed article.
func importSeed(t *testing.T, data []byte) (*Workspace, importReport) {
	t.Helper()
	w := NewWorkspace(seeds.Articles()[0])
	rep, err := w.ImportJSON(data, func(s string) string { return s })
	if err != nil {
		t.Fatal(err)
	}
	return w, rep
}

func TestImportRoundTrip(t *testing.T) {
	src := busyWorkspace(t)
	data, err := src.ExportJSON(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	w, rep := importSeed(t, data)
	if rep.Added != 4 || rep.Present != 0 || rep.String() != "Imported 4 · 4 placed exactly" {
		t.Errorf("report %+v: %q", rep, rep)
	}
	if got, want := snapshot(w), snapshot(src); got != want {
		t.Errorf("imported:\n%s\nwant:\n%s", got, want)
	}
	if !containsLabel(w.labels, "Facility") {
		t.Errorf("labels %q lack the imported Facility", w.labels)
	}
	// Again: nothing new, nothing doubled.
	rep, err = w.ImportJSON(data, func(s string) string { return s })
	if err != nil || rep.Added != 0 || rep.Present != 4 || rep.String() != "Imported 0 · 4 already present" {
		t.Errorf("second import: %+v %q, %v", rep, rep, err)
	}
	if len(w.placed) != 4 {
		t.Errorf("%d annotations after importing twice", len(w.placed))
	}
	// One undo takes the import back.
	if !w.Undo() || len(w.placed) != 0 {
		t.Errorf("after undo: %d annotations", len(w.placed))
	}
}

func containsLabel(ls []string, l string) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

func TestImportBadFilesChangeNothing(t *testing.T) {
	tests := []struct {
		name string
		data string
		want string
	}{
		{"empty", "", "empty file"},
		{"not JSON", "Kerry left Israel", "not JSON"},
		{"wrong shape", `{"type": "Book", "title": "x"}`, "not Web Annotation JSON"},
		{"no annotations", `{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "id": "urn:x", "total": 0}`, ""},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"},
		{"too big", `[` + strings.Repeat(" ", webanno.MaxSize) + `]`, "limit is 20 MB"},
		{"bad selector", `{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:1", "type": "Annotation", "target": {"source": "urn:x", "selector": {"type": "TextPositionSelector", "start": "a", "end": 3}}}`, "start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := busyWorkspace(t)
			before := snapshot(w)
			undoable := w.set.CanUndo()
			_, err := w.ImportJSON([]byte(tt.data), func(s string) string { return s })
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
			if snapshot(w) != before || w.set.CanUndo() != undoable {
				t.Error("a bad file changed the annotations")
			}
		})
	}
}

func TestImportFromAnotherArticle(t *testing.T) {
	// Another article that shares one sentence with the seed.
	other, err := article.Parse("A digest\n\nThe week in brief.\n\nKerry then immediately left for Jerusalem to meet with UN Secretary General Ban Ki-Moon. Then it rained in Oslo.\n")
	if err != nil {
		t.Fatal(err)
	}
	ow := NewWorkspace(other)
	s, e := at(t, ow, "Ban Ki-Moon", 1)
	ow.Tag(s, e, "Person", LinkAuto)
	s, e = at(t, ow, "rained in Oslo", 1)
	hid, _ := ow.Highlight(s, e, "blue")
	ow.SetNote(hid, "Not in the seed")
	data, _ := ow.ExportJSON(time.Now())

	w := NewWorkspace(seeds.Articles()[0])
	rep, err := w.ImportJSON(data, func(string) string { return "“A digest”" })
	if err != nil {
		t.Fatal(err)
	}
	if want := "Imported 2 · 1 placed exactly · 1 kept as an orphan (from “A digest”; see Orphans)"; rep.String() != want {
		t.Errorf("report %q, want %q", rep, want)
	}
	var placed, orphan render.Placed
	for _, p := range w.placed {
		if p.Match.Method == anchor.Orphan {
			orphan = p
		} else {
			placed = p
		}
	}
	if w.text.Slice(placed.Match.Start, placed.Match.End) != "Ban Ki-Moon" || placed.Target.Source != w.art.IRI() || placed.Label != "Person" {
		t.Errorf("placed %+v", placed)
	}
	// The orphan keeps its note, colour and the article it came from,
	// and is saved and exported with them.
	if orphan.Note != "Not in the seed" || orphan.Color != "blue" || orphan.Target.Source != other.IRI() {
		t.Errorf("orphan %+v", orphan)
	}
	again, _ := w.ExportJSON(time.Now())
	if !strings.Contains(string(again), "Not in the seed") || !strings.Contains(string(again), other.IRI()) {
		t.Error("the orphan is not exported with its note and source")
	}
}

// TestImportPlacesByEvidence: every annotation is placed by what it
// carries, whatever article it names, and nothing is dropped.
func TestImportPlacesByEvidence(t *testing.T) {
	seed := seeds.Articles()[0]
	w := NewWorkspace(seed)
	target := func(quote string, n int) annotation.Target {
		s, e := at(t, w, quote, n)
		tg, err := w.text.Describe(s, e)
		if err != nil {
			t.Fatal(err)
		}
		tg.Source = seed.IRI()
		return tg
	}
	stale := target("marathon talks", 1)
	stale.Position.Start, stale.Position.End = stale.Position.Start+7, stale.Position.End+7
	edited := target("Ben-Gurion airport", 1)
	edited.Quote.Exact = "Ben-Gurion airpart" // one letter, context intact
	edited.Source = "https://news.example/kerry-leaves-israel"
	edited.Position = annotation.TextPosition{}
	spaces := target("Senior Israeli officials", 1)
	spaces.Quote.Exact = "Senior  Israeli\nofficials"
	spaces.Position = annotation.TextPosition{}
	foreign := target("Mahmoud Abbas", 1)
	foreign.Source = "https://news.example/other"
	absent := annotation.Target{Source: "https://news.example/other", Quote: annotation.TextQuote{Exact: "a sentence that is nowhere in the seed"}}
	ann := func(id string, tg annotation.Target) annotation.Annotation {
		return annotation.Annotation{ID: id, Kind: annotation.Highlight, Color: annotation.Pink, Note: "note of " + id, Target: tg,
			Created: time.Now().UTC().Truncate(time.Millisecond), Modified: time.Now().UTC().Truncate(time.Millisecond)}
	}
	as := []annotation.Annotation{ann("stale", stale), ann("edited", edited), ann("spaces", spaces), ann("foreign", foreign), ann("absent", absent)}
	data, err := webanno.Encode(webanno.Collection{Source: seed.IRI(), Annotations: as})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := w.ImportJSON(data, func(s string) string { return s })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Exact != 3 || rep.Approximate != 1 || rep.Orphans != 1 || rep.Added != 5 {
		t.Errorf("report %+v: %q", rep, rep)
	}
	want := map[string]string{"stale": "marathon talks", "edited": "Ben-Gurion airport", "spaces": "Senior Israeli officials", "foreign": "Mahmoud Abbas", "absent": ""}
	for id, quote := range want {
		p, ok := w.Get(annotation.IDFromIRI(annotation.IRI(id)))
		if !ok {
			t.Errorf("%s was dropped", id)
			continue
		}
		got := ""
		if p.Match.Method != anchor.Orphan {
			got = w.text.Slice(p.Match.Start, p.Match.End)
		}
		if got != quote || p.Note != "note of "+id {
			t.Errorf("%s: placed on %q (%v), note %q; want %q", id, got, p.Match.Method, p.Note, quote)
		}
	}
	if !w.review["edited"] || len(w.review) != 1 {
		t.Errorf("to review: %v, want the edited quote", w.review)
	}
}

// TestAttachOrphan: an orphan attached to a range is placed there with
// the same ID and note, as one undoable step; it stays so through a save
// and a reload, and through an export and an import elsewhere.
func TestAttachOrphan(t *testing.T) {
	seed := seeds.Articles()[0]
	w := NewWorkspace(seed)
	data, _ := webanno.Encode(webanno.Collection{Source: "urn:x:other", Annotations: []annotation.Annotation{{
		ID: "7d1f6c52-0000-4000-8000-0000000000aa", Kind: annotation.Highlight, Color: annotation.Green, Note: "keep me",
		Target: annotation.Target{Source: "urn:x:other", Quote: annotation.TextQuote{Exact: "words from a text that is not this one"}},
	}}})
	if _, err := w.ImportJSON(data, func(s string) string { return s }); err != nil {
		t.Fatal(err)
	}
	if len(w.Orphans()) != 1 {
		t.Fatalf("%d orphans", len(w.Orphans()))
	}
	id := w.placed[w.Orphans()[0]].ID
	s, e := at(t, w, "marathon talks", 1)
	if err := w.Attach(id, s, e); err != nil {
		t.Fatal(err)
	}
	check := func(w *Workspace, when string) {
		t.Helper()
		p, ok := w.Get(id)
		if !ok || p.Match.Method == anchor.Orphan || w.text.Slice(p.Match.Start, p.Match.End) != "marathon talks" || p.Note != "keep me" || p.Target.Source != seed.IRI() {
			t.Fatalf("%s: %+v", when, p)
		}
		if _, ok := drawn(w)[id]; !ok {
			t.Fatalf("%s: not drawn", when)
		}
	}
	check(w, "attached")
	mem := &store.Memory{}
	st := store.New(mem)
	if _, err := st.Save(seed.ID, w.data()); err != nil {
		t.Fatal(err)
	}
	d, err := store.New(mem).Load(seed.ID)
	if err != nil {
		t.Fatal(err)
	}
	reloaded := NewWorkspace(seed)
	reloaded.restore(d)
	check(reloaded, "after a reload")
	out, _ := w.ExportJSON(time.Now())
	elsewhere := NewWorkspace(seed)
	if _, err := elsewhere.ImportJSON(out, func(s string) string { return s }); err != nil {
		t.Fatal(err)
	}
	check(elsewhere, "exported and imported")
	// One undo and it is an orphan again.
	w.Undo()
	if p, _ := w.Get(id); p.Match.Method != anchor.Orphan || p.Note != "keep me" {
		t.Errorf("after undo: %+v", p)
	}
}

// TestImportRecogito: a RecogitoJS 1.8.4 export (an array, ids like
// "#…", no source, entity types as tagging bodies) gives mentions with
// the article's labels, one entity per distinct quote; other tags stay
// tags; importing it again doubles nothing.
func TestImportRecogito(t *testing.T) {
	seed := seeds.Articles()[0]
	w := NewWorkspace(seed)
	pos := func(quote string, n int) string {
		s, e := at(t, w, quote, n)
		return `{"type": "TextPositionSelector", "start": ` + Itoa(s) + `, "end": ` + Itoa(e) + `}`
	}
	ann := func(id, quote string, n int, bodies string) string {
		return `{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "#` + id + `", "type": "Annotation", "body": [` + bodies + `],
			"target": {"selector": [{"type": "TextQuoteSelector", "exact": "` + quote + `"}, ` + pos(quote, n) + `]}}`
	}
	tag := func(v string) string { return `{"type": "TextualBody", "value": "` + v + `", "purpose": "tagging"}` }
	data := `[` + strings.Join([]string{
		ann("7cd5a9a4-1c2b-4d3e-8f90-a1b2c3d4e5f6", "Kerry", 2, tag("PERSON")),
		ann("8de6b0b5-2d3c-4e4f-9a01-b2c3d4e5f6a7", "Kerry", 3, tag("person")+`, {"type": "TextualBody", "value": "his second visit", "purpose": "commenting"}`),
		ann("9ef7c1c6-3e4d-4f50-ab12-c3d4e5f6a7b8", "Gaza", 1, tag("PLACE")+", "+tag("conflict")),
		ann("a0f8d2d7-4f5e-4061-bc23-d4e5f6a7b8c9", "Hamas", 1, tag("ORG")),
		ann("b109e3e8-5060-4172-cd34-e5f6a7b8c9d0", "marathon talks", 1, tag("important")),
	}, ",") + `]`
	rep, err := w.ImportJSON([]byte(data), func(s string) string { return s })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 5 || rep.Exact != 5 {
		t.Errorf("report %+v %q", rep, rep)
	}
	got := map[string]string{}
	for _, p := range w.placed {
		e, _ := w.set.Entity(p.EntityID)
		got[w.text.Slice(p.Match.Start, p.Match.End)+"/"+p.ID[1:3]] = string(p.Kind) + " " + p.Label + " " + e.Name + " " + strings.Join(p.Tags, ",") + " " + p.Note
	}
	want := map[string]string{
		"Kerry/7c":          "mention Person Kerry  ",
		"Kerry/8d":          "mention Person Kerry  his second visit",
		"Gaza/9e":           "mention Location Gaza conflict ",
		"Hamas/a0":          "mention Organization Hamas  ",
		"marathon talks/b1": "highlight   important ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("imported\n%q\nwant\n%q", got, want)
	}
	if n := len(w.set.Entities()); n != 3 {
		t.Errorf("%d entities, want 3 (one per distinct quote)", n)
	}
	// Again: nothing new, nothing doubled.
	rep, err = w.ImportJSON([]byte(data), func(s string) string { return s })
	if err != nil || rep.Added+rep.Updated != 0 || len(w.placed) != 5 || len(w.set.Entities()) != 3 {
		t.Errorf("again: %q, %v; %d annotations, %d entities", rep, err, len(w.placed), len(w.set.Entities()))
	}
	// Our export carries the label as a tag too; importing it back does
	// not make it a tag.
	out, _ := w.ExportJSON(time.Now())
	if !regexp.MustCompile(`"value": "Person",\s*"purpose": "tagging"`).Match(out) {
		t.Error("the export lacks the label as a tagging body")
	}
	back := NewWorkspace(seed)
	back.ImportJSON(out, func(s string) string { return s })
	for _, p := range back.placed {
		if p.Kind == annotation.Mention && len(p.Tags) > 0 && p.Tags[0] == p.Label {
			t.Errorf("the label came back as a tag: %+v", p.Annotation)
		}
	}
}

// TestImportHypothesis: a Hypothesis export, made on the newspaper's page
// (another IRI, positions of another text), is placed by its quotes, with
// its notes and tags.
func TestImportHypothesis(t *testing.T) {
	data, err := os.ReadFile("../webanno/testdata/hypothesis.json")
	if err != nil {
		t.Fatal(err)
	}
	w, rep := importSeed(t, data)
	if rep.Added == 0 || rep.Exact+rep.Approximate != rep.Added || rep.Orphans != 0 {
		t.Errorf("report %+v %q", rep, rep)
	}
	var found bool
	for _, p := range w.placed {
		if w.text.Slice(p.Match.Start, p.Match.End) == "a cease-fire is not around the corner" {
			found = p.Note == "Compare with the State Department’s readout." && strings.Join(p.Tags, "|") == "diplomacy|cease-fire" && p.Target.Source == w.art.IRI()
		}
	}
	if !found {
		t.Errorf("the Hypothesis annotation is not placed with its note and tags: %+v", w.placed)
	}
}
