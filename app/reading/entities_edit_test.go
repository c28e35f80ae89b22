package reading

import (
	"errors"
	"strings"
	"testing"

	"marginalia/app/annotation"
	"marginalia/seeds"
)

// kerryEntity tags the second "Kerry" of the seed article as a Person and
// returns the entity it made, with the number of changes the workspace
// reports from then on.
func kerryEntity(t *testing.T) (*Workspace, annotation.Entity, *int) {
	t.Helper()
	w := NewWorkspace(seeds.Articles()[0])
	s, e := at(t, w, "Kerry", 2)
	if _, _, err := w.Tag(s, e, "Person", LinkAuto); err != nil {
		t.Fatal(err)
	}
	kerry, ok := w.set.FindEntity("Kerry")
	if !ok {
		t.Fatal("tagging made no entity")
	}
	changes := new(int)
	w.onChange = func() { *changes++ }
	return w, kerry, changes
}

// TestRenameEntitySteps: renaming an entity's name alone, or its link
// alone, is a saved step that Ctrl+Z undoes; the same name and link again
// (spaces around them aside) is no step at all; an entity that is gone
// cannot be renamed.
func TestRenameEntitySteps(t *testing.T) {
	const iri = "https://www.wikidata.org/wiki/Q22316"
	tests := []struct {
		name      string
		newName   string
		newIRI    string
		step      bool
		wantName  string
		wantIRI   string
		undoneIRI string
	}{
		{"the name alone", "John Kerry", iri, true, "John Kerry", iri, iri},
		{"the link alone", "Kerry", "https://en.wikipedia.org/wiki/John_Kerry", true, "Kerry", "https://en.wikipedia.org/wiki/John_Kerry", iri},
		{"both", "John Kerry", "", true, "John Kerry", "", iri},
		{"neither", "  Kerry ", " " + iri + " ", false, "Kerry", iri, iri},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, kerry, changes := kerryEntity(t)
			if err := w.RenameEntity(kerry.ID, "Kerry", iri); err != nil {
				t.Fatal(err)
			}
			*changes = 0
			if err := w.RenameEntity(kerry.ID, tt.newName, tt.newIRI); err != nil {
				t.Fatal(err)
			}
			e, _ := w.set.Entity(kerry.ID)
			if e.Name != tt.wantName || e.IRI != tt.wantIRI {
				t.Errorf("renamed to %q %q, want %q %q", e.Name, e.IRI, tt.wantName, tt.wantIRI)
			}
			if step := *changes > 0; step != tt.step {
				t.Errorf("saved a step: %v, want %v", step, tt.step)
			}
			if groups := w.EntityGroups(); len(groups) != 1 || groups[0].Entities[0].Name != tt.wantName {
				t.Errorf("the Entities panel shows %+v", groups)
			}
			if tt.step {
				w.Undo()
				if e, _ := w.set.Entity(kerry.ID); e.Name != "Kerry" || e.IRI != tt.undoneIRI {
					t.Errorf("undone: %q %q", e.Name, e.IRI)
				}
			}
		})
	}
	w, _, _ := kerryEntity(t)
	if err := w.RenameEntity("urn:uuid:gone", "Someone", ""); !errors.Is(err, annotation.ErrNotFound) {
		t.Errorf("renaming a missing entity: %v", err)
	}
}

// TestMergeEntityIsSaved: merging moves the mentions at once (the
// Entities panel shows one entity with both) and is a saved step; an
// entity merged into itself is left as it is, and one merged into an
// entity that is gone is refused.
func TestMergeEntityIsSaved(t *testing.T) {
	w, kerry, changes := kerryEntity(t)
	s, e := at(t, w, "John Kerry", 1)
	if _, _, err := w.Tag(s, e, "Person", LinkNew); err != nil {
		t.Fatal(err)
	}
	john, _ := w.set.FindEntity("John Kerry")
	*changes = 0
	if err := w.MergeEntity(kerry.ID, kerry.ID); err != nil || *changes != 0 {
		t.Errorf("merged into itself: %v, %d changes", err, *changes)
	}
	if err := w.MergeEntity(kerry.ID, "urn:uuid:gone"); !errors.Is(err, annotation.ErrNotFound) {
		t.Errorf("merging into a missing entity: %v", err)
	}
	if err := w.MergeEntity(kerry.ID, john.ID); err != nil {
		t.Fatal(err)
	}
	if *changes != 1 {
		t.Errorf("the merge reported %d changes, want 1 (saved)", *changes)
	}
	groups := w.EntityGroups()
	if len(groups) != 1 || len(groups[0].Entities) != 1 || groups[0].Entities[0].ID != john.ID || len(groups[0].Entities[0].Mentions) != 2 {
		t.Errorf("after the merge the Entities panel shows %+v", groups)
	}
}

// TestEntityGroupsOfUnlistedLabels: an entity without a label of its own
// is listed under its first mention's label; entities whose label is not
// in the article's list come after the listed ones, by label.
func TestEntityGroupsOfUnlistedLabels(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	err := w.set.Apply(annotation.Edit{PutEntities: []annotation.Entity{
		{ID: "urn:uuid:blinken", Name: "Tony Blinken"},
		{ID: "urn:uuid:knesset", Name: "Knesset", Label: "Zeppelin"},
		{ID: "urn:uuid:cairo", Name: "Cairo", Label: "Vessel"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct{ quote, label, entity string }{
		{"Tony Blinken", "Organization", "urn:uuid:blinken"},
		{"Blinken said", "Person", "urn:uuid:blinken"},
		{"Knesset", "Other", "urn:uuid:knesset"},
		{"Cairo", "Location", "urn:uuid:cairo"},
	} {
		s, e := at(t, w, m.quote, 1)
		if _, _, err := w.Tag(s, e, m.label, LinkTo(m.entity)); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, g := range w.EntityGroups() {
		for _, en := range g.Entities {
			got = append(got, g.Label+": "+en.Name+" ×"+Itoa(len(en.Mentions)))
		}
	}
	if want := "Organization: Tony Blinken ×2 | Vessel: Cairo ×1 | Zeppelin: Knesset ×1"; strings.Join(got, " | ") != want {
		t.Errorf("groups %q, want %q", strings.Join(got, " | "), want)
	}
}

// TestEntityForARenamedEntity: a name tagged before links to the same
// entity after the entity was renamed: the new mention of "Kerry" finds
// it by the text of its mentions, and the link menu offers it first.
func TestEntityForARenamedEntity(t *testing.T) {
	w, kerry, _ := kerryEntity(t)
	if err := w.RenameEntity(kerry.ID, "John Forbes Kerry", ""); err != nil {
		t.Fatal(err)
	}
	if _, ok := w.set.FindEntity("Kerry"); ok {
		t.Fatal("an entity is still called Kerry")
	}
	s, e := at(t, w, "Kerry", 4)
	id, _, err := w.Tag(s, e, "Person", LinkAuto)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := w.Get(id); p.EntityID != kerry.ID || len(w.set.Entities()) != 1 {
		t.Errorf("the new mention links to %q (%d entities), want %q", p.EntityID, len(w.set.Entities()), kerry.ID)
	}
	// A highlight of the same text names no entity.
	other := NewWorkspace(seeds.Articles()[0])
	s, e = at(t, other, "Kerry", 2)
	other.Highlight(s, e, annotation.Yellow)
	if en, ok := other.EntityFor("Kerry"); ok {
		t.Errorf("a highlight names the entity %+v", en)
	}
}

// TestCandidatesOrder: the link menu lists the entity the text names
// first, then the names that contain the text or that it contains, then
// those sharing a word of three letters or more with it, then the rest,
// each group by name.
func TestCandidatesOrder(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	var es []annotation.Entity
	for _, n := range []string{"Aviv Geffen", "Benjamin Netanyahu", "Gaza", "Tel Aviv", "Of Mice"} {
		es = append(es, annotation.Entity{ID: "urn:uuid:" + strings.ReplaceAll(strings.ToLower(n), " ", "-"), Name: n})
	}
	if err := w.set.Apply(annotation.Edit{PutEntities: es}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want string
	}{
		{"Tel Aviv", "Tel Aviv, Aviv Geffen, Benjamin Netanyahu, Gaza, Of Mice"},
		{"aviv", "Aviv Geffen, Tel Aviv, Benjamin Netanyahu, Gaza, Of Mice"},
		{"Netanyahu of Tel", "Benjamin Netanyahu, Tel Aviv, Aviv Geffen, Gaza, Of Mice"},
		{"the Gaza Strip", "Gaza, Aviv Geffen, Benjamin Netanyahu, Of Mice, Tel Aviv"},
		{"  ", "Aviv Geffen, Benjamin Netanyahu, Gaza, Of Mice, Tel Aviv"},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range w.Candidates(tt.text) {
			got = append(got, e.Name)
		}
		if strings.Join(got, ", ") != tt.want {
			t.Errorf("candidates for %q: %s, want %s", tt.text, strings.Join(got, ", "), tt.want)
		}
	}
}
