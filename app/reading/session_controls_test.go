package reading

import (
	"errors"
	"strings"
	"testing"

	"marginalia/app/annotation"
	"marginalia/app/store"
	"marginalia/seeds"
)

// refusingStore is an in-memory storage that refuses to write (setErr)
// or to remove (removeErr) when told to.
type refusingStore struct {
	store.Memory
	setErr, removeErr error
}

func (r *refusingStore) Set(key, value string) error {
	if r.setErr != nil {
		return r.setErr
	}
	return r.Memory.Set(key, value)
}

func (r *refusingStore) Remove(key string) error {
	if r.removeErr != nil {
		return r.removeErr
	}
	return r.Memory.Remove(key)
}

// loadSeed reads what the storage keeps of the seed article.
func loadSeed(t *testing.T, b store.Backend) store.Data {
	t.Helper()
	d, err := store.New(b).Load(seeds.Articles()[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestSessionKeepDraft: what is typed in the notebook (id "") or in an
// annotation's note box is kept there, and saved once the page paints.
func TestSessionKeepDraft(t *testing.T) {
	s, p, mem := openSeed(t)
	selectQuote(t, s, "marathon talks", 1)
	s.Act(Action{Do: DoHighlight})
	id := s.ws.placed[0].ID
	s.KeepDraft("", "On the talks")
	s.KeepDraft(id, "Why marathon?")
	if s.ws.notebook != "On the talks" {
		t.Errorf("notebook %q", s.ws.notebook)
	}
	if a, _ := s.ws.Get(id); a.Note != "Why marathon?" {
		t.Errorf("note %q", a.Note)
	}
	p.paint()
	d := loadSeed(t, mem)
	if a, _ := d.Set.Get(id); d.Notebook != "On the talks" || a.Note != "Why marathon?" {
		t.Errorf("saved notebook %q, note %q", d.Notebook, a.Note)
	}
}

// TestSessionOtherTabSaved: what another tab saved shows in this one; a
// session without storage hears nothing of other tabs.
func TestSessionOtherTabSaved(t *testing.T) {
	mem := &store.Memory{}
	pa, pb := &fakePage{}, &fakePage{}
	a := Open(seeds.Articles()[0], pa, Options{Backend: mem})
	b := Open(seeds.Articles()[0], pb, Options{Backend: mem})
	selectQuote(t, a, "marathon talks", 1)
	a.Act(Action{Do: DoHighlight})
	pa.paint()
	written, ok, _ := mem.Get(store.Key(a.ws.art.ID))
	if !ok {
		t.Fatal("the first tab saved nothing")
	}
	b.OtherTabSaved(written)
	if len(b.ws.placed) != 1 || b.ws.placed[0].ID != a.ws.placed[0].ID {
		t.Errorf("the other tab shows %d annotations", len(b.ws.placed))
	}
	bare := Open(seeds.Articles()[0], &fakePage{}, Options{})
	bare.OtherTabSaved(written)
	if len(bare.ws.placed) != 0 {
		t.Error("a session without storage took in another tab's record")
	}
}

// TestSessionStorageTextParts: Settings says what it knows of the
// storage, one part or both, with one space between them.
func TestSessionStorageTextParts(t *testing.T) {
	s, _, _ := openSeed(t)
	if got := s.StorageText(); got != "" {
		t.Errorf("nothing known: %q", got)
	}
	s.Act(Action{Do: DoSetSpace, Text: "Space used: 1.0 MB."})
	if got := s.StorageText(); got != "Space used: 1.0 MB." {
		t.Errorf("the space alone: %q", got)
	}
	s, _, _ = openSeed(t)
	s.Persisted(false)
	if got := s.StorageText(); got != "Storage: this browser may clear it when space runs low." {
		t.Errorf("persistence alone: %q", got)
	}
}

// TestSessionLabelNumberPastTheList: a control that asks to tag, or to
// accept a suggestion, with a label number past the list does nothing.
func TestSessionLabelNumberPastTheList(t *testing.T) {
	s, _, _ := openSeed(t)
	selectQuote(t, s, "Mahmoud Abbas", 1)
	s.Act(Action{Do: DoTag, N: len(s.ws.labels)})
	s.Act(Action{Do: DoTag, N: len(s.ws.labels) + 3})
	if len(s.ws.placed) != 0 || !s.sel.Active {
		t.Errorf("tagged with no label: %d placed, selection %v", len(s.ws.placed), s.sel.Active)
	}
	s.Act(Action{Do: DoTag, N: len(s.ws.labels) - 1})
	if len(s.ws.placed) != 1 || s.ws.placed[0].Label != s.ws.labels[len(s.ws.labels)-1] {
		t.Errorf("the last label: %+v", s.ws.placed)
	}
	s, _ = suggestingSeed(t, nil)
	openSuggestionOf(t, s, "Ramallah", 1)
	s.Act(Action{Do: DoAcceptAs, N: len(s.ws.labels)})
	if len(s.ws.placed) != 0 || opened(s) != "Ramallah@1305" {
		t.Errorf("accepted with no label: %d placed, open %q", len(s.ws.placed), opened(s))
	}
	s.Act(Action{Do: DoAcceptAs, N: len(s.ws.labels) - 1})
	if len(s.ws.placed) != 1 || s.ws.placed[0].Label != s.ws.labels[len(s.ws.labels)-1] {
		t.Errorf("accepted with the last label: %+v", s.ws.placed)
	}
}

// TestSessionMovesThroughThree: with no card open, j opens the first
// annotation and k the last; from an open card j goes forward and k back,
// wrapping around, and an orphan is skipped.
func TestSessionMovesThroughThree(t *testing.T) {
	s, _, _ := openSeed(t)
	quotes := []string{"marathon talks", "Ben-Gurion airport", "Ramallah"}
	ids := map[string]string{}
	for _, q := range quotes {
		selectQuote(t, s, q, 1)
		s.Act(Action{Do: DoHighlight})
	}
	for _, p := range s.ws.placed {
		ids[p.ID] = p.Target.Quote.Exact
	}
	if err := s.ws.set.Apply(annotation.Edit{Put: []annotation.Annotation{{
		ID: "orphan", Kind: annotation.Highlight, Color: annotation.Pink,
		Target: annotation.Target{Quote: annotation.TextQuote{Exact: "not in this article at all"}},
	}}}); err != nil {
		t.Fatal(err)
	}
	s.ws.refresh()
	tests := []struct {
		keys []string
		want string
	}{
		{[]string{"j"}, "marathon talks"},
		{[]string{"k"}, "Ramallah"},
		{[]string{"j", "j"}, "Ben-Gurion airport"},
		{[]string{"j", "j", "j", "j"}, "marathon talks"},
		{[]string{"k", "k"}, "Ben-Gurion airport"},
		{[]string{"j", "k"}, "Ramallah"},
		{[]string{"k", "k", "k", "k"}, "Ramallah"},
		{[]string{"k", "k", "k", "j"}, "Ben-Gurion airport"},
	}
	for _, tt := range tests {
		s.Act(Action{Do: DoClose})
		for _, k := range tt.keys {
			press(s, key(k), nil)
		}
		if got := ids[s.focused]; got != tt.want {
			t.Errorf("%v: opened %q, want %q", tt.keys, got, tt.want)
		}
	}
}

// TestSessionSaysWhyItCannot: an action that fails says so, with why, and
// changes nothing.
func TestSessionSaysWhyItCannot(t *testing.T) {
	type fixture struct {
		s     *Session
		store *refusingStore
		hl    string // a highlight of "marathon talks"
		kerry string // the entity of a mention of "Kerry"
		other string // another entity
	}
	setup := func(t *testing.T) fixture {
		rs, p := &refusingStore{}, &fakePage{}
		s := Open(seeds.Articles()[0], p, Options{Backend: rs})
		selectQuote(t, s, "marathon talks", 1)
		s.Act(Action{Do: DoHighlight})
		hl := s.ws.placed[0].ID
		selectQuote(t, s, "Kerry", 2)
		s.Act(Action{Do: DoTag, N: 0})
		kerry, _ := s.ws.set.FindEntity("Kerry")
		if err := s.ws.set.Apply(annotation.Edit{PutEntities: []annotation.Entity{{ID: "urn:uuid:other", Name: "John Forbes Kerry", Label: "Person"}}}); err != nil {
			t.Fatal(err)
		}
		p.paint() // saved: there is a record to delete
		return fixture{s, rs, hl, kerry.ID, "urn:uuid:other"}
	}
	outside := func(f fixture) {
		n := f.s.ws.text.Len()
		f.s.Select(DomSelection{Start: n - 2, End: n + 5}, true)
	}
	tests := []struct {
		name string
		do   func(f fixture)
		want string // the status, or its start when it ends in ": "
	}{
		{"highlighting past the text", func(f fixture) { outside(f); f.s.Act(Action{Do: DoHighlight}) }, "Could not highlight: anchor: range"},
		{"a note past the text", func(f fixture) { outside(f); f.s.Act(Action{Do: DoNote}) }, "Could not add a note: anchor: range"},
		{"tagging past the text", func(f fixture) { outside(f); f.s.Act(Action{Do: DoTag, N: 1}) }, "Could not tag: anchor: range"},
		{"tagging with a label of spaces", func(f fixture) {
			selectQuote(t, f.s, "Ramallah", 1)
			f.s.Act(Action{Do: DoTagAs, Text: "  "})
		}, "Could not tag: no label"},
		{"tagging all after the offer's entity was merged away", func(f fixture) {
			f.s.Act(Action{Do: DoMergeEntity, ID: f.kerry, Text: f.other})
			f.s.Act(Action{Do: DoTagAll})
		}, "Could not tag: that entity no longer exists"},
		{"linking to an entity that is gone", func(f fixture) {
			var m string
			for _, p := range f.s.ws.placed {
				if p.Kind == annotation.Mention {
					m = p.ID
				}
			}
			f.s.Act(Action{Do: DoRelink, ID: m, Link: LinkTo("urn:uuid:gone")})
		}, "Could not link: that entity no longer exists"},
		{"renaming an entity that is gone", func(f fixture) { f.s.Act(Action{Do: DoRenameEntity, ID: "urn:uuid:gone", Text: "Someone"}) },
			"Could not rename: " + annotation.ErrNotFound.Error()},
		{"merging into an entity that is gone", func(f fixture) { f.s.Act(Action{Do: DoMergeEntity, ID: f.kerry, Text: "urn:uuid:gone"}) },
			"Could not merge: " + annotation.ErrNotFound.Error()},
		{"attaching an annotation that is gone", func(f fixture) {
			selectQuote(t, f.s, "Ramallah", 1)
			f.s.Act(Action{Do: DoAttach, ID: "gone"})
		}, "Could not attach: " + annotation.ErrNotFound.Error()},
		{"deleting what the storage will not remove", func(f fixture) {
			f.store.removeErr = errors.New("the storage is locked")
			f.s.Act(Action{Do: DoDeleteArticle})
		}, "Could not delete: the storage is locked"},
		{"deleting everything that the storage will not remove", func(f fixture) {
			f.store.removeErr = errors.New("the storage is locked")
			f.s.Act(Action{Do: DoDeleteAll})
		}, "Could not delete: the storage is locked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t)
			before := snapshot(f.s.ws)
			tt.do(f)
			if !strings.HasPrefix(f.s.status, tt.want) || strings.HasSuffix(tt.want, ": ") {
				t.Errorf("status %q, want %q", f.s.status, tt.want)
			}
			if tt.name != "tagging all after the offer's entity was merged away" && snapshot(f.s.ws) != before {
				t.Errorf("a failed action changed the annotations:\n%s\nwas\n%s", snapshot(f.s.ws), before)
			}
		})
	}
	// What works says so.
	f := setup(t)
	f.s.Act(Action{Do: DoMergeEntity, ID: f.kerry, Text: f.other})
	if f.s.status != "Merged. Ctrl+Z separates them again." {
		t.Errorf("merged: status %q", f.s.status)
	}
}

// TestSessionUnreadableRecord: a record saved by a newer version is kept
// as it is, and Download offers it as it is; an unreadable one was backed
// up, Download offers the copy, and its banner can be dismissed. Without
// storage, these controls do nothing.
func TestSessionUnreadableRecord(t *testing.T) {
	seed := seeds.Articles()[0]
	newer := `{"schema": 99, "annotations": []}`
	mem := &store.Memory{}
	mem.Set(store.Key(seed.ID), newer)
	p := &fakePage{}
	s := Open(seed, p, Options{Backend: mem})
	if s.Saver().Blocked == "" {
		t.Fatal("a newer version's record does not block saving")
	}
	s.Act(Action{Do: DoDownloadBackup})
	if len(p.downloads) != 0 {
		t.Errorf("downloaded %v with no backup kept", p.downloads)
	}
	s.Act(Action{Do: DoDownloadUnread})
	name := seed.Slug + ".backup.json"
	if len(p.downloads) != 1 || p.downloads[0] != name || p.files[name] != newer {
		t.Errorf("downloads %v: %q", p.downloads, p.files[name])
	}

	garbage := `{"schema": 1, "annotations": [{"id": 7}]`
	mem = &store.Memory{}
	mem.Set(store.Key(seed.ID), garbage)
	p = &fakePage{}
	s = Open(seed, p, Options{Backend: mem})
	if s.Saver().Corrupt == "" {
		t.Fatal("no banner for the unreadable record")
	}
	s.Act(Action{Do: DoDownloadBackup})
	if len(p.downloads) != 1 || p.downloads[0] != name || p.files[name] != garbage {
		t.Errorf("downloads %v: %q", p.downloads, p.files[name])
	}
	s.Act(Action{Do: DoDismissCorrupt})
	if s.Saver().Corrupt != "" {
		t.Error("the banner stays")
	}

	bp := &fakePage{}
	bare := Open(seed, bp, Options{})
	for _, do := range []Verb{DoDownloadUnread, DoDownloadBackup, DoDismissCorrupt} {
		bare.Act(Action{Do: do})
	}
	if len(bp.downloads) != 0 {
		t.Errorf("a session without storage downloaded %v", bp.downloads)
	}
}

// TestSessionDeletesAndStartsAfresh: deleting the article's data starts it
// afresh, with storage or without; with storage, what is done afterwards
// is saved again.
func TestSessionDeletesAndStartsAfresh(t *testing.T) {
	bare := Open(seeds.Articles()[0], &fakePage{}, Options{})
	selectQuote(t, bare, "marathon talks", 1)
	bare.Act(Action{Do: DoHighlight})
	bare.Act(Action{Do: DoDeleteAll})
	if len(bare.ws.placed) != 0 || bare.status != "Everything Marginalia kept in this browser was deleted." {
		t.Errorf("without storage: %d placed, status %q", len(bare.ws.placed), bare.status)
	}

	s, p, mem := openSeed(t)
	selectQuote(t, s, "marathon talks", 1)
	s.Act(Action{Do: DoHighlight})
	p.paint()
	s.Act(Action{Do: DoDeleteArticle})
	if d := loadSeed(t, mem); len(d.Set.All()) != 0 {
		t.Fatalf("%d annotations still kept", len(d.Set.All()))
	}
	selectQuote(t, s, "Ramallah", 1)
	s.Act(Action{Do: DoHighlight})
	p.paint()
	d := loadSeed(t, mem)
	if all := d.Set.All(); len(all) != 1 || all[0].Target.Quote.Exact != "Ramallah" {
		t.Errorf("after deleting, the new highlight is not saved: %d kept", len(all))
	}
}
