package annotation

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"
)

// clock is a fake clock that moves on by a second at each reading.
type clock struct{ t time.Time }

func (c *clock) now() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

func newSet() *Set {
	c := &clock{t: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)}
	return &Set{Now: c.now}
}

func highlight(id string, start, end int) Annotation {
	return Annotation{
		ID: id, Kind: Highlight, Color: Yellow,
		Target: Target{Quote: TextQuote{Exact: "x"}, Position: TextPosition{Start: start, End: end}},
	}
}

func ids(as []Annotation) []string {
	var s []string
	for _, a := range as {
		s = append(s, a.ID)
	}
	return s
}

// uuidPattern is what isUUID accepts.
var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

func TestIsUUID(t *testing.T) {
	for _, s := range []string{
		"3f1c6a2e-8a7b-4c1d-9e2f-0a1b2c3d4e5f", "3F1C6A2E-8A7B-4C1D-9E2F-0A1B2C3D4E5F", "",
		"3f1c6a2e-8a7b-4c1d-9e2f-0a1b2c3d4e5", "3f1c6a2e-8a7b-4c1d-9e2f-0a1b2c3d4e5f0", "3f1c6a2e08a7b-4c1d-9e2f-0a1b2c3d4e5f",
		"3f1c6a2g-8a7b-4c1d-9e2f-0a1b2c3d4e5f", "urn:uuid:3f1c6a2e-8a7b-4c1d-9e2f-0a1b2c", "3f1c6a2e-8a7b-4c1d-9e2f-0a1b2c3d4e5/",
	} {
		if got, want := isUUID(s), uuidPattern.MatchString(s); got != want {
			t.Errorf("isUUID(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestNewID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewID()
		if !uuidPattern.MatchString(id) || !isUUID(id) || id[14] != '4' {
			t.Fatalf("NewID() = %q, not a version 4 UUID", id)
		}
		if seen[id] {
			t.Fatalf("NewID() repeated %q", id)
		}
		seen[id] = true
	}
}

func TestIRI(t *testing.T) {
	tests := []struct{ id, iri string }{
		{"0b8e9a52-6f0e-4c1b-9d3a-2f1e0c9b8a7d", "urn:uuid:0b8e9a52-6f0e-4c1b-9d3a-2f1e0c9b8a7d"},
		{"urn:hypothesis:abc123", "urn:hypothesis:abc123"},
		{"https://example.org/anno/1", "https://example.org/anno/1"},
		{"plain", "urn:marginalia:plain"},
	}
	for _, tt := range tests {
		if got := IRI(tt.id); got != tt.iri {
			t.Errorf("IRI(%q) = %q, want %q", tt.id, got, tt.iri)
		}
		if back := IDFromIRI(tt.iri); back != tt.id {
			t.Errorf("IDFromIRI(%q) = %q, want %q", tt.iri, back, tt.id)
		}
	}
}

func TestValidate(t *testing.T) {
	good := highlight("a", 0, 1)
	tests := []struct {
		scenario string
		edit     func(a *Annotation)
		ok       bool
	}{
		{"good highlight", func(a *Annotation) {}, true},
		{"no ID", func(a *Annotation) { a.ID = "" }, false},
		{"unknown kind", func(a *Annotation) { a.Kind = "scribble" }, false},
		{"unknown colour", func(a *Annotation) { a.Color = "mauve" }, false},
		{"mention without label", func(a *Annotation) { a.Kind = Mention }, false},
		{"mention", func(a *Annotation) { a.Kind, a.Label = Mention, "Person" }, true},
		{"reversed range", func(a *Annotation) { a.Target.Position = TextPosition{5, 2} }, false},
		{"negative start", func(a *Annotation) { a.Target.Position.Start = -1 }, false},
		{"empty quote, empty range", func(a *Annotation) { a.Target.Quote.Exact = ""; a.Target.Position = TextPosition{} }, false},
		{"position only", func(a *Annotation) { a.Target.Quote.Exact = "" }, true},
		{"tombstone needs only an ID", func(a *Annotation) { *a = Annotation{ID: "a", Deleted: true} }, true},
	}
	for _, tt := range tests {
		a := good
		tt.edit(&a)
		err := a.Validate()
		var ve *ValidationError
		if tt.ok != (err == nil) || (err != nil && !errors.As(err, &ve)) {
			t.Errorf("%s: Validate() = %v", tt.scenario, err)
		}
	}
}

func TestAddUpdateDeleteUndoRedo(t *testing.T) {
	s := newSet()
	if err := s.Add(highlight("b", 10, 20)); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(highlight("a", 0, 5)); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(highlight("a", 0, 5)); err == nil {
		t.Error("adding an existing ID succeeded")
	}
	if got := ids(s.All()); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("document order = %v", got)
	}

	a, _ := s.Get("a")
	created := a.Created
	a.Note = "a note\non two lines"
	if err := s.Update(a); err != nil {
		t.Fatal(err)
	}
	a2, _ := s.Get("a")
	if a2.Note != a.Note || !a2.Modified.After(a2.Created) || !a2.Created.Equal(created) {
		t.Errorf("after update: %+v", a2)
	}
	if err := s.Update(highlight("zzz", 0, 1)); !errors.Is(err, ErrNotFound) {
		t.Errorf("update of a missing ID: %v", err)
	}

	if err := s.Delete("b"); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Get("b"); ok || s.Len() != 1 {
		t.Error("deleted annotation still live")
	}
	recs, _ := s.Records()
	if len(recs) != 2 || !recs[1].Deleted {
		t.Errorf("the deletion left no tombstone: %+v", recs)
	}
	if err := s.Delete("b"); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting twice: %v", err)
	}

	// Undo the delete, the update and the adds, one step at a time.
	if !s.Undo() {
		t.Fatal("nothing to undo")
	}
	if _, ok := s.Get("b"); !ok {
		t.Error("undo did not bring b back")
	}
	s.Undo()
	if a, _ := s.Get("a"); a.Note != "" {
		t.Errorf("undo of the update left note %q", a.Note)
	}
	s.Undo()
	s.Undo()
	if s.Len() != 0 || s.CanUndo() {
		t.Errorf("after undoing everything: %d live, CanUndo %v", s.Len(), s.CanUndo())
	}
	// Redo everything back.
	for s.Redo() {
	}
	if got := ids(s.All()); !reflect.DeepEqual(got, []string{"a"}) {
		t.Errorf("after redo: %v", got)
	}
	if a, _ := s.Get("a"); a.Note != "a note\non two lines" {
		t.Errorf("redo lost the note: %q", a.Note)
	}
	// A new step clears redo.
	s.Undo()
	s.Add(highlight("c", 1, 2))
	if s.CanRedo() {
		t.Error("a new step kept the redo history")
	}
}

func TestEditIsAtomic(t *testing.T) {
	s := newSet()
	bad := highlight("bad", 0, 1)
	bad.Color = "mauve"
	err := s.Apply(Edit{Put: []Annotation{highlight("good", 0, 1), bad}})
	if err == nil || s.Len() != 0 || s.CanUndo() {
		t.Errorf("a failed edit changed the set: err %v, %d live", err, s.Len())
	}
	err = s.Apply(Edit{Put: []Annotation{highlight("x", 0, 1), highlight("y", 2, 3)}})
	if err != nil || s.Len() != 2 {
		t.Fatal(err)
	}
	s.Undo()
	if s.Len() != 0 {
		t.Error("undo of a two-annotation edit left some")
	}
}

func TestUndoWinsMergeAgainstTheUndoneState(t *testing.T) {
	s := newSet()
	s.Add(highlight("a", 0, 1))
	other, _ := Load(s.Records())
	s.Undo() // the add is now a tombstone, newer than the copy in other
	other.Merge(s)
	if other.Len() != 0 {
		t.Error("the undo did not reach a merged copy")
	}
}

func TestEntities(t *testing.T) {
	s := newSet()
	kerry := Entity{ID: "e1", Name: "John Kerry", IRI: "https://www.wikidata.org/wiki/Q22316", Label: "Person"}
	m := func(id, exact string, start int) Annotation {
		return Annotation{ID: id, Kind: Mention, Label: "Person", EntityID: "e1",
			Target: Target{Quote: TextQuote{Exact: exact}, Position: TextPosition{start, start + len([]rune(exact))}}}
	}
	err := s.Apply(Edit{
		PutEntities: []Entity{kerry, {ID: "e2", Name: "abbas"}},
		Put:         []Annotation{m("m2", "Kerry’s", 50), m("m1", "John Kerry", 10), m("m3", "Kerry", 90)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(s.Mentions("e1")); !reflect.DeepEqual(got, []string{"m1", "m2", "m3"}) {
		t.Errorf("mentions = %v", got)
	}
	if e, ok := s.FindEntity("john kerry"); !ok || e.ID != "e1" {
		t.Errorf("FindEntity = %+v, %v", e, ok)
	}
	if es := s.Entities(); len(es) != 2 || es[0].Name != "abbas" {
		t.Errorf("Entities() = %+v", es)
	}
	if err := s.Apply(Edit{PutEntities: []Entity{{ID: "e3"}}}); err == nil {
		t.Error("an entity without a name was accepted")
	}
	s.Apply(Edit{DeleteEntities: []string{"e2"}})
	if _, ok := s.Entity("e2"); ok {
		t.Error("deleted entity still live")
	}
}

// randomSet makes a set of records drawn from a small pool of IDs, times
// and contents, so that sets overlap and tie often.
func randomSet(r *rand.Rand) *Set {
	var as []Annotation
	var es []Entity
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range r.IntN(8) {
		a := highlight(fmt.Sprintf("id%d", r.IntN(6)), r.IntN(4), 4+r.IntN(4))
		a.Note = []string{"", "n1", "n2"}[r.IntN(3)]
		a.Color = Colors[r.IntN(len(Colors))]
		a.Modified = base.Add(time.Duration(r.IntN(3)) * time.Second)
		a.Deleted = r.IntN(4) == 0
		as = append(as, a)
	}
	for range r.IntN(4) {
		es = append(es, Entity{
			ID: fmt.Sprintf("e%d", r.IntN(3)), Name: []string{"A", "B"}[r.IntN(2)],
			Modified: base.Add(time.Duration(r.IntN(3)) * time.Second), Deleted: r.IntN(4) == 0,
		})
	}
	s, err := Load(as, es)
	if err != nil {
		panic(err)
	}
	return s
}

func merged(sets ...*Set) *Set {
	out := &Set{}
	for _, s := range sets {
		out.Merge(s)
	}
	return out
}

func sameRecords(a, b *Set) bool {
	aa, ae := a.Records()
	ba, be := b.Records()
	return reflect.DeepEqual(aa, ba) && reflect.DeepEqual(ae, be)
}

func TestMergeLaws(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		a, b, c := randomSet(r), randomSet(r), randomSet(r)
		if !sameRecords(merged(a, b), merged(b, a)) {
			t.Fatalf("case %d: merge is not commutative", i)
		}
		if !sameRecords(merged(a, a), merged(a)) || !sameRecords(merged(merged(a, b), b), merged(a, b)) {
			t.Fatalf("case %d: merge is not idempotent", i)
		}
		if !sameRecords(merged(merged(a, b), c), merged(a, merged(b, c))) {
			t.Fatalf("case %d: merge is not associative", i)
		}
	}
}

func TestMergeRules(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	older, newer := highlight("a", 0, 1), highlight("a", 0, 1)
	older.Modified, older.Note = t0, "old"
	newer.Modified, newer.Note = t0.Add(time.Second), "new"
	tomb := Annotation{ID: "a", Deleted: true, Modified: t0}

	tests := []struct {
		scenario string
		here     Annotation
		there    Annotation
		want     string // note of the live winner, or "deleted"
		stats    MergeStats
	}{
		{"newer edit wins", older, newer, "new", MergeStats{Updated: 1}},
		{"older edit loses", newer, older, "new", MergeStats{Unchanged: 1}},
		{"tombstone beats an older edit", older, func() Annotation { x := tomb; x.Modified = t0.Add(time.Second); return x }(), "deleted", MergeStats{Updated: 1}},
		{"tombstone wins a tie", older, tomb, "deleted", MergeStats{Updated: 1}},
		{"newer edit beats an older tombstone", tomb, newer, "new", MergeStats{Updated: 1}},
	}
	for _, tt := range tests {
		s, _ := Load([]Annotation{tt.here}, nil)
		o, _ := Load([]Annotation{tt.there}, nil)
		stats := s.Merge(o)
		got := "deleted"
		if a, ok := s.Get("a"); ok {
			got = a.Note
		}
		if got != tt.want || stats != tt.stats {
			t.Errorf("%s: got %q, %+v; want %q, %+v", tt.scenario, got, stats, tt.want, tt.stats)
		}
	}
}

func TestImportIsOneStep(t *testing.T) {
	s := newSet()
	s.Add(highlight("mine", 0, 1))
	o, _ := Load([]Annotation{highlight("x", 1, 2), highlight("y", 2, 3)}, nil)
	stats := s.Import(o)
	if stats.Added != 2 || s.Len() != 3 {
		t.Fatalf("import: %+v, %d live", stats, s.Len())
	}
	if again := s.Import(o); again.Added != 0 || again.Unchanged != 2 {
		t.Errorf("re-import: %+v, want 2 unchanged", again)
	}
	s.Undo()
	if got := ids(s.All()); !reflect.DeepEqual(got, []string{"mine"}) {
		t.Errorf("after undoing the import: %v", got)
	}
}

// TestOrderStaysSorted checks the order kept up to date edit by edit
// against a full sort, over random adds, moves, deletes, undos and redos.
func TestOrderStaysSorted(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	s := &Set{}
	var ids []string
	target := func() Target {
		start := r.IntN(200)
		return Target{Quote: TextQuote{Exact: "x"}, Position: TextPosition{Start: start, End: start + 1 + r.IntN(5)}}
	}
	for step := range 2000 {
		switch op := r.IntN(10); {
		case op < 4 || len(ids) == 0:
			a := Annotation{ID: NewID(), Kind: Highlight, Color: Yellow, Target: target()}
			if err := s.Add(a); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, a.ID)
		case op < 6:
			if a, ok := s.Get(ids[r.IntN(len(ids))]); ok {
				a.Target = target()
				s.Update(a)
			}
		case op < 7:
			s.Delete(ids[r.IntN(len(ids))])
		case op < 8:
			s.Undo()
		case op < 9:
			s.Redo()
		default:
			s.Len() // read the order between edits, as the reader does
		}
		if step%3 != 0 {
			continue // several edits between two reads of the order
		}
		want := sortedIDs(s.anns)
		if got := s.ids(); !slices.Equal(got, want) {
			t.Fatalf("step %d: kept order %v, sorted %v", step, got, want)
		}
	}
}

// TestLoadTakesTheOrderOfRecords: records in document order (as Records
// gives them) are loaded without a sort; in any other order, or with an
// ID twice, Load still gets the order right.
func TestLoadTakesTheOrderOfRecords(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for round := range 500 {
		as, es := randomSet(r).Records()
		loaded, err := Load(as, es)
		if err != nil {
			t.Fatal(err)
		}
		if loaded.order == nil && len(as) > 0 {
			t.Fatalf("round %d: records in document order were sorted again", round)
		}
		if got, want := loaded.ids(), sortedIDs(loaded.anns); !slices.Equal(got, want) {
			t.Fatalf("round %d: in order: %v, want %v", round, got, want)
		}
		if len(as) > 0 {
			// In order, but an ID twice: a later version of the first, moved
			// to the end.
			moved := as[0]
			moved.Target.Position = TextPosition{Start: 1000, End: 1001}
			moved.Modified = moved.Modified.Add(time.Hour)
			twice, err := Load(append(slices.Clone(as), moved), es)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := twice.ids(), sortedIDs(twice.anns); !slices.Equal(got, want) {
				t.Fatalf("round %d: an ID twice: %v, want %v", round, got, want)
			}
		}
		r.Shuffle(len(as), func(i, j int) { as[i], as[j] = as[j], as[i] })
		if len(as) > 0 && r.IntN(2) == 0 {
			dup := as[0]
			dup.Target.Position.Start++
			dup.Target.Position.End += 100
			as = append(as, dup)
		}
		shuffled, err := Load(as, es)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := shuffled.ids(), sortedIDs(shuffled.anns); !slices.Equal(got, want) {
			t.Fatalf("round %d: shuffled: %v, want %v", round, got, want)
		}
	}
}

func TestStampKeepsTimesWithinTheYearsRecordsWrite(t *testing.T) {
	parse := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		in   time.Time
		want time.Time
	}{
		{parse("2026-11-25T09:00:00.1234+01:00"), parse("2026-11-25T08:00:00.123Z")},
		{parse("0000-01-01T00:00:00+00:01"), time.Time{}},
		{parse("0001-01-01T00:00:00.001Z"), parse("0001-01-01T00:00:00.001Z")},
		{parse("9999-12-31T23:59:59.999Z"), MaxTime},
		{MaxTime, MaxTime},
	}
	for _, tt := range tests {
		if got := Stamp(tt.in); !got.Equal(tt.want) {
			t.Errorf("Stamp(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
	// An edit of an annotation at the last time stays there.
	if got := stamp(MaxTime, MaxTime); got.After(MaxTime) {
		t.Errorf("an edit moved the time to %v", got)
	}
}
