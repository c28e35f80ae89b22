package reading

import (
	"reflect"
	"strings"
	"testing"

	"marginalia/app/annotation"
	"marginalia/app/store"
	"marginalia/app/suggest"
	"marginalia/seeds"
)

// suggestedLabels returns the label each drawn suggestion shows, by ID.
func suggestedLabels(w *Workspace) map[string]string {
	out := map[string]string{}
	for _, b := range w.blocks {
		for _, s := range b.Segments {
			for _, m := range s.Marks {
				if m.Suggested {
					out[m.ID] = m.Label
				}
			}
		}
	}
	return out
}

// spans lists suggestions as text@start.
func spans(list []suggest.Suggestion) string {
	var out []string
	for _, s := range list {
		out = append(out, s.Text+"@"+Itoa(s.Start))
	}
	return strings.Join(out, " ")
}

// TestSuggestionRelabelledIsRedrawn: found again with another label (more
// evidence), a suggestion is drawn with its new label.
func TestSuggestionRelabelledIsRedrawn(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	cairo := suggestionOf(t, w, "Cairo", 1, "Location")
	kerry := suggestionOf(t, w, "John Kerry", 1, "Person")
	w.SetSuggestions([]suggest.Suggestion{kerry, cairo}, 0, w.text.Len())
	cairo.Label = "Organization"
	w.SetSuggestions([]suggest.Suggestion{kerry, cairo}, 0, w.text.Len())
	if got := suggestedLabels(w); got[SuggestionID(cairo)] != "Organization" || got[SuggestionID(kerry)] != "Person" {
		t.Errorf("drawn labels %v", got)
	}
}

// TestSuggestionsBesideAMention: a suggestion that only touches a mention
// (ends where it starts, or starts where it ends) is still suggested; one
// that overlaps it by a code point is not. The same holds when there are
// many to look at (looked up in an index of the mentions).
func TestSuggestionsBesideAMention(t *testing.T) {
	for _, many := range []bool{false, true} {
		w := NewWorkspace(seeds.Articles()[0])
		s, e := at(t, w, "Kerry", 2) // in "John Kerry"
		if _, _, err := w.Tag(s, e, "Person", LinkAuto); err != nil {
			t.Fatal(err)
		}
		var found []suggest.Suggestion
		if many {
			for k := 0; k < 20; k += 2 { // in the title, looked at first
				found = append(found, suggest.Suggestion{Start: k, End: k + 1, Text: w.text.Slice(k, k+1), Label: "Other"})
			}
		}
		before := suggest.Suggestion{Start: s - 5, End: s, Text: w.text.Slice(s-5, s), Label: "Person"}
		into := suggest.Suggestion{Start: s - 5, End: s + 1, Text: w.text.Slice(s-5, s+1), Label: "Person"}
		after := suggest.Suggestion{Start: e, End: e + 9, Text: w.text.Slice(e, e+9), Label: "Other"}
		from := suggest.Suggestion{Start: e - 1, End: e + 9, Text: w.text.Slice(e-1, e+9), Label: "Other"}
		for _, list := range [][]suggest.Suggestion{{before, after}, {into, from}} {
			w.SetSuggestions(append(append([]suggest.Suggestion(nil), found...), list...), 0, w.text.Len())
			shown := w.sugs.Shown[len(found):]
			if list[0] == before && len(shown) != 2 {
				t.Errorf("many %v: beside the mention, %q shown", many, spans(shown))
			}
			if list[0] == into && len(shown) != 0 {
				t.Errorf("many %v: over the mention, %q shown", many, spans(shown))
			}
		}
	}
}

// TestSuggestionAtTheEdgeOfTheDrawnRange: a highlight over a suggestion
// that starts or ends the range drawn so far leaves it drawn.
func TestSuggestionAtTheEdgeOfTheDrawnRange(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	k1 := suggestionOf(t, w, "Kerry", 2, "Person")
	k2 := suggestionOf(t, w, "Kerry", 3, "Person")
	k3 := suggestionOf(t, w, "Kerry", 4, "Person")
	w.SetSuggestions([]suggest.Suggestion{k1, k2, k3}, k2.Start, k2.End)
	if _, err := w.Highlight(k2.Start, k2.End, annotation.Green); err != nil {
		t.Fatal(err)
	}
	if got := spans(w.sugs.Shown); got != spans([]suggest.Suggestion{k2}) {
		t.Errorf("shown %q", got)
	}
	if len(suggestedMarks(w)) != 1 {
		t.Errorf("drawn %v", suggestedMarks(w))
	}
}

// TestSuggestionsComeBackInPlace: deleting a mention that covered some
// suggestions shows them again, in text order between the others, and
// draws them.
func TestSuggestionsComeBackInPlace(t *testing.T) {
	tests := []struct {
		name   string
		covers string // the mention's text ends with this
	}{
		{"two come back between two", "Gaza Strip"},
		{"three come back between two", "Mahmoud Abbas"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := NewWorkspace(seeds.Articles()[0])
			var found []suggest.Suggestion
			for _, q := range []string{"Gaza", "John Kerry", "Gaza Strip", "Mahmoud Abbas", "Benjamin Netanyahu"} {
				found = append(found, suggestionOf(t, w, q, 1, "Person"))
			}
			w.SetSuggestions(found, 0, w.text.Len())
			_, end := at(t, w, tt.covers, 1)
			id, _, err := w.Tag(found[1].Start, end, "Event", LinkAuto)
			if err != nil {
				t.Fatal(err)
			}
			w.SetLabel(id, "Person") // a known label: only the range is redrawn
			if err := w.Remove(id); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(w.sugs.Shown, found) {
				t.Errorf("shown %q, want %q", spans(w.sugs.Shown), spans(found))
			}
			if marks := suggestedMarks(w); len(marks) != len(found) {
				t.Errorf("drawn %v", marks)
			}
		})
	}
}

// TestWidenToANarrowerRange: widened to a range that does not hold the
// one shown, only the suggestions of the new range show.
func TestWidenToANarrowerRange(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	var found []suggest.Suggestion
	for _, q := range []string{"Gaza", "John Kerry", "Gaza Strip", "Mahmoud Abbas"} {
		found = append(found, suggestionOf(t, w, q, 1, "Person"))
	}
	w.SetSuggestions(found, 0, w.text.Len())
	w.WidenSuggestions(found[1].Start, w.text.Len())
	if got := spans(w.sugs.Shown); got != spans(found[1:]) {
		t.Errorf("from John Kerry on: %q", got)
	}
	w.WidenSuggestions(found[1].Start, found[2].End)
	if got := spans(w.sugs.Shown); got != spans(found[1:3]) {
		t.Errorf("up to Gaza Strip: %q", got)
	}
	if marks := suggestedMarks(w); len(marks) != 2 {
		t.Errorf("drawn %v", marks)
	}
}

// TestSuggestionByID: a card finds its suggestion by ID; an ID of no
// suggestion shown (past the last, or not an ID) finds none, and a stale
// card opens nothing.
func TestSuggestionByID(t *testing.T) {
	s, _ := suggestingSeed(t, nil)
	last := s.ws.sugs.Shown[len(s.ws.sugs.Shown)-1]
	if sg, ok := s.ws.Suggestion(SuggestionID(last)); !ok || sg != last {
		t.Errorf("the last: %+v %v", sg, ok)
	}
	for _, id := range []string{"sug-99999-99999", "sug-" + Itoa(last.Start) + "-" + Itoa(last.End+1), "sug-3", "sug-a-b", ""} {
		if sg, ok := s.ws.Suggestion(id); ok {
			t.Errorf("%q finds %+v", id, sg)
		}
		s.Act(Action{Do: DoOpenSuggestion, ID: id})
		if opened(s) != "" {
			t.Errorf("%q opened %q", id, opened(s))
		}
	}
}

// TestAlikeIsSameTextAndLabel: "accept all like this" takes the shown
// suggestions of the same text and label, no others.
func TestAlikeIsSameTextAndLabel(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	found := []suggest.Suggestion{
		suggestionOf(t, w, "John Kerry", 1, "Person"),
		suggestionOf(t, w, "Kerry", 3, "Person"),
		suggestionOf(t, w, "Kerry", 4, "Location"),
		suggestionOf(t, w, "Kerry", 5, "Person"),
	}
	w.SetSuggestions(found, 0, w.text.Len())
	if got := spans(w.Alike(found[1])); got != spans([]suggest.Suggestion{found[1], found[3]}) {
		t.Errorf("alike %q", got)
	}
}

// TestAcceptSurnameAmongOtherPersons: a surname or a first name accepted
// alone links to the one person of the article whose name starts or ends
// with it, other persons notwithstanding; a name two persons share makes
// an entity of its own.
func TestAcceptSurnameAmongOtherPersons(t *testing.T) {
	art := parseText(t, "Notes\n\nJohn Kerry met Tony Blinken and Teresa Heinz. Later Kerry, Tony and Heinz left; Heinz Kerry stayed.\n")
	tests := []struct {
		quote string
		n     int
		want  string // the name of the entity the mention links to
	}{
		{"Kerry", 2, "John Kerry"},
		{"Tony", 2, "Tony Blinken"},
		{"Heinz", 2, "Teresa Heinz"},
		{"Kerry", 2, "Kerry"}, // with Heinz Kerry a person too: a new entity
	}
	for i, tt := range tests {
		w := NewWorkspace(art)
		persons := []string{"John Kerry", "Tony Blinken", "Teresa Heinz"}
		if i == len(tests)-1 {
			persons = append(persons, "Heinz Kerry")
		}
		for _, q := range persons {
			s, e := at(t, w, q, 1)
			if _, _, err := w.Tag(s, e, suggest.Person, LinkAuto); err != nil {
				t.Fatal(err)
			}
		}
		sg := suggestionOf(t, w, tt.quote, tt.n, suggest.Person)
		if n, err := w.Accept([]suggest.Suggestion{sg}, ""); err != nil || n != 1 {
			t.Fatalf("%s: accept = %d, %v", tt.quote, n, err)
		}
		for _, p := range w.placed {
			if p.Match.Start == sg.Start && p.Match.End == sg.End {
				if e, _ := w.set.Entity(p.EntityID); e.Name != tt.want {
					t.Errorf("%s links to %q, want %q", tt.quote, e.Name, tt.want)
				}
			}
		}
	}
}

// TestAcceptNamesOfOnePersonInOneStep: a full name accepted with its first
// name and its surname, in one step, gives one entity for the three.
func TestAcceptNamesOfOnePersonInOneStep(t *testing.T) {
	w := NewWorkspace(parseText(t, "Notes\n\nJohn Kerry spoke. Later John said hello, and Kerry left.\n"))
	list := []suggest.Suggestion{
		suggestionOf(t, w, "John", 2, suggest.Person),
		suggestionOf(t, w, "John Kerry", 1, suggest.Person),
		suggestionOf(t, w, "Kerry", 2, suggest.Person),
	}
	if n, err := w.Accept(list, ""); err != nil || n != 3 {
		t.Fatalf("accept = %d, %v", n, err)
	}
	if es := w.set.Entities(); len(es) != 1 || es[0].Name != "John Kerry" {
		t.Errorf("entities %+v", es)
	}
}

// TestLearnLibrary: what the reader tagged in the library's other
// articles is suggested here, unless rejected in one of them; what this
// article's stored record tags, and what was rejected here, are left to
// the article's own set; an unreadable record is skipped. Each record
// read lets the page run (pause).
func TestLearnLibrary(t *testing.T) {
	seed := seeds.Articles()[0]
	mem := &store.Memory{}
	save := func(art string, tags ...string) string {
		a := parseText(t, art)
		w := NewWorkspace(a)
		for i := 0; i < len(tags); i += 2 {
			s, e := at(t, w, tags[i], 1)
			if _, _, err := w.Tag(s, e, tags[i+1], LinkAuto); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := store.New(mem).Save(a.ID, w.data()); err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	save("Letters\n\nWe sailed to Zanzibar and Cairo.\n", "Zanzibar", "Location", "Cairo", "Location")
	third := save("Diary\n\nCairo was hot.\n")
	if err := KeepRejection(mem, third, suggest.Suggestion{Text: "Cairo", Label: "Location"}); err != nil {
		t.Fatal(err)
	}
	if err := KeepRejection(mem, seed.ID, suggest.Suggestion{Text: "Zanzibar", Label: "Location"}); err != nil {
		t.Fatal(err)
	}
	ws := NewWorkspace(seed)
	s, e := at(t, ws, "Knesset", 1)
	ws.Tag(s, e, "Organization", LinkAuto)
	store.New(mem).Save(seed.ID, ws.data()) // this article's record: Knesset
	mem.Set(store.Key("broken"), "{")
	here := []suggest.Name{{Text: "Oslo", Label: "Location"}}

	pauses := 0
	m, others := LearnLibrary(mem, here, seed.ID, func() { pauses++ })
	text := "Then Zanzibar, Cairo, the Knesset and Oslo."
	got := map[string]string{}
	for _, sg := range suggest.Suggest(text, m, nil, nil) {
		got[sg.Text] = sg.Label
	}
	if want := map[string]string{"Zanzibar": "Location", "Oslo": "Location"}; !reflect.DeepEqual(got, want) {
		t.Errorf("suggested %v, want %v", got, want)
	}
	if pauses != 3 {
		t.Errorf("%d pauses, want one for each other record", pauses)
	}
	var names []string
	for _, e := range others {
		names = append(names, e.Name)
	}
	if len(others) != 2 || !strings.Contains(strings.Join(names, ","), "Zanzibar") {
		t.Errorf("the other articles' entities: %v", names)
	}
	if m2, _ := LearnLibrary(mem, nil, seed.ID, nil); len(suggest.Suggest(text, m2, nil, nil)) != 1 {
		t.Error("without pause, or here, the library teaches otherwise")
	}
}

// TestMentionNames: what the article teaches the suggestions is its
// mentions, with their labels and entities; highlights are no names.
func TestMentionNames(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	s, e := at(t, w, "Ramallah", 1)
	w.Highlight(s, e, annotation.Yellow)
	s, e = at(t, w, "Knesset", 1)
	id, _, _ := w.Tag(s, e, "Organization", LinkAuto)
	p, _ := w.Get(id)
	if got := MentionNames(w.set); len(got) != 1 || got[0] != (suggest.Name{Text: "Knesset", Label: "Organization", EntityID: p.EntityID}) {
		t.Errorf("names %+v", got)
	}
}
