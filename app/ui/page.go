package ui

import (
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/reading"
	"marginalia/app/suggest"
)

// page is the reader's session's way to the browser (reading.Page): the
// one scheduler of the app (after a paint, after a while, in the next
// turn of go-app's loop, when idle, yielding from a goroutine), the text's
// painter and the few DOM effects the session asks for. Without the
// reader's context (before it is mounted), what waits is dropped and what
// would run at once runs.
type page struct{ r *Reader }

// AfterPaint waits two animation frames (go-app draws a change at its
// next frame tick, which a timeout of 0 would come before; by the second
// frame it is drawn and painted), then runs fn in a task of its own.
func (p page) AfterPaint(fn func()) {
	if p.r.ctx == nil {
		fn()
		return
	}
	var task, frame app.Func
	task = app.FuncOf(func(app.Value, []app.Value) any {
		task.Release()
		p.Next(fn)
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

func (p page) After(d time.Duration, fn func()) {
	if p.r.ctx == nil {
		return
	}
	p.r.ctx.Async(func() {
		time.Sleep(d)
		p.Next(fn)
	})
}

// Next runs fn in go-app's loop without redrawing anything (Show does).
func (p page) Next(fn func()) {
	if p.r.ctx == nil {
		return
	}
	p.r.ctx.Dispatcher().Dispatch(app.Dispatch{Mode: app.Next, Source: p.r, Function: func(app.Context) { fn() }})
}

func (p page) Defer(fn func()) {
	if p.r.ctx != nil {
		p.r.ctx.Defer(func(app.Context) { fn() })
	}
}

func (p page) Async(fn func()) {
	if p.r.ctx != nil {
		p.r.ctx.Async(fn)
	}
}

// Yield waits, in a goroutine of its own, until the page has run its
// other tasks (and, with frame, drawn a frame).
func (p page) Yield(frame bool) {
	if !app.IsClient {
		return
	}
	done := make(chan struct{})
	var task, next app.Func
	task = app.FuncOf(func(app.Value, []app.Value) any {
		task.Release()
		close(done)
		return nil
	})
	if frame && !app.Window().Get("document").Get("hidden").Bool() { // a hidden page draws no frames
		next = app.FuncOf(func(app.Value, []app.Value) any {
			next.Release()
			app.Window().Call("setTimeout", task, 0)
			return nil
		})
		app.Window().Call("requestAnimationFrame", next)
	} else {
		app.Window().Call("setTimeout", task, 0)
	}
	<-done
}

func (p page) CollectWhenIdle() { collectWhenIdle() }

func (p page) Show() {
	if p.r.ctx != nil {
		p.r.ctx.Dispatch(func(app.Context) {})
	}
}

func (p page) Paint() { p.r.paint() }

// Rest redraws the rest of the reader (the list, the toolbar going) in a
// task after this one, once the browser has the new mark that Paint
// drew: when go-app's frame tick falls due during a handler, it redraws
// the whole reader before the handler's task ends, and the mark waits.
func (p page) Rest() { p.r.resting = true }

func (p page) ClearSelection()     { clearSelection() }
func (p page) FocusNote(id string) { focusElement(noteFieldID(id)) }
func (p page) FocusItem(id string) { focusElement(itemID(id)) }

func (p page) ScrollTo(id string, suggestion bool) {
	if suggestion {
		scrollToMark(`mark[data-suggestion-id="` + id + `"]`)
		return
	}
	scrollToMark(`mark[data-annotation-id="` + id + `"]`)
}

func (p page) FirstVisible() int {
	if !app.IsClient {
		return 0
	}
	root := app.Window().GetElementByID(readerTextID)
	js := app.Window().Get("marginaliaPaper")
	if !root.Truthy() || !js.Truthy() {
		return 0
	}
	return js.Call("firstVisible", root).Int()
}

func (p page) Download(name, mime, body string) { download(name, mime, body) }

func (p page) Copy(text string, done func(error)) {
	clip := app.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		done(reading.ErrNoClipboard)
		return
	}
	settle(clip.Call("writeText", text), func(app.Value) {
		p.Next(func() { done(nil) })
	}, func(reason app.Value) {
		msg := "the browser refused"
		if reason.Truthy() && reason.Get("message").Truthy() {
			msg = reason.Get("message").String()
		}
		p.Next(func() { done(errors.New(msg)) })
	})
}

// GazetteerPath is where the place and name lists are served (and cached
// by the service worker for offline use).
const GazetteerPath = "/web/gazetteer.txt"

// gazetteer is the place and name lists, fetched once per page load.
var (
	gazetteer      *suggest.Gazetteer
	gazetteerError error
)

func (p page) Gazetteer(done func(*suggest.Gazetteer, error)) bool {
	if gazetteer != nil || gazetteerError != nil {
		done(gazetteer, gazetteerError)
		return true
	}
	if !app.IsClient {
		return false
	}
	fail := func(app.Value) {
		p.Next(func() {
			gazetteerError = errors.New("the lists of places and names could not be loaded")
			done(nil, gazetteerError)
		})
	}
	settle(app.Window().Call("fetch", GazetteerPath), func(resp app.Value) {
		if !resp.Get("ok").Bool() {
			fail(resp)
			return
		}
		settle(resp.Call("text"), func(text app.Value) {
			g := suggest.ParseGazetteer(text.String())
			p.Next(func() {
				gazetteer = g
				done(g, nil)
			})
		}, fail)
	}, fail)
	return false
}
