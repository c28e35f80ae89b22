package reading

import (
	"errors"
	"strings"
	"testing"
	"time"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/article"
	"marginalia/app/store"
	"marginalia/app/suggest"
	"marginalia/seeds"
)

// openSeed opens a session on the seed article with a fake page and an
// in-memory storage.
func openSeed(t *testing.T) (*Session, *fakePage, *store.Memory) {
	t.Helper()
	p, mem := &fakePage{}, &store.Memory{}
	return Open(seeds.Articles()[0], p, Options{Backend: mem, Origin: "https://example.org"}), p, mem
}

// selectQuote makes the n-th occurrence of quote the pending selection.
func selectQuote(t *testing.T, s *Session, quote string, n int) {
	t.Helper()
	start, end := at(t, s.ws, quote, n)
	s.Select(DomSelection{Start: start, End: end}, true)
}

// press presses a key as the reader's keydown listener does: the key
// table decides from the session's state (with the browser's selection,
// fresh, if it has one), and the session carries out the action. It
// reports whether the key was a shortcut.
func press(s *Session, k KeyPress, fresh *DomSelection) bool {
	a, ok := s.KeyAction(k, fresh != nil)
	if !ok {
		return false
	}
	if fresh != nil {
		s.Extend(*fresh)
	}
	s.Act(a)
	return true
}

// TestSessionKeysWithASelection: what each key does with text selected,
// through the path the browser takes (KeyAction from the session's
// state, then Act), checked after every key.
func TestSessionKeysWithASelection(t *testing.T) {
	type state struct {
		placed  int
		focused bool
		sidebar bool
		active  bool
		undo    bool
		redo    bool
	}
	now := func(s *Session) state {
		return state{len(s.ws.placed), s.focused != "", s.sidebar, s.sel.Active, s.ws.set.CanUndo(), s.ws.set.CanRedo()}
	}
	tests := []struct {
		name string
		keys []KeyPress
		want []state // after each key
	}{
		{"n highlights and opens the note", []KeyPress{key("n")}, []state{{placed: 1, focused: true, sidebar: true, undo: true}}},
		{"h highlights and closes the toolbar", []KeyPress{key("h")}, []state{{placed: 1, undo: true}}},
		{"t opens the picker, Escape closes it", []KeyPress{key("t"), key("Escape")}, []state{{active: true}, {}}},
		{"h, Ctrl+Z undoes it, Ctrl+Y redoes it, Ctrl+Shift+Z has nothing to redo",
			[]KeyPress{key("h"), ctrl("z"), ctrl("y"), ctrlShift("Z")},
			[]state{{placed: 1, undo: true}, {redo: true}, {placed: 1, undo: true}, {placed: 1, undo: true}}},
		{"n, then Delete in the note box types", []KeyPress{key("n"), {Key: "Delete", In: InField}},
			[]state{{placed: 1, focused: true, sidebar: true, undo: true}, {placed: 1, focused: true, sidebar: true, undo: true}}},
		{"n, Escape, j, Delete", []KeyPress{key("n"), key("Escape"), key("j"), key("Delete")},
			[]state{{placed: 1, focused: true, sidebar: true, undo: true}, {placed: 1, sidebar: true, undo: true},
				{placed: 1, focused: true, sidebar: true, undo: true}, {sidebar: true, undo: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, _ := openSeed(t)
			selectQuote(t, s, "marathon talks", 1)
			for i, k := range tt.keys {
				press(s, k, nil)
				if got := now(s); got != tt.want[i] {
					t.Fatalf("after key %d (%q): %+v, want %+v", i+1, k.Key, got, tt.want[i])
				}
			}
		})
	}
}

// TestSessionKeyTakesTheFreshSelection: a key pressed before the
// selection's change reached the session (the selectionchange of a
// Shift+arrow comes later) acts on the selection read at the key press;
// with none, h is no shortcut and the browser keeps the key.
func TestSessionKeyTakesTheFreshSelection(t *testing.T) {
	s, _, _ := openSeed(t)
	if press(s, key("h"), nil) {
		t.Fatal("h without a selection was taken as a shortcut")
	}
	start, end := at(t, s.ws, "marathon talks", 1)
	if !press(s, key("h"), &DomSelection{Start: start, End: end}) {
		t.Fatal("h with a fresh selection was not a shortcut")
	}
	if len(s.ws.placed) != 1 || s.ws.placed[0].Target.Quote.Exact != "marathon talks" || s.ws.placed[0].Color != annotation.Yellow {
		t.Errorf("placed %+v", s.ws.placed)
	}
}

// TestSessionTagKeys: 2 tags the selection with the second label and
// offers the other occurrences; Enter then tags the next selection with
// that label; the offer tags them all as one step.
func TestSessionTagKeys(t *testing.T) {
	s, p, _ := openSeed(t)
	selectQuote(t, s, "Kerry", 2)
	press(s, key("2"), nil)
	label := s.ws.labels[1]
	if len(s.ws.placed) != 1 || s.ws.placed[0].Label != label || s.sel.LastLabel != label || s.sel.Offer.Quote != "Kerry" {
		t.Fatalf("placed %+v, last label %q, offer %+v", s.ws.placed, s.sel.LastLabel, s.sel.Offer)
	}
	if p.rests != 1 || p.cleared != 1 || !strings.Contains(s.status, "as "+label) {
		t.Errorf("rests %d, cleared %d, status %q", p.rests, p.cleared, s.status)
	}
	others := len(s.sel.Offer.Starts)
	s.Act(Action{Do: DoTagAll})
	if len(s.ws.placed) != 1+others || s.sel.Offering() {
		t.Fatalf("after tag all: %d placed, offering %v", len(s.ws.placed), s.sel.Offering())
	}
	s.Act(Action{Do: DoUndo})
	if len(s.ws.placed) != 1 {
		t.Fatalf("undoing tag all left %d", len(s.ws.placed))
	}
	selectQuote(t, s, "Mahmoud Abbas", 1)
	press(s, key("Enter"), nil)
	if last := s.ws.placed[len(s.ws.placed)-1]; len(s.ws.placed) != 2 || s.ws.placed[0].Label != label && last.Label != label {
		t.Errorf("Enter tagged %+v", s.ws.placed)
	}
	selectQuote(t, s, "Gaza Strip", 1)
	s.Act(Action{Do: DoTagAs, Text: "Place"})
	if s.ws.labels[len(s.ws.labels)-1] != "Place" || len(s.ws.placed) != 3 {
		t.Errorf("a new label: labels %v, %d placed", s.ws.labels, len(s.ws.placed))
	}
}

// TestSessionOpensAndFlashes: opening an annotation shows its card and
// flashes its mark for FlashTime; the status goes after StatusTime; the
// mark is scrolled to after the page has drawn the card.
func TestSessionOpensAndFlashes(t *testing.T) {
	s, p, _ := openSeed(t)
	s.sidebar = false
	selectQuote(t, s, "marathon talks", 1)
	s.Act(Action{Do: DoHighlight})
	id := s.ws.placed[0].ID
	if s.status != "Highlighted." || s.sel.Active || p.painted == 0 || p.rests != 1 {
		t.Fatalf("status %q, selection %v, painted %d, rests %d", s.status, s.sel.Active, p.painted, p.rests)
	}
	s.Act(Action{Do: DoOpen, ID: id})
	if s.focused != id || s.flash != id || !s.sidebar {
		t.Fatalf("focused %q, flash %q, sidebar %v", s.focused, s.flash, s.sidebar)
	}
	if focused, flash := s.Marks(); focused.ID != id || flash.ID != id {
		t.Errorf("marks %q %q", focused.ID, flash.ID)
	}
	if len(p.scrolled) != 0 {
		t.Error("scrolled before the page drew the card")
	}
	p.update()
	if len(p.scrolled) != 1 || p.scrolled[0] != id {
		t.Errorf("scrolled to %v", p.scrolled)
	}
	shows := p.shows
	p.advance(FlashTime)
	if s.flash != "" || p.shows != shows+1 {
		t.Errorf("after FlashTime: flash %q, shows %d", s.flash, p.shows-shows)
	}
	p.advance(StatusTime)
	if s.status != "" {
		t.Errorf("status %q after StatusTime", s.status)
	}
	s.Act(Action{Do: DoToggle, ID: id})
	if s.focused != "" {
		t.Error("toggling the open card left it open")
	}
	s.Act(Action{Do: DoToggle, ID: id})
	if s.focused != id {
		t.Error("toggling a closed card did not open it")
	}
	s.Act(Action{Do: DoClose})
	if s.focused != "" {
		t.Error("Escape left the card open")
	}
}

// TestSessionActions: what each control asks for, from a session with
// one highlight and one mention.
func TestSessionActions(t *testing.T) {
	setup := func(t *testing.T) (*Session, *fakePage, string, string) {
		s, p, _ := openSeed(t)
		selectQuote(t, s, "marathon talks", 1)
		s.Act(Action{Do: DoHighlight})
		selectQuote(t, s, "Mahmoud Abbas", 1)
		s.Act(Action{Do: DoTag, N: 0})
		var hl, m string
		for _, pl := range s.ws.placed {
			if pl.Kind == annotation.Mention {
				m = pl.ID
			} else {
				hl = pl.ID
			}
		}
		return s, p, hl, m
	}
	tests := []struct {
		name   string
		act    func(hl, m string) Action
		status string // the status it leaves ("": any)
		check  func(t *testing.T, s *Session, p *fakePage, hl, m string)
	}{
		{"a note", func(hl, m string) Action { return Action{Do: DoSetNote, ID: hl, Text: "Why here?"} }, "Note saved.",
			func(t *testing.T, s *Session, p *fakePage, hl, m string) {
				if a, _ := s.ws.Get(hl); a.Note != "Why here?" {
					t.Errorf("note %q", a.Note)
				}
			}},
		{"the notebook", func(hl, m string) Action { return Action{Do: DoSetNotebook, Text: "On the talks"} }, "",
			func(t *testing.T, s *Session, p *fakePage, hl, m string) {
				if s.ws.notebook != "On the talks" {
					t.Errorf("notebook %q", s.ws.notebook)
				}
			}},
		{"a colour, kept for the next highlight", func(hl, m string) Action { return Action{Do: DoSetColor, ID: hl, Text: string(annotation.Blue)} }, "",
			func(t *testing.T, s *Session, p *fakePage, hl, m string) {
				if a, _ := s.ws.Get(hl); a.Color != annotation.Blue || s.sel.Color != annotation.Blue {
					t.Errorf("colour %q, next %q", a.Color, s.sel.Color)
				}
			}},
		{"a label", func(hl, m string) Action { return Action{Do: DoSetLabel, ID: m, Text: "Location"} }, "",
			func(t *testing.T, s *Session, p *fakePage, hl, m string) {
				if a, _ := s.ws.Get(m); a.Label != "Location" {
					t.Errorf("label %q", a.Label)
				}
			}},
		{"a new entity", func(hl, m string) Action { return Action{Do: DoRelink, ID: m, Link: LinkNew} }, "Linked to Mahmoud Abbas.",
			func(t *testing.T, s *Session, p *fakePage, hl, m string) {
				if !s.ws.set.CanUndo() {
					t.Error("relinking made no step")
				}
			}},
		{"removing a tag", func(hl, m string) Action { return Action{Do: DoRemoveTag, ID: hl, Text: "keep"} }, "Tag “keep” removed. Ctrl+Z brings it back.",
			func(t *testing.T, s *Session, p *fakePage, hl, m string) {
				if a, _ := s.ws.Get(hl); len(a.Tags) != 1 || a.Tags[0] != "other" {
					t.Errorf("tags %q", a.Tags)
				}
			}},
		{"deleting", func(hl, m string) Action { return Action{Do: DoRemoveID, ID: hl} }, "Deleted. Ctrl+Z brings it back.",
			func(t *testing.T, s *Session, p *fakePage, hl, m string) {
				if _, ok := s.ws.Get(hl); ok || s.focused != "" {
					t.Errorf("still there, or its card open (%q)", s.focused)
				}
			}},
		{"renaming an entity", func(hl, m string) Action {
			return Action{Do: DoRenameEntity, ID: "", Text: "President Abbas", IRI: "https://www.wikidata.org/wiki/Q127998"}
		}, "",
			func(t *testing.T, s *Session, p *fakePage, hl, m string) {
				a, _ := s.ws.Get(m)
				if e, _ := s.ws.set.Entity(a.EntityID); e.Name != "President Abbas" || e.IRI != "https://www.wikidata.org/wiki/Q127998" {
					t.Errorf("entity %+v", e)
				}
			}},
		{"a name of spaces", func(hl, m string) Action { return Action{Do: DoRenameEntity, ID: "", Text: "  "} }, "An entity needs a name.",
			nil},
		{"the sidebar", func(hl, m string) Action { return Action{Do: DoToggleSidebar} }, "",
			func(t *testing.T, s *Session, p *fakePage, hl, m string) {
				if !s.sidebar { // a narrow screen's: closed at first
					t.Error("the sidebar did not open")
				}
				s.Act(Action{Do: DoToggleSidebar})
				if s.sidebar {
					t.Error("the sidebar did not close")
				}
			}},
		{"exporting JSON", func(hl, m string) Action { return Action{Do: DoExport, Text: "json"} }, "",
			func(t *testing.T, s *Session, p *fakePage, hl, m string) {
				name := s.ws.art.Slug + ".annotations.json"
				if len(p.downloads) != 1 || p.downloads[0] != name || !strings.Contains(p.files[name], `"marathon talks"`) {
					t.Errorf("downloads %v", p.downloads)
				}
			}},
		{"exporting brat", func(hl, m string) Action { return Action{Do: DoExport, Text: "brat"} }, "",
			func(t *testing.T, s *Session, p *fakePage, hl, m string) {
				slug := s.ws.art.Slug
				if len(p.downloads) != 2 || !strings.Contains(p.files[slug+".ann"], "Mahmoud Abbas") || p.files[slug+".txt"] == "" {
					t.Errorf("downloads %v", p.downloads)
				}
			}},
		{"exporting Markdown and CoNLL", func(hl, m string) Action { return Action{Do: DoExport, Text: "markdown"} }, "",
			func(t *testing.T, s *Session, p *fakePage, hl, m string) {
				s.Act(Action{Do: DoExport, Text: "conll"})
				slug := s.ws.art.Slug
				if !strings.Contains(p.files[slug+".md"], "marathon talks") || !strings.Contains(p.files[slug+".conll"], "B-") {
					t.Errorf("downloads %v", p.downloads)
				}
			}},
		{"copying Markdown", func(hl, m string) Action { return Action{Do: DoCopy, Text: "markdown"} }, "Copied the Markdown.",
			func(t *testing.T, s *Session, p *fakePage, hl, m string) {
				if len(p.copied) != 1 || !strings.Contains(p.copied[0], "marathon talks") {
					t.Errorf("copied %q", p.copied)
				}
			}},
		{"copying a link", func(hl, m string) Action { return Action{Do: DoCopyLink, ID: hl} }, "Copied the link.",
			func(t *testing.T, s *Session, p *fakePage, hl, m string) {
				if len(p.copied) != 1 || !strings.HasPrefix(p.copied[0], "https://example.org/a/"+s.ws.art.Slug+"#") {
					t.Errorf("copied %q", p.copied)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, p, hl, m := setup(t)
			if tt.name == "removing a tag" {
				s.ws.Update(hl, func(a *annotation.Annotation) { a.Tags = []string{"keep", "other"} })
			}
			a := tt.act(hl, m)
			if a.Do == DoRenameEntity {
				pl, _ := s.ws.Get(m)
				a.ID = pl.EntityID
			}
			s.Act(a)
			if tt.status != "" && !strings.HasPrefix(s.status, tt.status) {
				t.Errorf("status %q, want %q", s.status, tt.status)
			}
			if tt.check != nil {
				tt.check(t, s, p, hl, m)
			}
		})
	}
}

// TestSessionCopyFails: the clipboard's refusals are said as they are,
// with what to do instead.
func TestSessionCopyFails(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{ErrNoClipboard, "This browser does not allow copying here: use Export instead."},
		{errors.New("Document is not focused"), "Could not copy: Document is not focused. Use Export instead."},
	}
	for _, tt := range tests {
		s, p, _ := openSeed(t)
		p.copyErr = tt.err
		s.Act(Action{Do: DoCopy, Text: "json"})
		if s.status != tt.want || p.shows != 1 {
			t.Errorf("%v: status %q, shows %d", tt.err, s.status, p.shows)
		}
	}
}

// TestSessionMovesAndAttaches: j and k open the next and previous
// annotation and move the focus to its entry; an orphan attaches to the
// selection.
func TestSessionMovesAndAttaches(t *testing.T) {
	s, p, _ := openSeed(t)
	for _, q := range []string{"marathon talks", "Ben-Gurion airport"} {
		selectQuote(t, s, q, 1)
		s.Act(Action{Do: DoHighlight})
	}
	first, second := s.ws.placed[0].ID, s.ws.placed[1].ID
	s.Act(Action{Do: DoNext})
	s.Act(Action{Do: DoNext})
	s.Act(Action{Do: DoPrevious})
	p.update()
	if s.focused != first || strings.Join(p.focus, " ") != "item:"+first+" item:"+second+" item:"+first {
		t.Errorf("focused %q, focus went to %v", s.focused, p.focus)
	}
	// An orphan: its quote is not in the text.
	err := s.ws.set.Apply(annotation.Edit{Put: []annotation.Annotation{{
		ID: "orphan", Kind: annotation.Highlight, Color: annotation.Pink,
		Target: annotation.Target{Quote: annotation.TextQuote{Exact: "not in this article at all"}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	s.ws.refresh()
	s.Act(Action{Do: DoAttach, ID: "orphan"})
	if o, _ := s.ws.Get("orphan"); o.Match.Method != anchor.Orphan {
		t.Fatalf("attached with no selection: %+v", o.Match)
	}
	selectQuote(t, s, "Ramallah", 1)
	s.Act(Action{Do: DoAttach, ID: "orphan"})
	if o, _ := s.ws.Get("orphan"); o.Target.Quote.Exact != "Ramallah" || s.focused != "orphan" || s.sel.Active {
		t.Errorf("attached %+v, focused %q", o.Target.Quote, s.focused)
	}
}

// TestSessionDrawsInSteps: a long article opens with what a tall screen
// shows, then draws MoreBlocks more a frame, redrawing each time; an
// annotation past what is drawn is drawn when opened.
func TestSessionDrawsInSteps(t *testing.T) {
	var b strings.Builder
	b.WriteString("A long read\n\n")
	for i := range 700 {
		b.WriteString("Paragraph " + Itoa(i) + " of the long read, with words enough to be a line.\n\n")
	}
	art := parseText(t, b.String())
	p := &fakePage{}
	s := Open(art, p, Options{Stepped: true})
	first := FirstDrawn(s.ws.blocks)
	if s.drawn != first || first >= len(s.ws.blocks) {
		t.Fatalf("drawn %d of %d, want %d first", s.drawn, len(s.ws.blocks), first)
	}
	p.advance(drawStep)
	if s.drawn != first+MoreBlocks || p.shows != 1 {
		t.Fatalf("after a frame: drawn %d, shows %d", s.drawn, p.shows)
	}
	s.revealAt(s.ws.blocks[len(s.ws.blocks)-1].Start)
	if s.drawn != len(s.ws.blocks) {
		t.Errorf("revealing the last block drew %d", s.drawn)
	}
	p.advance(time.Second)
	if s.drawn != len(s.ws.blocks) {
		t.Errorf("drawn %d", s.drawn)
	}
	s.Close()
	if !s.closed {
		t.Error("not closed")
	}
	// Not stepped: all at once.
	if s := Open(art, &fakePage{}, Options{}); s.drawn != len(s.ws.blocks) {
		t.Errorf("unstepped: drawn %d of %d", s.drawn, len(s.ws.blocks))
	}
}

// TestSessionStorage: what Settings says of the storage, another tab's
// deletion, and this tab's, which start the article afresh.
func TestSessionStorage(t *testing.T) {
	s, p, mem := openSeed(t)
	s.Persisted(true)
	s.Act(Action{Do: DoSetSpace, Text: SpaceText(2e6, 1e9)})
	if got := s.StorageText(); got != "Storage: persistent (the browser will not clear it). Space: 2.0 MB used of 1.0 GB this browser allows the site." {
		t.Errorf("storage text %q", got)
	}
	s.Persisted(false)
	if !strings.HasPrefix(s.StorageText(), "Storage: this browser may clear it") {
		t.Errorf("storage text %q", s.StorageText())
	}
	selectQuote(t, s, "marathon talks", 1)
	s.Act(Action{Do: DoHighlight})
	p.paint()
	if keys, _ := mem.Keys(); len(keys) == 0 {
		t.Fatal("nothing saved")
	}
	s.Act(Action{Do: DoDeleteArticle})
	if len(s.ws.placed) != 0 || s.status != "All data for this article was deleted." {
		t.Fatalf("after deleting: %d placed, status %q", len(s.ws.placed), s.status)
	}
	if v, ok, _ := mem.Get(store.Key(s.ws.art.ID)); ok {
		t.Errorf("the record is still kept: %q", v)
	}
	selectQuote(t, s, "marathon talks", 1)
	s.Act(Action{Do: DoHighlight})
	s.OtherTabDeleted()
	if len(s.ws.placed) != 0 {
		t.Error("another tab's deletion left the annotation here")
	}
	// Without storage there is nothing to say or keep.
	bare := Open(seeds.Articles()[0], &fakePage{}, Options{})
	bare.Persisted(true)
	bare.Act(Action{Do: DoSetSpace, Text: "x"})
	if bare.StorageText() != "" || bare.Saver() != nil || bare.Written("", false) {
		t.Error("a session without storage speaks of it")
	}
}

// TestSessionImport: an import opens the sidebar and says what it did;
// a bad file changes nothing and says why.
func TestSessionImport(t *testing.T) {
	s, _, _ := openSeed(t)
	selectQuote(t, s, "marathon talks", 1)
	s.Act(Action{Do: DoHighlight})
	data, err := s.ws.ExportJSON(time.Now())
	if err != nil {
		t.Fatal(err)
	}
	other, _, _ := openSeed(t)
	other.sidebar = false
	msg, failed := other.Import("seed.json", data)
	if failed || !strings.HasSuffix(msg, ". Ctrl+Z undoes the import.") || len(other.ws.placed) != 1 || !other.sidebar {
		t.Errorf("import: %q %v, %d placed", msg, failed, len(other.ws.placed))
	}
	other.sidebar = false
	msg, failed = other.Import("bad.json", []byte("{"))
	if !failed || !strings.HasPrefix(msg, "Nothing imported from “bad.json”: ") || len(other.ws.placed) != 1 || !other.sidebar {
		t.Errorf("bad import: %q %v, %d placed", msg, failed, len(other.ws.placed))
	}
}

// gazetteerPage is a fakePage whose lists of places and names come when
// the test says (come), or never.
type gazetteerPage struct {
	fakePage
	pending []func(*suggest.Gazetteer, error)
	ready   bool
}

func (p *gazetteerPage) Gazetteer(done func(*suggest.Gazetteer, error)) bool {
	if p.ready {
		done(p.gazetteer, p.gazErr)
		return true
	}
	p.pending = append(p.pending, done)
	return false
}

// come delivers the lists (or their error).
func (p *gazetteerPage) come(g *suggest.Gazetteer, err error) {
	p.ready, p.gazetteer, p.gazErr = true, g, err
	for _, done := range p.pending {
		done(g, err)
	}
	p.pending = nil
}

// TestFindSuggestions: how the suggestions appear after S, by what the
// page has of the lists of places and names, and what may change
// meanwhile.
func TestFindSuggestions(t *testing.T) {
	gaz := suggest.ParseGazetteer("# test lists\nL\tRamallah\nL\tJerusalem\nG\tTony\n")
	tests := []struct {
		name string
		// before runs after S, before the lists come; come delivers them.
		before func(s *Session, p *gazetteerPage)
		come   func(p *gazetteerPage)
		check  func(t *testing.T, s *Session, p *gazetteerPage, before []suggest.Suggestion)
	}{
		{"the lists at hand: all at once", nil, nil,
			func(t *testing.T, s *Session, p *gazetteerPage, before []suggest.Suggestion) {
				if len(before) == 0 || !hasSuggestion(before, "John Kerry") {
					t.Errorf("found %v", texts(before))
				}
			}},
		{"the lists on their way: the view's from the text alone, then all", func(s *Session, p *gazetteerPage) { p.ready = false }, func(p *gazetteerPage) { p.come(gaz, nil) },
			func(t *testing.T, s *Session, p *gazetteerPage, before []suggest.Suggestion) {
				if len(before) == 0 {
					t.Error("nothing shown before the lists came")
				}
				if !hasSuggestion(s.ws.sugs.Shown, "Ramallah") {
					t.Errorf("after the lists: %v", texts(s.ws.sugs.Shown))
				}
			}},
		{"the lists fail: said, and the text's suggestions stay", func(s *Session, p *gazetteerPage) { p.ready = false },
			func(p *gazetteerPage) { p.come(nil, errors.New("offline")) },
			func(t *testing.T, s *Session, p *gazetteerPage, before []suggest.Suggestion) {
				if !strings.Contains(s.status, "Without the lists of places and names (offline)") || len(s.ws.sugs.Shown) == 0 {
					t.Errorf("status %q, %d shown", s.status, len(s.ws.sugs.Shown))
				}
			}},
		{"turned off before the lists come: nothing shows", func(s *Session, p *gazetteerPage) {
			p.ready = false
			s.Act(Action{Do: DoSuggest})
		}, func(p *gazetteerPage) { p.come(gaz, nil) },
			func(t *testing.T, s *Session, p *gazetteerPage, before []suggest.Suggestion) {
				if len(s.ws.sugs.Shown) != 0 || s.sugg.on || s.sugg.busy {
					t.Errorf("%d shown, on %v, busy %v", len(s.ws.sugs.Shown), s.sugg.on, s.sugg.busy)
				}
			}},
		{"a tag while they are on: found again, the tagged name no longer suggested", func(s *Session, p *gazetteerPage) {
			selectQuote(t, s, "John Kerry", 1)
			s.Act(Action{Do: DoTag, N: 0})
		}, nil,
			func(t *testing.T, s *Session, p *gazetteerPage, before []suggest.Suggestion) {
				start, end := at(t, s.ws, "John Kerry", 1)
				for _, sg := range s.ws.sugs.Shown {
					if sg.Start < end && start < sg.End {
						t.Errorf("the tagged span is still suggested: %+v", sg)
					}
				}
				if s.sugg.run < 2 {
					t.Errorf("not found again (run %d)", s.sugg.run)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &gazetteerPage{ready: true}
			p.gazetteer = gaz
			s := Open(seeds.Articles()[0], p, Options{Backend: &store.Memory{}})
			if tt.before != nil && tt.name != "a tag while they are on: found again, the tagged name no longer suggested" {
				p.ready = false
			}
			s.Act(Action{Do: DoSuggest})
			if !s.sugg.on {
				t.Fatal("S left the suggestions off")
			}
			if tt.before != nil {
				tt.before(s, p)
			}
			before := append([]suggest.Suggestion(nil), s.ws.sugs.Shown...)
			if tt.come != nil {
				tt.come(p)
			}
			p.advance(time.Second) // every widening step, not the status's end
			if tt.name != "turned off before the lists come: nothing shows" && s.sugg.busy {
				t.Errorf("still finding: shown %d of the text", len(s.ws.sugs.Shown))
			}
			tt.check(t, s, p, before)
		})
	}
}

func hasSuggestion(list []suggest.Suggestion, text string) bool {
	for _, sg := range list {
		if sg.Text == text {
			return true
		}
	}
	return false
}

func texts(list []suggest.Suggestion) []string {
	var out []string
	for _, sg := range list {
		out = append(out, sg.Text+"/"+sg.Label)
	}
	return out
}

// TestSessionReviewsSuggestions: ] opens the first suggestion and scrolls
// to it; a accepts it and opens the next; r rejects and keeps the
// rejection; the card's label accepts with another label; Escape closes.
func TestSessionReviewsSuggestions(t *testing.T) {
	s, p, mem := openSeed(t)
	p.gazetteer = suggest.ParseGazetteer("L\tRamallah\n")
	s.Act(Action{Do: DoSuggest})
	p.advance(time.Second)
	if s.sugg.busy || len(s.ws.sugs.Shown) == 0 {
		t.Fatalf("busy %v, %d shown", s.sugg.busy, len(s.ws.sugs.Shown))
	}
	if !press(s, key("]"), nil) {
		t.Fatal("] is no shortcut with suggestions on")
	}
	first, label, ok := s.OpenSuggestion()
	if !ok || label != first.Label {
		t.Fatalf("] opened nothing")
	}
	p.update()
	if len(p.scrolled) == 0 || p.scrolled[len(p.scrolled)-1] != "suggestion:"+SuggestionID(first) {
		t.Errorf("scrolled to %v", p.scrolled)
	}
	if focused, _ := s.Marks(); focused.Match.Start != first.Start {
		t.Errorf("the open suggestion is not the focused mark: %+v", focused.Match)
	}
	press(s, key("a"), nil)
	if pl := s.ws.placed; len(pl) != 1 || pl[0].Target.Quote.Exact != first.Text || pl[0].Label != first.Label {
		t.Fatalf("accepted %+v", pl)
	}
	second, _, ok := s.OpenSuggestion()
	if !ok || second.Start <= first.Start {
		t.Fatalf("the next one did not open: %+v", second)
	}
	s.Act(Action{Do: DoSuggestionLabel, Text: "Organization"})
	if _, label, _ := s.OpenSuggestion(); label != "Organization" {
		t.Errorf("card label %q", label)
	}
	press(s, key("r"), nil)
	if rs := ReadRejections(mem, s.ws.art.ID); len(rs) != 1 || rs[0].Start != second.Start {
		t.Errorf("rejections kept %+v", rs)
	}
	if !strings.HasPrefix(s.status, "Rejected “"+second.Text) {
		t.Errorf("status %q", s.status)
	}
	press(s, key("Escape"), nil)
	if _, _, ok := s.OpenSuggestion(); ok {
		t.Error("Escape left the card open")
	}
	press(s, ctrl("z"), nil)
	if len(s.ws.placed) != 0 {
		t.Error("Ctrl+Z did not undo the accept")
	}
	s.Act(Action{Do: DoSuggest})
	if s.sugg.on || len(s.ws.sugs.Shown) != 0 || s.status != "Suggestions off." {
		t.Errorf("off: on %v, %d shown, status %q", s.sugg.on, len(s.ws.sugs.Shown), s.status)
	}
	if focused, _ := s.Marks(); focused.ID != "" {
		t.Errorf("a mark is focused with the suggestions off: %+v", focused)
	}
}

func parseText(t *testing.T, text string) article.Article {
	t.Helper()
	a, err := article.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
