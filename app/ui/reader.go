package ui

import (
	"errors"
	"runtime/debug"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/article"
	"marginalia/app/library"
	"marginalia/app/render"
	"marginalia/app/store"
	"marginalia/seeds"
)

// Reader shows one article, found by the slug in its /a/<slug> route, and
// is where the reader annotates it.
type Reader struct {
	app.Compo

	slug    string
	found   bool
	mounted bool
	ws      *workspace

	drawn     int          // blocks drawn so far: a long article is drawn in steps
	paper     paper        // draws the text in the browser
	sel       domSelection // the pending selection, snapped to words
	hasSel    bool
	tagging   bool     // the label picker is open
	link      string   // the entity the picker links to (linkAuto, linkNew or an ID)
	offer     tagOffer // "Tag all N other occurrences"
	color     annotation.Color
	lastLabel string // sticky: Enter tags with it
	focused   string // the annotation whose card is open
	flash     string
	status    string // a short message for screen readers and sighted users
	sidebar   bool   // the annotation list is open (narrow screens)
	filter    string // "", "highlight", "mention", "note"
	query     string
	listLimit int // entries the list shows (see listPage)

	editingEntity string         // the entity being renamed
	entityCursor  map[string]int // the next mention to show of each entity

	store        *store.Store
	corrupt      string // the backup key of an unreadable record, for the banner
	quotaFull    bool   // the last save failed: the storage is full
	saveErr      string // the last save failed for another reason
	persisted    string // what the browser said of persistent storage
	confirming   string // the deletion waiting for confirmation
	savePending  bool
	mergedOnSave bool   // the last save took in another tab's changes
	importMsg    string // what the last import did, or why it did nothing
	importErr    bool

	ctx      app.Context
	dragging bool
	release  []func()
}

func (r *Reader) OnPreRender(ctx app.Context) { r.load(ctx) }

func (r *Reader) OnNav(ctx app.Context) {
	r.load(ctx)
	r.mounted = app.IsClient
}

// A long article is drawn in steps: first what a tall screen shows (the
// blocks that hold the first firstChars characters, at most firstBlocks
// of them), then moreBlocks at a time in the frames after. The page is
// interactive from the first step; and no update mounts more components
// than go-app's update queue holds (4,096).
const (
	firstChars  = 8000 // a 4K screen of text is about 5,000
	firstBlocks = 80
	moreBlocks  = 250
)

// firstDrawn is how many blocks the first step draws.
func firstDrawn(blocks []render.Block) int {
	n, chars := 0, 0
	for n < len(blocks) && n < firstBlocks && chars < firstChars {
		chars += blocks[n].End - blocks[n].Start
		n++
	}
	return n
}

// drawMore draws the next step of blocks after a frame, until all are.
func (r *Reader) drawMore(ctx app.Context) {
	id := r.ws.art.ID
	ctx.After(16*time.Millisecond, func(ctx app.Context) {
		if r.ws == nil || r.ws.art.ID != id || r.drawn >= len(r.ws.blocks) {
			return
		}
		r.drawn = min(len(r.ws.blocks), r.drawn+moreBlocks)
		if r.drawn < len(r.ws.blocks) {
			r.drawMore(ctx)
		}
	})
}

// findArticle returns the seed or added article with that slug (added
// articles only in the browser).
func findArticle(slug string) (article.Article, bool) {
	if a, ok := seeds.BySlug(slug); ok {
		return a, true
	}
	if !app.IsClient {
		return article.Article{}, false
	}
	it, ok := library.New(browserStorage{}).BySlug(slug)
	return it.Article, ok
}

// load finds the article named by the current URL.
func (r *Reader) load(ctx app.Context) {
	slug := strings.TrimPrefix(ctx.Page().URL().Path, "/a/")
	if r.ws != nil && slug == r.slug {
		return
	}
	r.slug = slug
	if app.IsClient {
		// What opening reads (the article, its annotations, their places)
		// stays in use: a collection while it runs finds nearly nothing
		// to free. Let the heap grow meanwhile; the next collection, after,
		// sets the pace again.
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	art, found := findArticle(slug)
	r.found = found
	if !found {
		r.ws = nil
		ctx.Page().SetTitle(pageTitle("Article not found"))
		return
	}
	r.ws = newWorkspace(art)
	r.drawn = len(r.ws.blocks)
	if first := firstDrawn(r.ws.blocks); app.IsClient && first < r.drawn {
		r.drawn = first
		r.drawMore(ctx)
	}
	r.ws.show(r.drawn)
	r.entityCursor = map[string]int{}
	r.color = annotation.Yellow
	// The list is open beside the text on wide screens; on narrow ones it
	// is a bottom sheet, closed until asked for.
	r.sidebar = !app.IsClient || app.Window().Get("innerWidth").Int() > 1100
	r.corrupt, r.quotaFull, r.saveErr = "", false, ""
	if app.IsClient {
		r.store = store.New(browserStorage{})
		d, err := r.store.Load(art.ID)
		var ce *store.CorruptError
		switch {
		case errors.As(err, &ce):
			r.corrupt = ce.BackupKey
		case err != nil:
			r.saveErr = "Saved annotations could not be read: " + err.Error()
		}
		r.ws.restore(d)
		r.ws.onChange = r.scheduleSave
	}
	ctx.Page().SetTitle(pageTitle(art.Title))
	// go-app's server printer quotes attribute values Go-style, which does
	// not escape a double quote for HTML: keep them out of the meta tag.
	ctx.Page().SetDescription(strings.ReplaceAll(art.Dek, `"`, "”"))
}

func (r *Reader) OnMount(ctx app.Context) {
	r.ctx = ctx
	r.paint()
	doc := app.Window().Get("document")
	listen := func(event string, fn func(e app.Value)) {
		f := app.FuncOf(func(this app.Value, args []app.Value) any {
			fn(args[0])
			return nil
		})
		doc.Call("addEventListener", event, f)
		r.release = append(r.release, func() {
			doc.Call("removeEventListener", event, f)
			f.Release()
		})
	}
	listen("mousedown", func(e app.Value) {
		if t := e.Get("target"); t.Truthy() && t.Get("closest").Truthy() && t.Call("closest", "#sel-toolbar button").Truthy() {
			// Pressing a toolbar button must not clear the selection. This
			// is done here, not with a go-app handler, which would redraw
			// the whole reader on every press.
			e.Call("preventDefault")
			return
		}
		if e.Get("button").Int() == 0 {
			r.dragging = true
		}
	})
	listen("mouseup", func(e app.Value) {
		r.dragging = false
		if t := e.Get("target"); t.Truthy() && t.Get("closest").Truthy() && t.Call("closest", "#sel-toolbar").Truthy() {
			return // a press in the toolbar left the selection as it was
		}
		r.selectionChanged()
	})
	listen("selectionchange", func(app.Value) {
		if !r.dragging {
			r.selectionChanged()
		}
	})
	listen("keydown", r.onKeyDown)
	for _, ev := range []string{"dragover", "dragleave", "drop"} {
		listen(ev, r.onDrag)
	}

	// Save a pending change before the page goes away.
	onHide := app.FuncOf(func(app.Value, []app.Value) any {
		r.flushSave()
		return nil
	})
	app.Window().Call("addEventListener", "pagehide", onHide)
	r.release = append(r.release, func() {
		app.Window().Call("removeEventListener", "pagehide", onHide)
		onHide.Release()
	})

	// Another tab saved: merge its record (the storage event fires only in
	// the other tabs of the same origin).
	onStorage := app.FuncOf(func(this app.Value, args []app.Value) any {
		if r.ws == nil || r.store == nil || args[0].Get("key").String() != store.Key(r.ws.art.ID) {
			return nil
		}
		v := args[0].Get("newValue")
		if v.Type() != app.TypeString {
			// Another tab deleted the data: do the same here, rather than
			// write it back.
			r.ctx.Dispatch(func(app.Context) { r.resetWorkspace() })
			return nil
		}
		written := store.Unstored(v.String())
		r.ctx.Dispatch(func(app.Context) { r.mergeStored(written) })
		return nil
	})
	app.Window().Call("addEventListener", "storage", onStorage)
	r.release = append(r.release, func() {
		app.Window().Call("removeEventListener", "storage", onStorage)
		onStorage.Release()
	})

	// Ask the browser not to evict what is stored.
	if sm := app.Window().Get("navigator").Get("storage"); sm.Truthy() && sm.Get("persist").Truthy() {
		var then app.Func
		then = app.FuncOf(func(this app.Value, args []app.Value) any {
			granted := len(args) > 0 && args[0].Truthy()
			r.ctx.Dispatch(func(app.Context) {
				r.persisted = "Storage: this browser may clear it when space runs low."
				if granted {
					r.persisted = "Storage: persistent (the browser will not clear it)."
				}
			})
			then.Release()
			return nil
		})
		sm.Call("persist").Call("then", then)
	}
}

// scheduleSave saves the change in a task of its own once the new mark is
// drawn and painted (a save of a thousand annotations takes longer than a
// frame).
// A page that is hidden or closed before then saves on pagehide.
func (r *Reader) scheduleSave() {
	if r.savePending {
		return
	}
	r.savePending = true
	if r.ctx == nil {
		r.flushSave()
		return
	}
	var f, frame app.Func
	f = app.FuncOf(func(app.Value, []app.Value) any {
		f.Release()
		r.ctx.Dispatcher().Dispatch(app.Dispatch{Mode: app.Next, Source: r, Function: func(ctx app.Context) {
			before := r.quotaFull || r.saveErr != ""
			r.flushSave()
			collectWhenIdle()
			if after := r.quotaFull || r.saveErr != ""; after != before || r.mergedOnSave {
				r.mergedOnSave = false
				ctx.Dispatch(func(app.Context) {}) // show or hide the banner
			}
		}})
		return nil
	})
	// go-app draws the change at its next frame tick, which a timeout of 0
	// would come before: wait two animation frames (the change is drawn
	// and painted by then), then save in a task of its own.
	frames := 0
	frame = app.FuncOf(func(app.Value, []app.Value) any {
		if frames++; frames < 2 {
			app.Window().Call("requestAnimationFrame", frame)
			return nil
		}
		frame.Release()
		app.Window().Call("setTimeout", f, 0)
		return nil
	})
	app.Window().Call("requestAnimationFrame", frame)
}

// flushSave saves now if a save is pending.
func (r *Reader) flushSave() {
	if r.savePending {
		r.savePending = false
		r.save()
	}
}

// save writes the workspace to storage, after each change. A full storage
// keeps the change in this tab and shows the banner; the next change tries
// again.
func (r *Reader) save() {
	if r.store == nil {
		return
	}
	merged, err := r.store.Save(r.ws.art.ID, r.ws.data())
	r.quotaFull, r.saveErr = false, ""
	switch {
	case errors.Is(err, store.ErrQuota):
		r.quotaFull = true
	case err != nil:
		r.saveErr = "Your changes could not be saved: " + err.Error()
	}
	if merged {
		r.ws.refresh()
		r.mergedOnSave = true
	}
}

// mergeStored takes in what another tab saved: the record it wrote (the
// storage event's new value) and what storage holds now, which may already
// be a third tab's. If this tab then holds something storage lacks (two
// tabs saved at once, and one write replaced the other), it saves the
// union, so that every tab ends with every edit.
func (r *Reader) mergeStored(written string) {
	id := r.ws.art.ID
	changed := false
	if written != "" {
		if d, err := store.Parse(written, id); err == nil {
			st := r.ws.set.Merge(d.Set)
			changed = st.Added+st.Updated > 0
		}
	}
	d, err := r.store.Load(id)
	if err != nil {
		var ce *store.CorruptError
		if errors.As(err, &ce) {
			r.corrupt = ce.BackupKey
			r.save() // what this tab has replaces the unreadable record
		}
		return
	}
	if st := r.ws.set.Merge(d.Set); st.Added+st.Updated > 0 {
		changed = true
	}
	if changed {
		r.ws.refresh()
	}
	// Does storage lack anything this tab has?
	if st := d.Set.Merge(r.ws.set); st.Added+st.Updated > 0 {
		r.save()
	}
}

// exportJSON downloads the article's annotations as W3C Web Annotation JSON.
func (r *Reader) exportJSON(ctx app.Context) {
	data, err := r.ws.exportJSON(time.Now())
	if err != nil {
		r.say(ctx, "Could not export: "+err.Error())
		return
	}
	download(r.ws.art.Slug+".annotations.json", "application/ld+json", string(data))
}

// downloadBackup downloads the unreadable record that was kept.
func (r *Reader) downloadBackup(ctx app.Context) {
	if _, raw, ok := r.store.Backup(r.ws.art.ID); ok {
		download(r.ws.art.Slug+".backup.json", "application/json", raw)
	}
}

func (r *Reader) OnDismount() {
	r.flushSave()
	for _, f := range r.release {
		f()
	}
	r.release = nil
}

// selectionChanged reads the browser's selection and shows or hides the
// toolbar. It runs in a JS callback: state changes go through Dispatch.
func (r *Reader) selectionChanged() {
	if r.ws == nil || r.ctx == nil {
		return
	}
	s, ok := r.freshSelection()
	if !ok && r.hasSel && app.Window().Get("document").Call("querySelector", "#sel-toolbar:focus-within").Truthy() {
		// The focus moved into the toolbar (the new-label box): keep the
		// pending selection.
		return
	}
	if ok == r.hasSel && (!ok || s.start == r.sel.start && s.end == r.sel.end) {
		return
	}
	r.ctx.Dispatch(func(ctx app.Context) {
		r.hasSel, r.sel = ok, s
		r.link = linkAuto
		if !ok {
			r.tagging = false
			return
		}
		ctx.Defer(func(app.Context) { placeToolbar(r.sel) })
	})
}

// freshSelection reads the browser's selection in the article, snapped to
// words.
func (r *Reader) freshSelection() (domSelection, bool) {
	s, ok := readSelection(r.ws.text.Len())
	if ok {
		s.start, s.end, ok = r.ws.text.SnapToWords(s.start, s.end)
	}
	return s, ok
}

// dismiss closes the toolbar and forgets the selection.
func (r *Reader) dismiss() {
	r.hasSel, r.tagging, r.link = false, false, linkAuto
	clearSelection()
}

// say shows a short status message, read out by screen readers.
func (r *Reader) say(ctx app.Context, msg string) {
	r.status = msg
	ctx.After(4*time.Second, func(app.Context) {
		if r.status == msg {
			r.status = ""
		}
	})
}

// highlightSelection highlights the pending selection in the last colour.
func (r *Reader) highlightSelection(ctx app.Context) {
	if !r.hasSel {
		return
	}
	if _, err := r.ws.highlight(r.sel.start, r.sel.end, r.color); err != nil {
		r.say(ctx, "Could not highlight: "+err.Error())
		return
	}
	r.dismiss() // before drawing: the selection is cleared without a layout
	r.paint()   // now, not at go-app's next frame
	r.say(ctx, "Highlighted.")
	r.restLater(ctx)
}

// restLater redraws the rest of the reader (the list, the toolbar going)
// in a task after this one, once the browser has the new mark that paint
// drew: when go-app's frame tick falls due during a handler, it redraws
// the whole reader before the handler's task ends, and the mark waits.
func (r *Reader) restLater(ctx app.Context) {
	ctx.PreventUpdate()
	ctx.After(time.Millisecond, func(app.Context) {})
}

// noteSelection highlights the selection and opens its note editor.
func (r *Reader) noteSelection(ctx app.Context) {
	if !r.hasSel {
		return
	}
	id, err := r.ws.highlight(r.sel.start, r.sel.end, r.color)
	if err != nil {
		r.say(ctx, "Could not add a note: "+err.Error())
		return
	}
	r.dismiss()
	r.open(ctx, id)
	ctx.Defer(func(app.Context) { focusElement(noteFieldID(id)) })
}

// tagSelection tags the selection with a label at once.
func (r *Reader) tagSelection(ctx app.Context, label string) {
	if !r.hasSel {
		return
	}
	_, offer, err := r.ws.tag(r.sel.start, r.sel.end, label, r.link)
	if err != nil {
		r.say(ctx, "Could not tag: "+err.Error())
		return
	}
	r.dismiss()
	r.paint()
	r.lastLabel = label
	r.offer = offer
	r.say(ctx, "Tagged “"+offer.Quote+"” as "+label+".")
	r.restLater(ctx)
}

// tagAll tags the occurrences of the offer.
func (r *Reader) tagAll(ctx app.Context) {
	n, err := r.ws.tagAll(r.offer)
	r.offer = tagOffer{}
	if err != nil {
		r.say(ctx, "Could not tag: "+err.Error())
		return
	}
	r.say(ctx, "Tagged "+plural(n, "more occurrence", "more occurrences")+".")
}

// open opens the card of an annotation and shows its mark.
func (r *Reader) open(ctx app.Context, id string) {
	r.focused = id
	r.sidebar = true // the card is in it (a bottom sheet on narrow screens)
	r.flash = id
	ctx.Defer(func(app.Context) { scrollToMark(id) })
	ctx.After(1500*time.Millisecond, func(app.Context) {
		if r.flash == id {
			r.flash = ""
		}
	})
}

func (r *Reader) undo(ctx app.Context) {
	if r.ws.undo() {
		r.offer = tagOffer{}
		r.say(ctx, "Undone.")
	}
}

func (r *Reader) redo(ctx app.Context) {
	if r.ws.redo() {
		r.say(ctx, "Redone.")
	}
}

func (r *Reader) remove(ctx app.Context, id string) {
	if err := r.ws.remove(id); err != nil {
		return
	}
	if r.focused == id {
		r.focused = ""
	}
	r.say(ctx, "Deleted. Ctrl+Z brings it back.")
}

// onKeyDown handles the shortcuts. It runs in a JS callback: it decides at
// once whether the key is one of ours (to prevent the browser's default),
// and makes the change through Dispatch.
func (r *Reader) onKeyDown(e app.Value) {
	if r.ws == nil || r.ctx == nil {
		return
	}
	key := e.Get("key").String()
	ctrl := e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool()
	shift := e.Get("shiftKey").Bool()
	alt := e.Get("altKey").Bool()
	tag := strings.ToLower(e.Get("target").Get("tagName").String())
	typing := tag == "input" || tag == "textarea" || tag == "select" || e.Get("target").Get("isContentEditable").Bool()

	// Read the selection now: the selectionchange of the last Shift+arrow
	// may not have reached the toolbar state yet.
	hasSel := r.hasSel
	if !typing {
		if sel, ok := r.freshSelection(); ok {
			hasSel = true
			r.ctx.Dispatch(func(app.Context) { r.sel, r.hasSel = sel, true })
		}
	}

	var act func(ctx app.Context)
	switch {
	case key == "Escape":
		act = func(app.Context) {
			if r.hasSel || r.tagging {
				r.dismiss()
				return
			}
			r.offer = tagOffer{}
			r.focused = ""
		}
	case alt || typing && !(tag == "select" && ctrl):
		// Text boxes keep their own keys, Ctrl+Z included; a menu has no
		// text to undo, so undo and redo work from it.
		return
	case ctrl && (key == "z" || key == "Z") && !shift:
		act = r.undo
	case ctrl && ((key == "z" || key == "Z") && shift || key == "y"):
		act = r.redo
	case ctrl:
		return
	case hasSel && key == "h":
		act = r.highlightSelection
	case hasSel && key == "n":
		act = r.noteSelection
	case hasSel && key == "t":
		act = func(app.Context) { r.tagging = true }
	case hasSel && len(key) == 1 && key >= "1" && key <= "9":
		i := int(key[0] - '1')
		if i >= len(r.ws.labels) {
			return
		}
		label := r.ws.labels[i]
		act = func(ctx app.Context) { r.tagSelection(ctx, label) }
	case hasSel && key == "Enter":
		if r.lastLabel == "" {
			act = func(app.Context) { r.tagging = true }
		} else {
			act = func(ctx app.Context) { r.tagSelection(ctx, r.lastLabel) }
		}
	case key == "Delete" && r.focused != "":
		id := r.focused
		act = func(ctx app.Context) { r.remove(ctx, id) }
	case key == "j" || key == "k":
		dir := 1
		if key == "k" {
			dir = -1
		}
		act = func(ctx app.Context) {
			if id, ok := r.ws.neighbour(r.focused, dir); ok {
				r.open(ctx, id)
				ctx.Defer(func(app.Context) { focusElement(itemID(id)) })
			}
		}
	default:
		return
	}
	e.Call("preventDefault")
	r.ctx.Dispatch(act)
}

// onArticleClick opens the card of a clicked mark (not at the end of a
// drag that selected text). It never calls PreventUpdate: the mouseup of
// the same gesture may have dispatched the toolbar, and preventing this
// component's update would drop it.
func (r *Reader) onArticleClick(ctx app.Context, e app.Event) {
	if sel := app.Window().Call("getSelection"); sel.Truthy() && !sel.Get("isCollapsed").Bool() {
		return
	}
	mark := e.Get("target").Call("closest", "mark[data-annotation-id]")
	if !mark.Truthy() {
		return
	}
	// The innermost mark is the one clicked.
	r.open(ctx, mark.Call("getAttribute", "data-annotation-id").String())
}

func (r *Reader) Render() app.UI {
	if !r.found || r.ws == nil {
		if !app.IsClient {
			// An article added in a browser is known only there: the
			// server cannot tell, and the page says so until the app runs.
			return frame(true, app.Elem("section").Class("not-found").Body(
				app.Elem("p").Text("Looking for this article in this browser…"),
			))
		}
		if !r.mounted {
			// Before the first navigation: the frame the article is drawn
			// in, so that go-app mounts its <article> now and paper draws
			// the text in the very update that shows the article.
			return frame(true, app.Elem("div").Class("banners"), app.Elem("div").Class("reader-layout").Body(
				app.Elem("article").ID(readerTextID).Class("reader"),
			))
		}
		return frame(!r.mounted, notFoundContent("No article is called “"+r.slug+"”, here or among the articles added in this browser."))
	}
	ws := r.ws
	// In the browser, paper draws the text (see paper.go); go-app draws it
	// on the server and in the component tests.
	var blocks []app.UI
	if app.IsClient {
		r.paint()
	} else {
		focused, _ := ws.get(r.focused)
		flashed, _ := ws.get(r.flash)
		blocks = make([]app.UI, min(len(ws.blocks), r.drawn))
		for i, b := range ws.blocks[:len(blocks)] {
			blk := &block{Block: b}
			if covers(focused, b.Block) {
				blk.Focused = focused.ID
			}
			if covers(flashed, b.Block) {
				blk.Flash = flashed.ID
			}
			blocks[i] = blk
		}
	}
	return frame(!r.mounted,
		r.renderBanners(),
		app.Elem("div").Class("reader-layout").Body(
			app.Elem("article").ID(readerTextID).Class("reader").DataSet("article-id", ws.art.ID).
				OnClick(r.onArticleClick).
				Body(blocks...),
			r.renderSidebar(),
		),
		// Each floating part has a slot of its own, so that go-app never
		// turns one into another (the toolbar's position is set on its
		// element directly, and would stick to whatever reused it).
		app.Elem("div").Class("slot").Body(app.If(r.hasSel, r.renderToolbar())),
		app.Elem("div").Class("slot").Body(app.If(len(r.offer.Starts) > 0, r.renderOffer())),
		app.Elem("div").Class("status").Attr("role", "status").Aria("live", "polite").Text(r.status),
	)
}

// paint draws the text as the reader's state now is, at once (see paper).
// Before go-app has mounted the <article>, it draws once go-app has.
func (r *Reader) paint() {
	if r.ws == nil {
		return
	}
	r.ws.show(r.drawn)
	focused, _ := r.ws.get(r.focused)
	flashed, _ := r.ws.get(r.flash)
	if !r.paper.paint(r.ws, r.drawn, focused, flashed) && r.ctx != nil {
		r.ctx.Defer(func(app.Context) { r.paint() })
	}
}

// covers reports whether a placed annotation reaches into a block.
func covers(p render.Placed, b article.Block) bool {
	return p.ID != "" && p.Match.Method != anchor.Orphan && p.Match.Start < b.End && b.Start < p.Match.End
}

// renderToolbar is the toolbar over a selection, with the label picker
// when it is open.
func (r *Reader) renderToolbar() app.UI {
	return app.Elem("div").ID("sel-toolbar").Class("sel-toolbar").
		Attr("role", "toolbar").Aria("label", "Annotate selection").Body(
		app.Elem("button").Attr("type", "button").Class("tb-highlight tb-"+string(r.color)).
			Title("Highlight (H)").
			OnClick(func(ctx app.Context, e app.Event) { r.highlightSelection(ctx) }).
			Text("Highlight"),
		app.Elem("button").Attr("type", "button").Title("Tag entity (T; 1–9 for a label; Enter for the last one)").
			Aria("expanded", r.tagging).
			OnClick(func(ctx app.Context, e app.Event) { r.tagging = !r.tagging }).
			Text("Tag entity"),
		app.Elem("button").Attr("type", "button").Title("Add note (N)").
			OnClick(func(ctx app.Context, e app.Event) { r.noteSelection(ctx) }).
			Text("Add note"),
		app.If(r.tagging, r.renderLabelPicker()),
	)
}

func (r *Reader) renderLabelPicker() app.UI {
	labels := r.ws.labels
	return app.Elem("div").Class("label-picker").Attr("role", "group").Aria("label", "Entity label").Body(
		app.Range(labels).Slice(func(i int) app.UI {
			l := labels[i]
			b := app.Elem("button").Attr("type", "button").Class("label-choice hue-"+itoa(i%8)).
				OnClick(func(ctx app.Context, e app.Event) { r.tagSelection(ctx, l) }, l).
				Text(l)
			if i < 9 {
				b = b.Title("Tag as " + l + " (" + itoa(i+1) + ")")
			}
			return b
		}),
		r.entityChoice("link-entity", r.ws.text.Slice(r.sel.start, r.sel.end), r.link, true,
			func(ctx app.Context, link string) { r.link = link }),
		app.ElemSelfClosing("input").Attr("type", "text").ID("new-label").Class("new-label").
			Aria("label", "New label").Attr("placeholder", "New label…").
			OnKeyDown(func(ctx app.Context, e app.Event) {
				if e.Get("key").String() != "Enter" {
					ctx.PreventUpdate()
					return
				}
				e.PreventDefault()
				if l := strings.TrimSpace(ctx.JSSrc().Get("value").String()); l != "" {
					r.tagSelection(ctx, l)
				}
			}),
	)
}

// maxChoices bounds the entities an entity menu lists.
const maxChoices = 60

// entityChoice is a labelled menu of the entities a mention of quote may
// link to, the likely ones first, and a new entity named after it. auto
// adds a first entry for the automatic choice. current is the selected
// value.
func (r *Reader) entityChoice(id, quote, current string, auto bool, pick func(ctx app.Context, link string)) app.UI {
	cands := r.ws.candidates(quote)
	if len(cands) > maxChoices {
		cands = cands[:maxChoices]
	}
	var opts []app.UI
	if auto {
		name := "new entity “" + shorten(quote, 40) + "”"
		if e, ok := r.ws.entityFor(quote); ok {
			name = e.Name
		}
		opts = append(opts, app.Elem("option").Attr("value", linkAuto).Attr("selected", current == linkAuto).Text("Automatic: "+name))
	} else if current == "" {
		opts = append(opts, app.Elem("option").Attr("value", linkAuto).Attr("selected", true).Text("None"))
	}
	for _, e := range cands {
		text := e.Name
		if e.Label != "" {
			text += " · " + e.Label
		}
		opts = append(opts, app.Elem("option").Attr("value", e.ID).Attr("selected", current == e.ID).Text(text))
	}
	opts = append(opts, app.Elem("option").Attr("value", linkNew).Attr("selected", current == linkNew).Text("New entity “"+shorten(quote, 40)+"”"))
	return app.Elem("div").Class("entity-choice").Body(
		app.Elem("label").Attr("for", id).Text("Entity"),
		app.Elem("select").ID(id).
			OnChange(func(ctx app.Context, e app.Event) { pick(ctx, ctx.JSSrc().Get("value").String()) }, id).
			Body(opts...),
	)
}

func (r *Reader) renderOffer() app.UI {
	n := len(r.offer.Starts)
	return app.Elem("div").Class("offer").Attr("role", "region").Aria("label", "Tag other occurrences").Body(
		app.Elem("span").Text("“"+r.offer.Quote+"” appears "+plural(n, "more time", "more times")+". "),
		app.Elem("button").Attr("type", "button").
			OnClick(func(ctx app.Context, e app.Event) { r.tagAll(ctx) }).
			Text("Tag all "+itoa(n)+" other "+pluralWord(n, "occurrence", "occurrences")),
		app.Elem("button").Attr("type", "button").Class("quiet").
			OnClick(func(ctx app.Context, e app.Event) { r.offer = tagOffer{} }).
			Text("Dismiss"),
	)
}

// renderBanners tells about storage problems, with what to do.
func (r *Reader) renderBanners() app.UI {
	return app.Elem("div").Class("banners").Body(
		app.If(r.corrupt != "",
			app.Elem("div").Class("banner").Attr("role", "alert").Body(
				app.Elem("span").Text("Saved annotations for this article could not be read. A copy was kept."),
				app.Elem("button").Attr("type", "button").OnClick(func(ctx app.Context, e app.Event) { r.downloadBackup(ctx) }).Text("Download backup"),
				app.Elem("button").Attr("type", "button").Class("quiet").
					OnClick(func(ctx app.Context, e app.Event) { r.corrupt = "" }).Text("Dismiss"),
			),
		),
		app.If(r.quotaFull,
			app.Elem("div").Class("banner").Attr("role", "alert").Body(
				app.Elem("span").Text("The browser’s storage is full: your latest changes are kept in this tab only. Export them to keep them safe."),
				app.Elem("button").Attr("type", "button").OnClick(func(ctx app.Context, e app.Event) { r.exportJSON(ctx) }).Text("Export now"),
			),
		),
		app.If(r.saveErr != "",
			app.Elem("div").Class("banner").Attr("role", "alert").Body(
				app.Elem("span").Text(r.saveErr),
				app.Elem("button").Attr("type", "button").OnClick(func(ctx app.Context, e app.Event) { r.exportJSON(ctx) }).Text("Export now"),
			),
		),
	)
}

// deleteArticleData removes everything kept for this article.
func (r *Reader) deleteArticleData(ctx app.Context) {
	if r.store != nil {
		if err := r.store.Delete(r.ws.art.ID); err != nil {
			r.say(ctx, "Could not delete: "+err.Error())
			return
		}
	}
	r.resetWorkspace()
	r.say(ctx, "All data for this article was deleted.")
}

// deleteEverything removes everything Marginalia keeps in this browser.
func (r *Reader) deleteEverything(ctx app.Context) {
	if r.store != nil {
		if err := r.store.DeleteAll(); err != nil {
			r.say(ctx, "Could not delete: "+err.Error())
			return
		}
	}
	r.resetWorkspace()
	r.say(ctx, "Everything Marginalia kept in this browser was deleted.")
}

func (r *Reader) resetWorkspace() {
	ws := newWorkspace(r.ws.art)
	ws.onChange = r.ws.onChange
	r.ws = ws
	r.focused, r.offer, r.corrupt, r.quotaFull = "", tagOffer{}, "", false
}
