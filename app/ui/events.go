package ui

import (
	"marginalia/app/reading"
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
		r.ws.SetNotebook(text)
	} else if id, ok := strings.CutPrefix(field, "note-"); ok {
		r.ws.SetNote(id, text)
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
		r.saver.Flush()
	}
}

// onStorage takes in what another tab saved (the storage event fires only
// in the other tabs of the same origin).
func (r *Reader) onStorage(e app.Value) {
	if r.ws == nil || r.saver == nil || e.Get("key").String() != store.Key(r.ws.Art.ID) {
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
	r.ctx.Dispatch(func(app.Context) { r.saver.OtherTabSaved(written) })
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
			if r.saver == nil || !r.saver.Written(failure, quota) {
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
			r.saver.Persisted = "Storage: this browser may clear it when space runs low."
			if granted {
				r.saver.Persisted = "Storage: persistent (the browser will not clear it)."
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
		text := reading.SpaceText(est.Get("usage").Float(), est.Get("quota").Float())
		r.ctx.Dispatch(func(app.Context) {
			if r.saver != nil {
				r.saver.Space = text
			}
		})
	}, nil)
}

// selectionChanged reads the browser's selection and shows or hides the
// toolbar. It runs in a JS callback: state changes go through Dispatch.
func (r *Reader) selectionChanged() {
	if r.ws == nil || r.ctx == nil {
		return
	}
	s, ok := r.freshSelection()
	if !ok && r.sel.Active && app.Window().Get("document").Call("querySelector", "#sel-toolbar:focus-within").Truthy() {
		// The focus moved into the toolbar (the new-label box): keep the
		// pending selection.
		return
	}
	if !r.sel.Differs(s, ok) {
		return
	}
	r.ctx.Dispatch(func(ctx app.Context) {
		r.sel.Set(s, ok)
		if ok {
			ctx.Defer(func(app.Context) { placeToolbar(r.sel.At) })
		}
	})
}

// freshSelection reads the browser's selection in the article, snapped to
// words.
func (r *Reader) freshSelection() (reading.DomSelection, bool) {
	s, ok := readSelection(r.ws.Text.Len())
	if ok {
		s.Start, s.End, ok = r.ws.Text.SnapToWords(s.Start, s.End)
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
	k := reading.KeyPress{
		Key:   e.Get("key").String(),
		Ctrl:  e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool(),
		Shift: e.Get("shiftKey").Bool(),
		Alt:   e.Get("altKey").Bool(),
		In:    keyTargetOf(e.Get("target")),
	}
	st := r.sel.Keys(len(r.ws.Labels))
	st.Card = r.focused != ""
	st.Suggesting, st.Suggestion = r.sugg.on, r.sugg.open != ""
	// Read the selection now: the selectionchange of the last Shift+arrow
	// may not have reached the reader yet.
	var fresh reading.DomSelection
	var hasFresh bool
	if k.In == reading.OnPage {
		if fresh, hasFresh = r.freshSelection(); hasFresh {
			st.Selection = true
		}
	}
	a := reading.KeyAction(k, st)
	if a.Do == reading.DoNothing {
		return
	}
	e.Call("preventDefault")
	r.ctx.Dispatch(func(ctx app.Context) {
		if hasFresh {
			r.sel.Extend(fresh)
		}
		r.act(ctx, a)
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

// act carries out a shortcut's action.
func (r *Reader) act(ctx app.Context, a reading.Action) {
	switch a.Do {
	case reading.DoDismiss:
		r.dismiss()
	case reading.DoClose:
		r.sel.DropOffer()
		r.focused = ""
		if r.sugg.open != "" {
			r.sugg.open = ""
			r.paint()
		}
	case reading.DoUndo:
		r.undo(ctx)
	case reading.DoRedo:
		r.redo(ctx)
	case reading.DoHighlight:
		r.highlightSelection(ctx)
	case reading.DoNote:
		r.noteSelection(ctx)
	case reading.DoOpenPicker:
		r.sel.Picking = true
	case reading.DoTag:
		if a.N < len(r.ws.Labels) {
			r.tagSelection(ctx, r.ws.Labels[a.N])
		}
	case reading.DoTagLast:
		r.tagSelection(ctx, r.sel.LastLabel)
	case reading.DoRemove:
		r.remove(ctx, r.focused)
	case reading.DoNext:
		r.move(ctx, 1)
	case reading.DoPrevious:
		r.move(ctx, -1)
	case reading.DoSuggest:
		r.toggleSuggestions(ctx)
	case reading.DoNextSuggestion:
		r.nextSuggestion(ctx, 1)
	case reading.DoPrevSuggestion:
		r.nextSuggestion(ctx, -1)
	case reading.DoAccept:
		r.acceptSuggestion(ctx, false, "")
	case reading.DoAcceptAlike:
		r.acceptSuggestion(ctx, true, "")
	case reading.DoAcceptAs:
		if a.N < len(r.ws.Labels) {
			r.acceptSuggestion(ctx, false, r.ws.Labels[a.N])
		}
	case reading.DoReject:
		r.rejectSuggestion(ctx)
	}
}

// pageHost is the saver's way to the page.
type pageHost struct{ r *Reader }

// AfterPaint waits two animation frames (go-app draws a change at its
// next frame tick, which a timeout of 0 would come before; by the second
// frame it is drawn and painted), then runs fn in a task of its own.
func (h pageHost) AfterPaint(fn func()) {
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

func (h pageHost) After(d time.Duration, fn func()) {
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

func (h pageHost) CollectWhenIdle() { collectWhenIdle() }

func (h pageHost) Show() { h.r.ctx.Dispatch(func(app.Context) {}) }
