package reading

import (
	"testing"

	"marginalia/seeds"
)

func TestEntitiesGroupRenameMerge(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	s, e := at(t, w, "Kerry", 2)
	_, offer, _ := w.Tag(s, e, "Person", LinkAuto)
	w.TagAll(offer)
	s, e = at(t, w, "Mahmoud Abbas", 1)
	w.Tag(s, e, "Person", LinkAuto)
	s, e = at(t, w, "President Abbas", 1)
	w.Tag(s, e, "Person", LinkAuto)
	s, e = at(t, w, "Gaza Strip", 1)
	w.Tag(s, e, "Location", LinkAuto)

	groups := w.EntityGroups()
	if len(groups) != 2 || groups[0].Label != "Person" || groups[1].Label != "Location" {
		t.Fatalf("groups %+v", groups)
	}
	counts := map[string]int{}
	for _, en := range groups[0].Entities {
		counts[en.Name] = len(en.Mentions)
	}
	if counts["Kerry"] != 12 || counts["Mahmoud Abbas"] != 1 || counts["President Abbas"] != 1 {
		t.Errorf("Person entities %v", counts)
	}
	kerry, _ := w.set.FindEntity("Kerry")
	if err := w.RenameEntity(kerry.ID, " John Kerry ", "https://www.wikidata.org/wiki/Q22316"); err != nil {
		t.Fatal(err)
	}
	if e, _ := w.set.Entity(kerry.ID); e.Name != "John Kerry" || e.IRI != "https://www.wikidata.org/wiki/Q22316" {
		t.Errorf("after rename: %+v", e)
	}
	// Merge "President Abbas" into "Mahmoud Abbas", then undo it.
	from, _ := w.set.FindEntity("President Abbas")
	into, _ := w.set.FindEntity("Mahmoud Abbas")
	if err := w.MergeEntity(from.ID, into.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := w.set.Entity(from.ID); ok || len(w.set.Mentions(into.ID)) != 2 {
		t.Errorf("after merge: %d mentions of %s", len(w.set.Mentions(into.ID)), into.Name)
	}
	w.Undo()
	if _, ok := w.set.Entity(from.ID); !ok || len(w.set.Mentions(into.ID)) != 1 {
		t.Error("undo did not separate the merged entities")
	}
}

func TestSafeIRI(t *testing.T) {
	for in, want := range map[string]string{
		"https://www.wikidata.org/wiki/Q22316": "https://www.wikidata.org/wiki/Q22316",
		"javascript:alert(1)":                  "",
		" JavaScript:alert(1)":                 "",
		"data:text/html,x":                     "",
		"HTTP://example.org":                   "HTTP://example.org",
	} {
		if got := SafeIRI(in); got != want {
			t.Errorf("safeIRI(%q) = %q, want %q", in, got, want)
		}
	}
}
