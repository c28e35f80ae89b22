package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/store"
)

// The reader's browser side: the listeners it puts on the page, which
// describe what happened and hand it to the parts that decide (the
// selection, keyAction, the saver).

// pageEvents holds listeners put on the page, to take them off again.
type pageEvents struct {
	dragging bool // the mouse button is down: the selection is being made
	drafts   int  // note keystrokes so far: a draft is kept when they pause
	releases []func()
}

// listen calls fn with each event of that type on target.
func (p *pageEvents) listen(target app.Value, event string, fn func(e app.Value)) {
	f := app.FuncOf(func(this app.Value, args []app.Value) any {
		fn(args[0])
		return nil
	})
	target.Call("addEventListener", event, f)
	p.releases = append(p.releases, func() {
		target.Call("removeEventListener", event, f)
		f.Release()
	})
}

// release takes every listener off.
func (p *pageEvents) release() {
	for _, f := range p.releases {
		f()
	}
	p.releases = nil
}

func (r *Reader) OnMount(ctx app.Context) {
	r.ctx = ctx
	r.paint()
	doc := app.Window().Get("document")
	r.events.listen(doc, "mousedown", func(e app.Value) {
		if t := e.Get("target"); t.Truthy() && t.Get("closest").Truthy() && t.Call("closest", "#sel-toolbar button, .orphans button").Truthy() {
			// Pressing a toolbar button (or an orphan's Attach) must not
			// clear the selection it acts on. This is done here, not with a
			// go-app handler, which would redraw the whole reader on every
			// press.
			e.Call("preventDefault")
			return
		}
		if e.Get("button").Int() == 0 {
			r.events.dragging = true
		}
	})
	r.events.listen(doc, "mouseup", func(e app.Value) {
		r.events.dragging = false
		if t := e.Get("target"); t.Truthy() && t.Get("closest").Truthy() && t.Call("closest", "#sel-toolbar, .orphans button").Truthy() {
			return // a press in the toolbar left the selection as it was
		}
		r.selectionChanged()
	})
	r.events.listen(doc, "selectionchange", func(app.Value) {
		if !r.events.dragging {
			r.selectionChanged()
		}
	})
	r.events.listen(doc, "keydown", r.onKeyDown)
	// A note being typed is kept once the typing pauses, and at once
	// when the page is hidden or goes away, with every pending change.
	r.events.listen(doc, "input", r.onInput)
	r.events.listen(doc, "visibilitychange", func(app.Value) {
		if doc.Get("hidden").Bool() {
			r.keepEverything()
		}
	})
	r.events.listen(app.Window(), "pagehide", func(app.Value) { r.keepEverything() })
	r.events.listen(app.Window(), "storage", r.onStorage)
	r.hearWrites()
	r.askPersistence()
	r.estimateSpace()
}

// draftPause is how long typing in a note pauses before the note is kept.
const draftPause = time.Second

// onInput keeps what is typed in a note or the notebook once the typing
// pauses for draftPause, without waiting for the box to lose the focus.
// (A listener of the page, not a go-app handler: that would redraw the
// reader at every keystroke.)
func (r *Reader) onInput(e app.Value) {
	t := e.Get("target")
	if r.ws == nil || r.ctx == nil || !t.Truthy() || !t.Call("matches", "textarea.note-field").Bool() {
		return
	}
	r.events.drafts++
	gen, field := r.events.drafts, t.Get("id").String()
	var f app.Func
	f = app.FuncOf(func(app.Value, []app.Value) any {
		f.Release()
		if gen == r.events.drafts {
			r.ctx.Dispatch(func(app.Context) { r.keepDraft(field) })
		}
		return nil
	})
	app.Window().Call("setTimeout", f, draftPause.Milliseconds())
}

// keepDraft puts the text of a note box (note-<id>, or the notebook) into
// the workspace, which saves it.
func (r *Reader) keepDraft(field string) {
	el := app.Window().GetElementByID(field)
	if r.ws == nil || !el.Truthy() {
		return
	}
	text := el.Get("value").String()
	if field == "notebook" {
		r.ws.setNotebook(text)
	} else if id, ok := strings.CutPrefix(field, "note-"); ok {
		r.ws.setNote(id, text)
	}
}

// keepEverything keeps the note boxes' text and saves every pending
// change now: the page is being hidden or closed, and may not run again.
func (r *Reader) keepEverything() {
	boxes := app.Window().Get("document").Call("querySelectorAll", "textarea.note-field")
	for i, n := 0, boxes.Length(); i < n; i++ {
		r.keepDraft(boxes.Index(i).Get("id").String())
	}
	if r.saver != nil {
		r.saver.flush()
	}
}

// onStorage takes in what another tab saved (the storage event fires only
// in the other tabs of the same origin).
func (r *Reader) onStorage(e app.Value) {
	if r.ws == nil || r.saver == nil || e.Get("key").String() != store.Key(r.ws.art.ID) {
		return
	}
	v := e.Get("newValue")
	if v.Type() != app.TypeString {
		// Another tab deleted the data: do the same here, rather than
		// write it back.
		r.ctx.Dispatch(func(app.Context) { r.resetWorkspace() })
		return
	}
	written := store.Unstored(v.String())
	r.ctx.Dispatch(func(app.Context) { r.saver.otherTabSaved(written) })
}

// hearWrites has IndexedDB's writes, which finish after the save that
// made them, tell the saver how they went.
func (r *Reader) hearWrites() {
	if _, ok := storage.(indexedDB); !ok {
		return
	}
	js := indexedDB{}.js()
	f := app.FuncOf(func(this app.Value, args []app.Value) any {
		failure, quota := args[0].String(), args[1].Bool()
		r.ctx.Dispatch(func(ctx app.Context) {
			if r.saver == nil || !r.saver.written(failure, quota) {
				ctx.PreventUpdate()
			}
		})
		return nil
	})
	js.Set("onfailure", f)
	r.events.releases = append(r.events.releases, func() {
		js.Set("onfailure", nil)
		f.Release()
	})
}

// askPersistence asks the browser not to evict what is stored, and keeps
// its answer for Settings.
func (r *Reader) askPersistence() {
	sm := app.Window().Get("navigator").Get("storage")
	if !sm.Truthy() || !sm.Get("persist").Truthy() {
		return
	}
	settle(sm.Call("persist"), func(v app.Value) {
		granted := v.Truthy()
		r.ctx.Dispatch(func(app.Context) {
			if r.saver == nil {
				return
			}
			r.saver.persisted = "Storage: this browser may clear it when space runs low."
			if granted {
				r.saver.persisted = "Storage: persistent (the browser will not clear it)."
			}
		})
	}, nil)
}

// estimateSpace asks the browser how much storage the site uses and may
// use, for Settings.
func (r *Reader) estimateSpace() {
	sm := app.Window().Get("navigator").Get("storage")
	if r.ctx == nil || !sm.Truthy() || !sm.Get("estimate").Truthy() {
		return
	}
	settle(sm.Call("estimate"), func(est app.Value) {
		if !est.Truthy() {
			return
		}
		text := spaceText(est.Get("usage").Float(), est.Get("quota").Float())
		r.ctx.Dispatch(func(app.Context) {
			if r.saver != nil {
				r.saver.space = text
			}
		})
	}, nil)
}

// spaceText says how much storage is used of how much the browser allows.
func spaceText(used, quota float64) string {
	size := func(b float64) string {
		if b >= 1e9 {
			return strconv.FormatFloat(b/1e9, 'f', 1, 64) + " GB"
		}
		return strconv.FormatFloat(b/1e6, 'f', 1, 64) + " MB"
	}
	if quota <= 0 {
		return "Space used: " + size(used) + "."
	}
	return "Space: " + size(used) + " used of " + size(quota) + " this browser allows the site."
}

// selectionChanged reads the browser's selection and shows or hides the
// toolbar. It runs in a JS callback: state changes go through Dispatch.
func (r *Reader) selectionChanged() {
	if r.ws == nil || r.ctx == nil {
		return
	}
	s, ok := r.freshSelection()
	if !ok && r.sel.active && app.Window().Get("document").Call("querySelector", "#sel-toolbar:focus-within").Truthy() {
		// The focus moved into the toolbar (the new-label box): keep the
		// pending selection.
		return
	}
	if !r.sel.differs(s, ok) {
		return
	}
	r.ctx.Dispatch(func(ctx app.Context) {
		r.sel.set(s, ok)
		if ok {
			ctx.Defer(func(app.Context) { placeToolbar(r.sel.at) })
		}
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

// onKeyDown handles the shortcuts. It runs in a JS callback: it asks
// keyAction at once whether the key is one of ours (to prevent the
// browser's default), and makes the change through Dispatch.
func (r *Reader) onKeyDown(e app.Value) {
	if r.ws == nil || r.ctx == nil {
		return
	}
	k := keyPress{
		Key:   e.Get("key").String(),
		Ctrl:  e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool(),
		Shift: e.Get("shiftKey").Bool(),
		Alt:   e.Get("altKey").Bool(),
		In:    keyTargetOf(e.Get("target")),
	}
	st := r.sel.keys(len(r.ws.labels))
	st.Card = r.focused != ""
	st.Suggesting, st.Suggestion = r.sugg.on, r.sugg.open != ""
	// Read the selection now: the selectionchange of the last Shift+arrow
	// may not have reached the reader yet.
	var fresh domSelection
	var hasFresh bool
	if k.In == onPage {
		if fresh, hasFresh = r.freshSelection(); hasFresh {
			st.Selection = true
		}
	}
	a := keyAction(k, st)
	if a.Do == doNothing {
		return
	}
	e.Call("preventDefault")
	r.ctx.Dispatch(func(ctx app.Context) {
		if hasFresh {
			r.sel.extend(fresh)
		}
		r.act(ctx, a)
	})
}

// keyTargetOf tells where a key press lands from its event's target.
func keyTargetOf(t app.Value) keyTarget {
	switch strings.ToLower(t.Get("tagName").String()) {
	case "input", "textarea":
		return inField
	case "select":
		return inMenu
	}
	if t.Get("isContentEditable").Bool() {
		return inField
	}
	return onPage
}

// act carries out a shortcut's action.
func (r *Reader) act(ctx app.Context, a action) {
	switch a.Do {
	case doDismiss:
		r.dismiss()
	case doClose:
		r.sel.dropOffer()
		r.focused = ""
		if r.sugg.open != "" {
			r.sugg.open = ""
			r.paint()
		}
	case doUndo:
		r.undo(ctx)
	case doRedo:
		r.redo(ctx)
	case doHighlight:
		r.highlightSelection(ctx)
	case doNote:
		r.noteSelection(ctx)
	case doOpenPicker:
		r.sel.picking = true
	case doTag:
		if a.N < len(r.ws.labels) {
			r.tagSelection(ctx, r.ws.labels[a.N])
		}
	case doTagLast:
		r.tagSelection(ctx, r.sel.lastLabel)
	case doRemove:
		r.remove(ctx, r.focused)
	case doNext:
		r.move(ctx, 1)
	case doPrevious:
		r.move(ctx, -1)
	case doSuggest:
		r.toggleSuggestions(ctx)
	case doNextSuggestion:
		r.nextSuggestion(ctx, 1)
	case doPrevSuggestion:
		r.nextSuggestion(ctx, -1)
	case doAccept:
		r.acceptSuggestion(ctx, false, "")
	case doAcceptAlike:
		r.acceptSuggestion(ctx, true, "")
	case doAcceptAs:
		if a.N < len(r.ws.labels) {
			r.acceptSuggestion(ctx, false, r.ws.labels[a.N])
		}
	case doReject:
		r.rejectSuggestion(ctx)
	}
}

// pageHost is the saver's way to the page.
type pageHost struct{ r *Reader }

// afterPaint waits two animation frames (go-app draws a change at its
// next frame tick, which a timeout of 0 would come before; by the second
// frame it is drawn and painted), then runs fn in a task of its own.
func (h pageHost) afterPaint(fn func()) {
	if h.r.ctx == nil {
		fn()
		return
	}
	var task, frame app.Func
	task = app.FuncOf(func(app.Value, []app.Value) any {
		task.Release()
		h.next(fn)
		return nil
	})
	if app.Window().Get("document").Get("hidden").Bool() {
		// A hidden page runs no animation frames: save in a task now.
		app.Window().Call("setTimeout", task, 0)
		return
	}
	frames := 0
	frame = app.FuncOf(func(app.Value, []app.Value) any {
		if frames++; frames < 2 {
			app.Window().Call("requestAnimationFrame", frame)
			return nil
		}
		frame.Release()
		app.Window().Call("setTimeout", task, 0)
		return nil
	})
	app.Window().Call("requestAnimationFrame", frame)
}

func (h pageHost) after(d time.Duration, fn func()) {
	if h.r.ctx == nil {
		return
	}
	h.r.ctx.Async(func() {
		time.Sleep(d)
		h.next(fn)
	})
}

// next runs fn in go-app's loop without redrawing anything (show does).
func (h pageHost) next(fn func()) {
	h.r.ctx.Dispatcher().Dispatch(app.Dispatch{Mode: app.Next, Source: h.r, Function: func(app.Context) { fn() }})
}

func (h pageHost) show() { h.r.ctx.Dispatch(func(app.Context) {}) }
