package reading

import (
	"slices"
	"time"

	"marginalia/app/suggest"
)

// fakePage is a Page with a clock the test moves: what waits for a paint
// runs at paint, what waits for a time runs at advance, what is deferred
// to the page's next update runs at update. Work in a goroutine of its
// own (Async) and what it hands back (Next) run at once, so that a
// search for suggestions ends before Act returns. It records what the
// session asked of the page.
type fakePage struct {
	now      time.Duration
	paints   []func()
	timers   []fakeTimer
	deferred []func()
	shows    int
	collects int

	painted   int      // Paint calls
	rests     int      // Rest calls
	cleared   int      // ClearSelection calls
	focus     []string // "note:<id>" or "item:<id>", in order
	scrolled  []string // "<id>" or "suggestion:<id>", in order
	downloads []string // file names, in order
	files     map[string]string
	copied    []string
	copyErr   error // what Copy answers
	gazetteer *suggest.Gazetteer
	gazErr    error
}

type fakeTimer struct {
	at time.Duration
	fn func()
}

func (p *fakePage) AfterPaint(fn func()) { p.paints = append(p.paints, fn) }

func (p *fakePage) After(d time.Duration, fn func()) {
	p.timers = append(p.timers, fakeTimer{p.now + d, fn})
}

func (p *fakePage) CollectWhenIdle() { p.collects++ }

func (p *fakePage) Show() { p.shows++ }

func (p *fakePage) Next(fn func())   { fn() }
func (p *fakePage) Defer(fn func())  { p.deferred = append(p.deferred, fn) }
func (p *fakePage) Async(fn func())  { fn() }
func (p *fakePage) Yield(frame bool) {}

func (p *fakePage) Paint()              { p.painted++ }
func (p *fakePage) Rest()               { p.rests++ }
func (p *fakePage) ClearSelection()     { p.cleared++ }
func (p *fakePage) FocusNote(id string) { p.focus = append(p.focus, "note:"+id) }
func (p *fakePage) FocusItem(id string) { p.focus = append(p.focus, "item:"+id) }
func (p *fakePage) FirstVisible() int   { return 0 }

func (p *fakePage) ScrollTo(id string, suggestion bool) {
	if suggestion {
		id = "suggestion:" + id
	}
	p.scrolled = append(p.scrolled, id)
}

func (p *fakePage) Download(name, mime, body string) {
	p.downloads = append(p.downloads, name)
	if p.files == nil {
		p.files = map[string]string{}
	}
	p.files[name] = body
}

func (p *fakePage) Copy(text string, done func(error)) {
	if p.copyErr == nil {
		p.copied = append(p.copied, text)
	}
	done(p.copyErr)
}

func (p *fakePage) Gazetteer(done func(*suggest.Gazetteer, error)) bool {
	done(p.gazetteer, p.gazErr)
	return true
}

// paint runs what waited for the page to paint.
func (p *fakePage) paint() {
	fns := p.paints
	p.paints = nil
	for _, fn := range fns {
		fn()
	}
}

// update runs what was deferred to the page's next update.
func (p *fakePage) update() {
	fns := p.deferred
	p.deferred = nil
	for _, fn := range fns {
		fn()
	}
}

// advance moves the clock on by d, running the timers that fall due.
func (p *fakePage) advance(d time.Duration) {
	p.now += d
	for {
		i := slices.IndexFunc(p.timers, func(t fakeTimer) bool { return t.at <= p.now })
		if i < 0 {
			return
		}
		t := p.timers[i]
		p.timers = slices.Delete(p.timers, i, i+1)
		t.fn()
	}
}
