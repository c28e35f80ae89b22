package ui

import (
	"marginalia/app/reading"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/store"
)

// The reader's browser side: the listeners it puts on the page, which
// describe what happened and hand it to the session, which decides.

// pageEvents holds listeners put on the page, to take them off again.
type pageEvents struct {
	dragging bool // the mouse button is down: the selection is being made
	drafts   int  // note keystrokes so far: a draft is kept when they pause
	// The browser's selection is read once a gesture: when it may have
	// changed since the last read (stale), and not while a drag makes it.
	stale    bool
	last     reading.DomSelection
	lastOK   bool
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
	r.events.stale = true
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
		r.events.stale = true
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
	estimateSpace(r)
}

// draftPause is how long typing in a note pauses before the note is kept.
const draftPause = time.Second

// onInput keeps what is typed in a note or the notebook once the typing
// pauses for draftPause, without waiting for the box to lose the focus.
// (A listener of the page, not a go-app handler: that would redraw the
// reader at every keystroke.)
func (r *Reader) onInput(e app.Value) {
	t := e.Get("target")
	if r.s == nil || r.ctx == nil || !t.Truthy() || !t.Call("matches", "textarea.note-field").Bool() {
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

// keepDraft has the session keep the text of a note box (note-<id>, or
// the notebook), which saves it.
func (r *Reader) keepDraft(field string) {
	el := app.Window().GetElementByID(field)
	if r.s == nil || !el.Truthy() {
		return
	}
	text := el.Get("value").String()
	if field == "notebook" {
		r.s.KeepDraft("", text)
	} else if id, ok := strings.CutPrefix(field, "note-"); ok {
		r.s.KeepDraft(id, text)
	}
}

// keepEverything keeps the note boxes' text and saves every pending
// change now: the page is being hidden or closed, and may not run again.
func (r *Reader) keepEverything() {
	boxes := app.Window().Get("document").Call("querySelectorAll", "textarea.note-field")
	for i, n := 0, boxes.Length(); i < n; i++ {
		r.keepDraft(boxes.Index(i).Get("id").String())
	}
	if r.s != nil {
		r.s.Flush()
	}
}

// onStorage takes in what another tab saved (the storage event fires only
// in the other tabs of the same origin).
func (r *Reader) onStorage(e app.Value) {
	if r.s == nil || e.Get("key").String() != store.Key(r.s.Workspace().Article().ID) {
		return
	}
	v := e.Get("newValue")
	if v.Type() != app.TypeString {
		// Another tab deleted the data: do the same here, rather than
		// write it back.
		r.ctx.Dispatch(func(app.Context) { r.s.OtherTabDeleted() })
		return
	}
	written := store.Unstored(v.String())
	r.ctx.Dispatch(func(app.Context) { r.s.OtherTabSaved(written) })
}

// hearWrites has IndexedDB's writes, which finish after the save that
// made them, tell the session how they went.
func (r *Reader) hearWrites() {
	if _, ok := storage.(indexedDB); !ok {
		return
	}
	js := indexedDB{}.js()
	f := app.FuncOf(func(this app.Value, args []app.Value) any {
		failure, quota := args[0].String(), args[1].Bool()
		r.ctx.Dispatch(func(ctx app.Context) {
			if r.s == nil || !r.s.Written(failure, quota) {
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

// askPersistence asks the browser not to evict what is stored, and tells
// the session its answer, for Settings.
func (r *Reader) askPersistence() {
	sm := app.Window().Get("navigator").Get("storage")
	if !sm.Truthy() || !sm.Get("persist").Truthy() {
		return
	}
	settle(sm.Call("persist"), func(v app.Value) {
		granted := v.Truthy()
		r.ctx.Dispatch(func(app.Context) {
			if r.s != nil {
				r.s.Persisted(granted)
			}
		})
	}, nil)
}

// estimateSpace asks the browser how much storage the site uses and may
// use, and tells the answer to a, for Settings.
func estimateSpace(a reading.Actor) {
	sm := app.Window().Get("navigator").Get("storage")
	if !app.IsClient || !sm.Truthy() || !sm.Get("estimate").Truthy() {
		return
	}
	settle(sm.Call("estimate"), func(est app.Value) {
		if est.Truthy() {
			a.Act(reading.Action{Do: reading.DoSetSpace, Text: reading.SpaceText(est.Get("usage").Float(), est.Get("quota").Float())})
		}
	}, nil)
}

// selectionChanged reads the browser's selection and shows or hides the
// toolbar. It runs in a JS callback: state changes go through Dispatch.
func (r *Reader) selectionChanged() {
	if r.s == nil || r.ctx == nil {
		return
	}
	s, ok := r.freshSelection()
	if !ok && r.s.Selection().Active && app.Window().Get("document").Call("querySelector", "#sel-toolbar:focus-within").Truthy() {
		// The focus moved into the toolbar (the new-label box): keep the
		// pending selection.
		return
	}
	if !r.s.SelectionDiffers(s, ok) {
		return
	}
	r.ctx.Dispatch(func(ctx app.Context) {
		r.s.Select(s, ok)
		if ok {
			ctx.Defer(func(app.Context) { placeToolbar(r.s.Selection().At) })
		}
	})
}

// freshSelection is the browser's selection in the article, snapped to
// words: read from the page if it may have changed since it last was,
// else as it was read then.
func (r *Reader) freshSelection() (reading.DomSelection, bool) {
	if !r.events.stale {
		return r.events.last, r.events.lastOK
	}
	s, ok := readSelection(r.s.Workspace().Text().Len())
	if ok {
		s, ok = r.s.Snap(s)
	}
	r.events.last, r.events.lastOK, r.events.stale = s, ok, false
	return s, ok
}

// onKeyDown handles the shortcuts. It runs in a JS callback: it asks the
// session's key table at once whether the key is one of ours (to prevent
// the browser's default), and makes the change through Dispatch.
func (r *Reader) onKeyDown(e app.Value) {
	if r.s == nil || r.ctx == nil {
		return
	}
	k := reading.KeyPress{
		Key:   e.Get("key").String(),
		Ctrl:  e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool(),
		Shift: e.Get("shiftKey").Bool(),
		Alt:   e.Get("altKey").Bool(),
		In:    keyTargetOf(e.Get("target")),
	}
	// The selection as it is now: the selectionchange of the last
	// Shift+arrow may not have reached the reader yet.
	var fresh reading.DomSelection
	var hasFresh bool
	if k.In == reading.OnPage {
		fresh, hasFresh = r.freshSelection()
	}
	r.events.stale = true // this key may move the selection
	a, ok := r.s.KeyAction(k, hasFresh)
	if !ok {
		return
	}
	e.Call("preventDefault")
	r.ctx.Dispatch(func(ctx app.Context) {
		if hasFresh {
			r.s.Extend(fresh)
		}
		r.run(ctx, a)
	})
}

// keyTargetOf tells where a key press lands from its event's target.
func keyTargetOf(t app.Value) reading.KeyTarget {
	switch strings.ToLower(t.Get("tagName").String()) {
	case "input", "textarea":
		return reading.InField
	case "select":
		return reading.InMenu
	}
	if t.Get("isContentEditable").Bool() {
		return reading.InField
	}
	return reading.OnPage
}
