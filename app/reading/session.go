package reading

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/article"
	"marginalia/app/export"
	"marginalia/app/render"
	"marginalia/app/store"
	"marginalia/app/suggest"
)

// A Session is one article open in the reader: its workspace, the
// pending selection, the open card, the status line, the state of the
// entity suggestions, how far a long article is drawn, and the saver.
// Every change a reader asks for comes in through Act (or one of the few
// methods the page's listeners call), and the page is reached only
// through a Page: a host test drives a whole reading session with a fake
// one, and the component draws what the getters return.
type Session struct {
	page    Page
	backend store.Backend
	origin  string // the site's origin, for links to an annotation

	ws      *Workspace
	saver   *Saver // nil when nothing is kept (no storage)
	sel     Selection
	focused string // the annotation whose card is open
	flash   string // the annotation whose marks flash
	status  string // a short message for screen readers and sighted users
	sidebar bool   // the sidebar is open (a bottom sheet on narrow screens)
	drawn   int    // blocks drawn so far: a long article is drawn in steps
	sugg    suggester
	closed  bool // the reader left the article: late work is dropped
}

// suggester is the session's state of the entity suggestions.
type suggester struct {
	on   bool   // the reader turned them on
	busy bool   // finding them
	open string // the suggestion whose card is open
	// label is the label the open card accepts with ("": the
	// suggestion's).
	label string
	run   int // counts the searches: one that ends after another began is dropped
	steps int // how many times the drawn range was widened in this search
	// gazErr says why the lists of places and names are missing, if they
	// are.
	gazErr error
}

// Page is what a Session needs of the page that shows it. Besides the
// Scheduler, it draws the text and moves the browser's focus and view;
// none of these change the session.
type Page interface {
	Scheduler
	// Paint draws the text as the session now is, at once (not at the
	// page's next frame).
	Paint()
	// Rest lets the change just made show before the rest of the page
	// redraws: Paint drew the text, the list and the toolbar follow in a
	// task of their own.
	Rest()
	// ClearSelection empties the browser's text selection.
	ClearSelection()
	// FocusNote and FocusItem move the keyboard focus to an annotation's
	// note box or to its entry in the list.
	FocusNote(id string)
	FocusItem(id string)
	// ScrollTo brings the marks of an annotation (or, with suggestion, of
	// a suggestion) into view.
	ScrollTo(id string, suggestion bool)
	// FirstVisible returns the index of the first block in view.
	FirstVisible() int
	// Download offers a file to save.
	Download(name, mime, body string)
	// Copy puts text on the clipboard, then calls done in the page's loop
	// with nil, ErrNoClipboard or why the browser refused.
	Copy(text string, done func(error))
	// Gazetteer calls done with the lists of places and names, at once
	// if the page has them (or knows why it cannot), and reports whether
	// it did; else it fetches them (once per page load) and calls done
	// in the page's loop when they come.
	Gazetteer(done func(*suggest.Gazetteer, error)) bool
}

// ErrNoClipboard says the browser gives no clipboard to write to.
var ErrNoClipboard = errors.New("no clipboard")

// Options are what a session is opened with.
type Options struct {
	// Backend keeps the article's annotations, the rejected suggestions
	// and the library's other records; nil keeps nothing (the server's
	// prerendering, the component tests).
	Backend store.Backend
	Origin  string // the site's origin, for the links Copy link makes
	// Wide opens the sidebar beside the text (a wide screen).
	Wide bool
	// Stepped draws a long article in steps (see FirstDrawn); else all
	// of it at once.
	Stepped bool
}

// StatusTime is how long a status message shows; FlashTime, how long a
// mark flashes when its card opens.
var (
	StatusTime = 4 * time.Second
	FlashTime  = 1500 * time.Millisecond
)

// drawStep is how long a long article waits between two steps of
// drawing, and the suggestions between two widenings: about a frame.
const drawStep = 16 * time.Millisecond

// Open starts a session on art: what storage kept of it is read, and a
// long article starts drawing in steps.
func Open(art article.Article, page Page, o Options) *Session {
	s := &Session{page: page, backend: o.Backend, origin: o.Origin, sidebar: o.Wide}
	s.ws = NewWorkspace(art)
	s.sel = NewSelection()
	s.drawn = len(s.ws.blocks)
	if first := FirstDrawn(s.ws.blocks); o.Stepped && first < s.drawn {
		s.drawn = first
		s.drawMore()
	}
	s.ws.Show(s.drawn)
	if o.Backend != nil {
		s.saver = NewSaver(page, o.Backend)
		s.saver.Open(s.ws)
	}
	return s
}

// Close ends the session: the last change is kept, and what was still
// to come (drawing steps, a search for suggestions) is dropped.
func (s *Session) Close() {
	s.Flush()
	s.closed = true
	s.sugg.run++
	releaseGC()
}

// Flush saves every pending change now.
func (s *Session) Flush() {
	if s.saver != nil {
		s.saver.Flush()
	}
}

// What the page draws.

// Workspace is the article and its annotations, to read.
func (s *Session) Workspace() *Workspace { return s.ws }

// Drawn is how many blocks are drawn.
func (s *Session) Drawn() int { return s.drawn }

// Selection is the pending selection and the choices around it.
func (s *Session) Selection() Selection { return s.sel }

// Focused is the annotation whose card is open ("": none).
func (s *Session) Focused() string { return s.focused }

// Status is the short message of the moment.
func (s *Session) Status() string { return s.status }

// SidebarOpen reports whether the sidebar is open.
func (s *Session) SidebarOpen() bool { return s.sidebar }

// Suggesting reports whether the suggestions are on, and finding,
// whether they are being found.
func (s *Session) Suggesting() (on, finding bool) { return s.sugg.on, s.sugg.busy }

// OpenSuggestion is the suggestion whose card is open, with the label
// its card accepts with (the suggestion's unless the reader chose one).
func (s *Session) OpenSuggestion() (suggest.Suggestion, string, bool) {
	sg, ok := s.ws.Suggestion(s.sugg.open)
	if !ok {
		return sg, "", false
	}
	label := s.sugg.label
	if label == "" {
		label = sg.Label
	}
	return sg, label, true
}

// Saver keeps the workspace saved; nil when nothing is kept.
func (s *Session) Saver() *Saver { return s.saver }

// Marks are what the text shows as focused (the open card's annotation,
// or the open suggestion) and as flashing; it makes the first Drawn
// blocks ready to draw.
func (s *Session) Marks() (focused, flash render.Placed) {
	s.ws.Show(s.drawn)
	focused, _ = s.ws.Get(s.focused)
	if s.sugg.open != "" {
		focused = s.openSuggested()
	}
	flash, _ = s.ws.Get(s.flash)
	return focused, flash
}

// KeyState is what of the session the shortcuts depend on.
func (s *Session) KeyState() KeyState {
	st := s.sel.Keys(len(s.ws.labels))
	st.Card = s.focused != ""
	st.Suggesting, st.Suggestion = s.sugg.on, s.sugg.open != ""
	return st
}

// The page's listeners.

// SelectionDiffers reports whether the browser's selection (ok: there is
// one in the article) is not the one pending.
func (s *Session) SelectionDiffers(at DomSelection, ok bool) bool { return s.sel.Differs(at, ok) }

// Select takes in the browser's selection (ok: there is one).
func (s *Session) Select(at DomSelection, ok bool) { s.sel.Set(at, ok) }

// Snap completes a selection to whole words; ok is false when nothing
// of the text is left.
func (s *Session) Snap(at DomSelection) (DomSelection, bool) {
	var ok bool
	at.Start, at.End, ok = s.ws.text.SnapToWords(at.Start, at.End)
	return at, ok
}

// KeyAction returns what a key press does now (see KeyAction), and
// whether it is a shortcut here at all; selecting says the browser has a
// selection in the article that the session may not have heard of yet.
func (s *Session) KeyAction(k KeyPress, selecting bool) (Action, bool) {
	st := s.KeyState()
	if selecting {
		st.Selection = true
	}
	a := KeyAction(k, st)
	return a, a.Do != DoNothing
}

// Extend takes the browser's selection as the pending one, read at a key
// press (a Shift+arrow may have extended it).
func (s *Session) Extend(at DomSelection) { s.sel.Extend(at) }

// KeepDraft keeps the text of a note box: the notebook (id ""), or the
// note of annotation id.
func (s *Session) KeepDraft(id, text string) {
	if id == "" {
		s.ws.SetNotebook(text)
		return
	}
	s.ws.SetNote(id, text)
}

// OtherTabSaved takes in the record another tab wrote (see
// Saver.OtherTabSaved); OtherTabDeleted, that another tab deleted the
// article's data, which is then deleted here too rather than written
// back.
func (s *Session) OtherTabSaved(written string) {
	if s.saver != nil {
		s.saver.OtherTabSaved(written)
	}
}

func (s *Session) OtherTabDeleted() { s.reset() }

// Written hears how a write of the storage ended (see Saver.Written),
// and reports whether the page must redraw.
func (s *Session) Written(failure string, quota bool) bool {
	return s.saver != nil && s.saver.Written(failure, quota)
}

// Persisted keeps what the browser answered when asked to keep the
// storage for good.
func (s *Session) Persisted(granted bool) {
	if s.saver == nil {
		return
	}
	s.saver.Persisted = "Storage: this browser may clear it when space runs low."
	if granted {
		s.saver.Persisted = "Storage: persistent (the browser will not clear it)."
	}
}

// StorageText is what Settings says of the storage.
func (s *Session) StorageText() string {
	if s.saver == nil {
		return ""
	}
	if s.saver.Persisted == "" || s.saver.Space == "" {
		return s.saver.Persisted + s.saver.Space
	}
	return s.saver.Persisted + " " + s.saver.Space
}

// OpenLinked opens the annotation a link names (/a/<slug>#<id>), after
// the page has drawn the article.
func (s *Session) OpenLinked(id string) {
	if _, ok := s.ws.Get(id); ok {
		s.page.Defer(func() { s.open(id); s.page.Show() })
	}
}

// Import imports a file of annotations, opens the sidebar, and says what
// it did (failed: nothing).
func (s *Session) Import(name string, data []byte) (msg string, failed bool) {
	s.sidebar = true
	rep, err := s.ws.ImportJSON(data, ArticleName)
	if err != nil {
		return "Nothing imported from “" + name + "”: " + err.Error() + ".", true
	}
	s.sel.DropOffer()
	return rep.String() + ". Ctrl+Z undoes the import.", false
}

// Act carries out what the reader asked for, by a key or a control.
func (s *Session) Act(a Action) {
	switch a.Do {
	case DoDismiss:
		s.dismiss()
	case DoClose:
		s.sel.DropOffer()
		s.focused = ""
		s.closeSuggestion()
	case DoUndo:
		if s.ws.Undo() {
			s.sel.DropOffer()
			s.say("Undone.")
		}
	case DoRedo:
		if s.ws.Redo() {
			s.say("Redone.")
		}
	case DoHighlight:
		s.highlightSelection()
	case DoNote:
		s.noteSelection()
	case DoOpenPicker:
		s.sel.Picking = true
	case DoTogglePicker:
		s.sel.Picking = !s.sel.Picking
	case DoPickLink:
		s.sel.Link = a.Link
	case DoTag:
		if a.N < len(s.ws.labels) {
			s.tagSelection(s.ws.labels[a.N])
		}
	case DoTagLast:
		s.tagSelection(s.sel.LastLabel)
	case DoTagAs:
		s.tagSelection(a.Text)
	case DoTagAll:
		s.tagAll()
	case DoDropOffer:
		s.sel.DropOffer()
	case DoRemove:
		s.remove(s.focused)
	case DoRemoveID:
		s.remove(a.ID)
	case DoNext:
		s.move(1)
	case DoPrevious:
		s.move(-1)
	case DoOpen:
		s.open(a.ID)
	case DoToggle:
		if s.focused == a.ID {
			s.focused = ""
		} else {
			s.open(a.ID)
		}
	case DoAttach:
		s.attach(a.ID)
	case DoToggleSidebar:
		s.sidebar = !s.sidebar
	case DoShowSidebar:
		s.sidebar = true
	case DoSetNote:
		if err := s.ws.SetNote(a.ID, a.Text); err == nil {
			s.say("Note saved.")
		}
	case DoSetNotebook:
		s.ws.SetNotebook(a.Text)
	case DoRemoveTag:
		s.removeTag(a.ID, a.Text)
	case DoSetColor:
		s.sel.Color = annotation.Color(a.Text)
		s.ws.SetColor(a.ID, annotation.Color(a.Text))
	case DoSetLabel:
		s.ws.SetLabel(a.ID, a.Text)
	case DoRelink:
		s.relink(a.ID, a.Link)
	case DoRenameEntity:
		s.renameEntity(a.ID, a.Text, a.IRI)
	case DoMergeEntity:
		s.mergeEntity(a.ID, a.Text)
	case DoSay:
		s.say(a.Text)
	case DoExport:
		s.export(a.Text)
	case DoCopy:
		s.copy(a.Text)
	case DoCopyLink:
		if p, ok := s.ws.Get(a.ID); ok {
			s.copyText("link", AnnotationLink(s.origin, s.ws.art.Slug, p.Annotation))
		}
	case DoDownloadUnread:
		if s.saver != nil {
			if raw, ok := s.saver.Unread(); ok {
				s.page.Download(s.ws.art.Slug+".backup.json", "application/json", raw)
			}
		}
	case DoDownloadBackup:
		if s.saver != nil {
			if raw, ok := s.saver.Backup(); ok {
				s.page.Download(s.ws.art.Slug+".backup.json", "application/json", raw)
			}
		}
	case DoSetSpace:
		if s.saver != nil {
			s.saver.Space = a.Text
		}
	case DoDismissCorrupt:
		if s.saver != nil {
			s.saver.Corrupt = ""
		}
	case DoDeleteArticle:
		s.deleteData((*Saver).DeleteArticle, "All data for this article was deleted.")
	case DoDeleteAll:
		s.deleteData((*Saver).DeleteAll, "Everything Marginalia kept in this browser was deleted.")
	case DoSuggest:
		s.toggleSuggestions()
	case DoNextSuggestion:
		s.nextSuggestion(1)
	case DoPrevSuggestion:
		s.nextSuggestion(-1)
	case DoOpenSuggestion:
		if sg, ok := s.ws.Suggestion(a.ID); ok {
			s.openSuggestion(sg)
		}
	case DoSuggestionLabel:
		s.sugg.label = a.Text
	case DoCloseSuggestion:
		s.closeSuggestion()
	case DoAccept:
		s.acceptSuggestion(false, "")
	case DoAcceptAlike:
		s.acceptSuggestion(true, "")
	case DoAcceptAs:
		if a.N < len(s.ws.labels) {
			s.acceptSuggestion(false, s.ws.labels[a.N])
		}
	case DoReject:
		s.rejectSuggestion()
	}
}

// say shows a short status message, read out by screen readers, for
// StatusTime.
func (s *Session) say(msg string) {
	s.status = msg
	s.page.After(StatusTime, func() {
		if s.status == msg {
			s.status = ""
			s.page.Show()
		}
	})
}

// drawMore draws the next step of blocks after a frame, until all are.
func (s *Session) drawMore() {
	s.page.After(drawStep, func() {
		if s.closed || s.drawn >= len(s.ws.blocks) {
			return
		}
		s.drawn = min(len(s.ws.blocks), s.drawn+MoreBlocks)
		s.page.Show()
		if s.drawn < len(s.ws.blocks) {
			s.drawMore()
		}
	})
}

// dismiss closes the toolbar and forgets the selection.
func (s *Session) dismiss() {
	s.sel.Dismiss()
	s.page.ClearSelection()
}

// highlightSelection highlights the pending selection in the last colour.
func (s *Session) highlightSelection() {
	if !s.sel.Active {
		return
	}
	if _, err := s.ws.Highlight(s.sel.At.Start, s.sel.At.End, s.sel.Color); err != nil {
		s.say("Could not highlight: " + err.Error())
		return
	}
	s.dismiss()    // before drawing: the selection is cleared without a layout
	s.page.Paint() // now, not at the page's next frame
	s.say("Highlighted.")
	s.page.Rest()
}

// noteSelection highlights the selection and opens its note editor.
func (s *Session) noteSelection() {
	if !s.sel.Active {
		return
	}
	id, err := s.ws.Highlight(s.sel.At.Start, s.sel.At.End, s.sel.Color)
	if err != nil {
		s.say("Could not add a note: " + err.Error())
		return
	}
	s.dismiss()
	s.open(id)
	s.page.Defer(func() { s.page.FocusNote(id) })
}

// tagSelection tags the selection with a label at once.
func (s *Session) tagSelection(label string) {
	if !s.sel.Active {
		return
	}
	_, offer, err := s.ws.Tag(s.sel.At.Start, s.sel.At.End, label, s.sel.Link)
	if err != nil {
		s.say("Could not tag: " + err.Error())
		return
	}
	s.sel.Tagged(label, offer)
	s.page.ClearSelection()
	s.page.Paint()
	if s.sugg.on {
		s.findSuggestions() // what was tagged is suggested elsewhere
	}
	s.say("Tagged “" + offer.Quote + "” as " + label + ".")
	s.page.Rest()
}

// tagAll tags the occurrences of the offer.
func (s *Session) tagAll() {
	n, err := s.ws.TagAll(s.sel.Offer)
	s.sel.DropOffer()
	if err != nil {
		s.say("Could not tag: " + err.Error())
		return
	}
	s.say("Tagged " + Plural(n, "more occurrence", "more occurrences") + ".")
}

func (s *Session) remove(id string) {
	if err := s.ws.Remove(id); err != nil {
		return
	}
	if s.focused == id {
		s.focused = ""
	}
	s.say("Deleted. Ctrl+Z brings it back.")
}

// removeTag takes the tag off the annotation id.
func (s *Session) removeTag(id, tag string) {
	err := s.ws.Update(id, func(a *annotation.Annotation) {
		a.Tags = slices.DeleteFunc(slices.Clone(a.Tags), func(t string) bool { return t == tag })
	})
	if err == nil {
		s.say("Tag “" + tag + "” removed. Ctrl+Z brings it back.")
	}
}

// relink links the mention id to another entity, and says to which.
func (s *Session) relink(id string, link EntityLink) {
	if err := s.ws.Relink(id, link); err != nil {
		s.say("Could not link: " + err.Error())
		return
	}
	if a, ok := s.ws.set.Get(id); ok {
		if e, ok := s.ws.set.Entity(a.EntityID); ok {
			s.say("Linked to " + e.Name + ".")
		}
	}
}

func (s *Session) renameEntity(id, name, iri string) {
	if strings.TrimSpace(name) == "" {
		s.say("An entity needs a name.")
		return
	}
	if err := s.ws.RenameEntity(id, name, iri); err != nil {
		s.say("Could not rename: " + err.Error())
	}
}

func (s *Session) mergeEntity(from, into string) {
	if err := s.ws.MergeEntity(from, into); err != nil {
		s.say("Could not merge: " + err.Error())
		return
	}
	s.say("Merged. Ctrl+Z separates them again.")
}

// open opens the card of an annotation and shows its mark.
func (s *Session) open(id string) {
	s.reveal(id)
	s.focused = id
	s.sugg.open = ""
	delete(s.ws.review, id) // seen: no longer marked as placed approximately
	s.sidebar = true        // the card is in it (a bottom sheet on narrow screens)
	s.flash = id
	s.page.Defer(func() { s.page.ScrollTo(id, false) })
	s.page.After(FlashTime, func() {
		if s.flash == id {
			s.flash = ""
			s.page.Show()
		}
	})
}

// reveal draws the blocks up to the one that holds the annotation id, if
// the long article's steps have not reached it yet.
func (s *Session) reveal(id string) {
	if p, ok := s.ws.Get(id); ok && p.Match.Method != anchor.Orphan {
		s.revealAt(p.Match.Start)
	}
}

// revealAt draws the blocks up to the one that holds code point at.
func (s *Session) revealAt(at int) {
	blocks := s.ws.blocks
	i := sort.Search(len(blocks), func(k int) bool { return blocks[k].End > at })
	if i >= s.drawn {
		s.drawn = min(len(blocks), i+1)
	}
}

// attach anchors the annotation id (an orphan) on the selection.
func (s *Session) attach(id string) {
	if !s.sel.Active {
		return
	}
	if err := s.ws.Attach(id, s.sel.At.Start, s.sel.At.End); err != nil {
		s.say("Could not attach: " + err.Error())
		return
	}
	s.dismiss()
	s.page.Paint()
	s.open(id)
	s.say("Attached to the selection. Ctrl+Z undoes it.")
}

// move opens the annotation after (dir 1) or before (-1) the open one.
func (s *Session) move(dir int) {
	if id, ok := s.ws.Neighbour(s.focused, dir); ok {
		s.open(id)
		s.page.Defer(func() { s.page.FocusItem(id) })
	}
}

// reset starts the article afresh: its data was deleted, here or in
// another tab.
func (s *Session) reset() {
	s.ws = NewWorkspace(s.ws.art)
	s.ws.Show(s.drawn)
	if s.saver != nil {
		s.saver.Reset(s.ws)
	}
	s.focused = ""
	s.sel.DropOffer()
	s.sugg = suggester{run: s.sugg.run + 1}
	releaseGC()
}

// deleteData deletes with del, starts the article afresh, and says done.
func (s *Session) deleteData(del func(*Saver) error, done string) {
	if s.saver != nil {
		if err := del(s.saver); err != nil {
			s.say("Could not delete: " + err.Error())
			return
		}
	}
	s.reset()
	s.say(done)
}

// export downloads the annotations in a format: "json" (W3C Web
// Annotation), "markdown", "brat" (two files) or "conll".
func (s *Session) export(format string) {
	slug := s.ws.art.Slug
	switch format {
	case "json":
		if data, ok := s.exportJSON(); ok {
			s.page.Download(slug+".annotations.json", "application/ld+json", data)
		}
	case "markdown":
		s.page.Download(slug+".md", "text/markdown;charset=utf-8", export.Markdown(s.ws.ExportDoc()))
	case "brat":
		txt, ann := export.Brat(s.ws.ExportDoc())
		s.page.Download(slug+".txt", "text/plain;charset=utf-8", txt)
		s.page.Download(slug+".ann", "text/plain;charset=utf-8", ann)
	case "conll":
		s.page.Download(slug+".conll", "text/plain;charset=utf-8", export.CoNLL(s.ws.ExportDoc()))
	}
}

// exportJSON is the annotations as W3C Web Annotation JSON; when they
// cannot be, it says why and reports false.
func (s *Session) exportJSON() (string, bool) {
	data, err := s.ws.ExportJSON(time.Now())
	if err != nil {
		s.say("Could not export: " + err.Error())
		return "", false
	}
	return string(data), true
}

// copy puts the annotations on the clipboard: "json" or "markdown".
func (s *Session) copy(format string) {
	switch format {
	case "json":
		if data, ok := s.exportJSON(); ok {
			s.copyText("JSON", data)
		}
	case "markdown":
		s.copyText("Markdown", export.Markdown(s.ws.ExportDoc()))
	}
}

// copyText puts text on the clipboard and says how it went.
func (s *Session) copyText(what, text string) {
	s.page.Copy(text, func(err error) {
		switch {
		case err == nil:
			s.say("Copied the " + what + ".")
		case errors.Is(err, ErrNoClipboard):
			s.say("This browser does not allow copying here: use Export instead.")
		default:
			s.say("Could not copy: " + err.Error() + ". Use Export instead.")
		}
		s.page.Show()
	})
}

// An Actor carries out what a control asks for: the one way a child
// component of the reader changes anything.
type Actor interface{ Act(Action) }

// A View is what the reader's child components read of the workspace:
// its reading methods, and none that change it. It is a struct, not an
// interface (an interface of these methods made app.wasm 5.9 KB larger,
// brotli), and compares equal while it shows the same workspace, so that
// go-app redraws a child only when the revision beside it changes.
type View struct{ w *Workspace }

// View is the workspace to read.
func (w *Workspace) View() View { return View{w} }

func (v View) Article() article.Article                        { return v.w.art }
func (v View) Labels() []string                                { return v.w.labels }
func (v View) Notebook() string                                { return v.w.notebook }
func (v View) Placed() []render.Placed                         { return v.w.placed }
func (v View) Approximate(id string) bool                      { return v.w.review[id] }
func (v View) Entity(id string) (annotation.Entity, bool)      { return v.w.set.Entity(id) }
func (v View) Candidates(text string) []annotation.Entity      { return v.w.Candidates(text) }
func (v View) EntityFor(text string) (annotation.Entity, bool) { return v.w.EntityFor(text) }
func (v View) EntityGroups() []EntityGroup                     { return v.w.EntityGroups() }
func (v View) CanUndo() bool                                   { return v.w.set.CanUndo() }
func (v View) CanRedo() bool                                   { return v.w.set.CanRedo() }
