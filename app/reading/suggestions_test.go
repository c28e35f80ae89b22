package reading

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"marginalia/app/annotation"
	"marginalia/app/suggest"
	"marginalia/seeds"
)

// suggestedMarks returns the suggestions drawn in the blocks, each with
// its text and label, by ID.
func suggestedMarks(w *Workspace) map[string]string {
	out := map[string]string{}
	for _, b := range w.blocks {
		for _, s := range b.Segments {
			for _, m := range s.Marks {
				if m.Suggested {
					out[m.ID] += s.Text
				}
			}
		}
	}
	return out
}

// suggestionOf is a suggestion of the n-th occurrence of text.
func suggestionOf(t *testing.T, w *Workspace, text string, n int, label string) suggest.Suggestion {
	t.Helper()
	s, e := at(t, w, text, n)
	return suggest.Suggestion{Start: s, End: e, Text: text, Label: label}
}

func TestSuggestionsDrawnAcceptedAndUndone(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	hl1, hl2 := at(t, w, "John Kerry", 1)
	if _, err := w.Highlight(hl1, hl2, annotation.Yellow); err != nil {
		t.Fatal(err)
	}
	changes := 0
	w.onChange = func() { changes++ }
	kerry1 := suggestionOf(t, w, "John Kerry", 1, "Person")
	kerry2 := suggestionOf(t, w, "Kerry", 3, "Person")
	cairo := suggestionOf(t, w, "Cairo", 1, "Location")
	// Drawn in steps: first where the reader is, then the rest.
	w.SetSuggestions([]suggest.Suggestion{kerry1, kerry2, cairo}, kerry2.Start, kerry2.End)
	if marks := suggestedMarks(w); len(marks) != 1 || marks[SuggestionID(kerry2)] != "Kerry" {
		t.Fatalf("drawn in the first step: %v", marks)
	}
	w.WidenSuggestions(0, kerry2.End)
	if marks := suggestedMarks(w); len(marks) != 2 || marks[SuggestionID(kerry1)] != "John Kerry" {
		t.Fatalf("drawn in the second step: %v", marks)
	}
	w.WidenSuggestions(0, w.text.Len())
	marks := suggestedMarks(w)
	if len(marks) != 3 || marks[SuggestionID(kerry1)] != "John Kerry" || marks[SuggestionID(cairo)] != "Cairo" {
		t.Fatalf("drawn suggestions %v", marks)
	}
	if changes != 0 || len(w.set.All()) != 1 {
		t.Fatalf("showing suggestions changed the data: %d changes, %d annotations", changes, len(w.set.All()))
	}
	if out, err := w.ExportJSON(time.Now()); err != nil || strings.Contains(string(out), "Cairo") || strings.Contains(string(out), "Person") {
		t.Fatalf("the export holds suggestions: %v\n%s", err, out)
	}

	// Both Kerrys, one step, one entity: a person's surname alone is the
	// person named in full in the same step.
	alike := w.Alike(suggest.Suggestion{Text: "Kerry", Label: "Person"})
	if len(alike) != 1 {
		t.Fatalf("alike %v", alike)
	}
	n, err := w.Accept([]suggest.Suggestion{kerry1, kerry2}, "")
	if err != nil || n != 2 || changes != 1 {
		t.Fatalf("accept = %d, %v; %d changes", n, err, changes)
	}
	marks = suggestedMarks(w)
	if len(marks) != 1 || marks[SuggestionID(cairo)] != "Cairo" {
		t.Fatalf("after accepting, drawn suggestions %v", marks)
	}
	var entities []string
	for _, a := range w.set.All() {
		if a.Kind == annotation.Mention {
			entities = append(entities, a.EntityID)
		}
	}
	if len(entities) != 2 || entities[0] == "" || entities[0] != entities[1] {
		t.Fatalf("mentions link to %v, want one entity", entities)
	}
	if !w.Undo() || len(suggestedMarks(w)) != 3 || len(w.set.All()) != 1 {
		t.Fatalf("undo left %v drawn, %d annotations", suggestedMarks(w), len(w.set.All()))
	}

	// Reject: gone, and not back when found again.
	w.Reject(cairo)
	w.SetSuggestions([]suggest.Suggestion{kerry1, kerry2, cairo}, 0, w.text.Len())
	if _, ok := suggestedMarks(w)[SuggestionID(cairo)]; ok {
		t.Fatal("a rejected suggestion is drawn again")
	}
	// A label chosen in the card: the mention takes it.
	if n, err := w.Accept([]suggest.Suggestion{kerry1}, "Organization"); err != nil || n != 1 {
		t.Fatalf("accept as Organization = %d, %v", n, err)
	}
	s, e := at(t, w, "John Kerry", 1)
	if !w.mentioned(s, e) {
		t.Fatal("not tagged")
	}
	for _, a := range w.set.All() {
		if a.Kind == annotation.Mention && a.Label != "Organization" {
			t.Fatalf("label %q", a.Label)
		}
	}
	w.SetSuggestions(nil, 0, w.text.Len())
	if len(suggestedMarks(w)) != 0 {
		t.Fatalf("turned off, %v still drawn", suggestedMarks(w))
	}
}

// TestAcceptLinksToTheLibrarysEntity: a name tagged in another article
// links to the same entity (its ID and name) when accepted here.
func TestAcceptLinksToTheLibrarysEntity(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	other := annotation.Entity{ID: "urn:uuid:0b5f3f6e-kerry", Name: "John Forbes Kerry", Label: "Person"}
	w.sugs.Others = map[string]annotation.Entity{other.ID: other}
	a := suggestionOf(t, w, "Kerry", 2, "Person")
	b := suggestionOf(t, w, "Kerry", 3, "Person")
	a.EntityID, b.EntityID = other.ID, other.ID
	w.SetSuggestions([]suggest.Suggestion{a, b}, 0, w.text.Len())
	if n, err := w.Accept([]suggest.Suggestion{a, b}, ""); err != nil || n != 2 {
		t.Fatalf("accept = %d, %v", n, err)
	}
	e, ok := w.set.Entity(other.ID)
	if !ok || e.Name != other.Name || e.Label != other.Label || len(w.set.Entities()) != 1 {
		t.Fatalf("entities %v", w.set.Entities())
	}
	for _, m := range w.set.All() {
		if m.EntityID != other.ID {
			t.Fatalf("mention links to %q", m.EntityID)
		}
	}
}

func TestNextSuggestion(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	list := []suggest.Suggestion{suggestionOf(t, w, "Kerry", 2, "Person"), suggestionOf(t, w, "Kerry", 3, "Person"), suggestionOf(t, w, "Cairo", 1, "Location")}
	w.SetSuggestions(list, 0, w.text.Len())
	shown := w.sugs.Shown
	tests := []struct {
		at, dir int
		want    suggest.Suggestion
	}{
		{-1, 1, shown[0]},
		{shown[0].Start, 1, shown[1]},
		{shown[1].Start + 1, 1, shown[2]},
		{shown[2].Start, 1, shown[0]},
		{shown[2].Start, -1, shown[1]},
		{shown[0].Start, -1, shown[2]},
	}
	for _, tt := range tests {
		if got, ok := w.NextSuggestion(tt.at, tt.dir); !ok || got != tt.want {
			t.Errorf("nextSuggestion(%d, %d) = %v, want %v", tt.at, tt.dir, got, tt.want)
		}
	}
}

// TestSuggestionsFollowEdits: after any edit, what is shown (looked at
// again only where the edit touched) is what filtering everything anew
// gives: no suggestion over a mention, none rejected, all others.
func TestSuggestionsFollowEdits(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	n := w.text.Len()
	rng := uint64(9)
	rand := func(k int) int {
		rng = rng*6364136223846793005 + 1442695040888963407
		return int(rng>>33) % k
	}
	var found []suggest.Suggestion
	for at := rand(20); at < n-10; at += 3 + rand(40) {
		end := at + 1 + rand(12)
		if text := w.text.Slice(at, end); !strings.Contains(text, "\n") { // names never span blocks
			found = append(found, suggest.Suggestion{Start: at, End: end, Text: text, Label: "Person"})
		}
		at = end
	}
	w.SetSuggestions(found, 0, n)
	for round := range 200 {
		switch s := rand(n - 20); rand(6) {
		case 0:
			w.Highlight(s, s+1+rand(15), annotation.Green)
		case 1, 2:
			w.Tag(s, s+1+rand(15), "Person", LinkAuto)
		case 3:
			w.Undo()
		case 4:
			if len(w.sugs.Shown) > 0 {
				w.Reject(w.sugs.Shown[rand(len(w.sugs.Shown))])
			}
		case 5:
			if len(w.sugs.Shown) > 0 {
				sg := w.sugs.Shown[rand(len(w.sugs.Shown))]
				w.Accept([]suggest.Suggestion{sg}, "")
			}
		}
		var want []suggest.Suggestion
		for _, sg := range found {
			if !w.mentioned(sg.Start, sg.End) && !w.sugs.Rejected[Span{sg.Start, sg.End}] {
				want = append(want, sg)
			}
		}
		if !reflect.DeepEqual(w.sugs.Shown, want) && !(len(want) == 0 && len(w.sugs.Shown) == 0) {
			t.Fatalf("round %d: shown %d, want %d", round, len(w.sugs.Shown), len(want))
		}
		marks := suggestedMarks(w)
		if len(marks) != len(want) {
			t.Fatalf("round %d: %d drawn, want %d", round, len(marks), len(want))
		}
		for _, sg := range want {
			if marks[SuggestionID(sg)] != sg.Text {
				t.Fatalf("round %d: %s drawn as %q, want %q", round, SuggestionID(sg), marks[SuggestionID(sg)], sg.Text)
			}
		}
	}
}
