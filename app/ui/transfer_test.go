package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"marginalia/app/anchor"
	"marginalia/app/article"
	"marginalia/app/webanno"
	"marginalia/seeds"
)

// busyWorkspace is the seed article with a highlight with a note, two
// tagged mentions of one entity, and a mention with a new label.
func busyWorkspace(t *testing.T) *workspace {
	t.Helper()
	w := newWorkspace(seeds.Articles()[0])
	s, e := at(t, w, "marathon talks", 1)
	id, err := w.highlight(s, e, "green")
	if err != nil {
		t.Fatal(err)
	}
	w.setNote(id, "Why “marathon”? 😀")
	s, e = at(t, w, "Kerry", 2)
	_, offer, _ := w.tag(s, e, "Person", linkAuto)
	offer.Starts = offer.Starts[:1]
	w.tagAll(offer)
	s, e = at(t, w, "Ben-Gurion airport", 1)
	w.tag(s, e, "Facility", linkAuto)
	return w
}

// snapshot is what a reader sees of a workspace: each placed annotation's
// range, kind, colour or label, entity name and note.
func snapshot(w *workspace) string {
	var b strings.Builder
	for _, p := range w.placed {
		ent := ""
		if e, ok := w.set.Entity(p.EntityID); ok {
			ent = e.Name
		}
		b.WriteString(strings.Join([]string{p.ID, itoa(p.Match.Start), itoa(p.Match.End), string(p.Kind), string(p.Color), p.Label, ent, p.Note}, "|") + "\n")
	}
	return b.String()
}

func TestImportRoundTrip(t *testing.T) {
	src := busyWorkspace(t)
	data, err := src.exportJSON(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	w := newWorkspace(seeds.Articles()[0])
	rep, err := w.importJSON(data, func(s string) string { return s })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 4 || rep.Present != 0 || rep.String() != "Imported 4" {
		t.Errorf("report %+v: %q", rep, rep)
	}
	if got, want := snapshot(w), snapshot(src); got != want {
		t.Errorf("imported:\n%s\nwant:\n%s", got, want)
	}
	if !containsLabel(w.labels, "Facility") {
		t.Errorf("labels %q lack the imported Facility", w.labels)
	}
	// Again: nothing new, nothing doubled.
	rep, err = w.importJSON(data, func(s string) string { return s })
	if err != nil || rep.Added != 0 || rep.Present != 4 || rep.String() != "Imported 0 · 4 already present" {
		t.Errorf("second import: %+v %q, %v", rep, rep, err)
	}
	if len(w.placed) != 4 {
		t.Errorf("%d annotations after importing twice", len(w.placed))
	}
	// One undo takes the import back.
	if !w.undo() || len(w.placed) != 0 {
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
			_, err := w.importJSON([]byte(tt.data), func(s string) string { return s })
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
	ow := newWorkspace(other)
	s, e := at(t, ow, "Ban Ki-Moon", 1)
	ow.tag(s, e, "Person", linkAuto)
	s, e = at(t, ow, "rained in Oslo", 1)
	ow.highlight(s, e, "blue")
	data, _ := ow.exportJSON(time.Now())

	w := newWorkspace(seeds.Articles()[0])
	rep, err := w.importJSON(data, func(string) string { return "“A digest”" })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 1 || rep.Foreign != 1 || !strings.Contains(rep.String(), "1 belongs to another article (“A digest”)") {
		t.Errorf("report %+v %q", rep, rep)
	}
	p := w.placed[0]
	if p.Match.Method == anchor.Orphan || w.text.Slice(p.Match.Start, p.Match.End) != "Ban Ki-Moon" || p.Target.Source != w.art.IRI() {
		t.Errorf("placed %+v", p)
	}

	// Only the highlight: nothing of it is here.
	ow.undo()
	ow.undo()
	s, e = at(t, ow, "rained in Oslo", 1)
	ow.highlight(s, e, "blue")
	data, _ = ow.exportJSON(time.Now())
	w = newWorkspace(seeds.Articles()[0])
	if _, err := w.importJSON(data, func(string) string { return "“A digest”" }); !errors.Is(err, errForeign) || !strings.Contains(err.Error(), "“A digest”") {
		t.Errorf("error %v", err)
	}
	if len(w.placed) != 0 {
		t.Error("a foreign file changed the annotations")
	}
}
