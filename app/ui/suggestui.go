package ui

import (
	"errors"
	"marginalia/app/reading"
	"runtime/debug"
	"slices"
	"sort"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/render"
	"marginalia/app/suggest"
)

// The reader's entity suggestions: the Suggest entities toggle (and the S
// key), finding them without freezing the page, the card that reviews
// one (Accept, Reject, its label, Accept all like this) and the keys
// that move between them. What is suggested, and what accepting does to
// the data, is the workspace's (suggestions.go).

// suggester is the reader's state of the suggestions.
type suggester struct {
	on   bool   // the reader turned them on
	busy bool   // finding them
	open string // the suggestion whose card is open
	// label is the label the open card accepts with ("": the
	// suggestion's).
	label string
	run   int // counts the searches: one that ends after another began is dropped
	steps int // how many times the drawn range was widened in this search
}

// GazetteerPath is where the place and name lists are served (and cached
// by the service worker for offline use).
const GazetteerPath = "/web/gazetteer.txt"

// gazetteer is the place and name lists, fetched once per page load.
var (
	gazetteer      *suggest.Gazetteer
	gazetteerError error
)

// loadGazetteer fetches the gazetteer (once) and then calls done in the
// reader's loop.
func (r *Reader) loadGazetteer(done func()) {
	if gazetteer != nil || gazetteerError != nil {
		done()
		return
	}
	fail := func(app.Value) {
		r.ctx.Dispatch(func(app.Context) {
			gazetteerError = errors.New("the lists of places and names could not be loaded")
			done()
		})
	}
	settle(app.Window().Call("fetch", GazetteerPath), func(resp app.Value) {
		if !resp.Get("ok").Bool() {
			fail(resp)
			return
		}
		settle(resp.Call("text"), func(text app.Value) {
			g := suggest.ParseGazetteer(text.String())
			r.ctx.Dispatch(func(app.Context) {
				gazetteer = g
				done()
			})
		}, fail)
	}, fail)
}

// toggleSuggestions turns the suggestions on or off.
func (r *Reader) toggleSuggestions(ctx app.Context) {
	if r.sugg.on {
		releaseGC()
		r.sugg = suggester{run: r.sugg.run + 1}
		r.ws.SetSuggestions(nil, 0, 0)
		r.paint()
		r.say(ctx, "Suggestions off.")
		return
	}
	r.sugg.on = true
	if rs := reading.ReadRejections(storage, r.ws.Art.ID); len(rs) > 0 {
		r.ws.Sugs.Rejected = map[reading.Span]bool{}
		for _, rj := range rs {
			r.ws.Sugs.Rejected[reading.Span{Start: rj.Start, End: rj.End}] = true
		}
	}
	r.say(ctx, "Finding entity suggestions…")
	r.findSuggestions()
}

// findSuggestions finds the suggestions anew and shows them: first in
// the blocks around the view (a few milliseconds), then in the whole
// article, whose evidence may add or relabel some (0.1–0.4 s for 100,000
// words), in slices that let the page run between them; those are drawn
// in steps from the view (widenSuggestions). The first time, before the
// gazetteer has come, the blocks around the view show what the text and
// this article's tags tell alone.
func (r *Reader) findSuggestions() {
	if r.ctx == nil {
		return
	}
	r.sugg.busy = true
	r.sugg.run++
	r.sugg.steps = 0
	holdGC()
	run, ws := r.sugg.run, r.ws
	lo, hi := r.firstWindow()
	// Found again (after a tag): they stay as they are meanwhile, and the
	// new ones replace them where they are drawn.
	again := ws.Sugs.Found != nil
	if again {
		lo, hi = ws.Sugs.Lo, ws.Sugs.Hi
	}
	here := reading.MentionNames(ws.Set) // read now: the set changes meanwhile
	// near shows the suggestions of the blocks around the view, unless
	// better ones (made with more evidence) show already.
	shown := 0 // how much evidence the suggestions shown had
	near := func(mem *suggest.Memory, gaz *suggest.Gazetteer, others map[string]annotation.Entity, evidence int) {
		found := suggest.Suggest(ws.Text.Slice(lo, hi), mem, gaz, nil)
		for i := range found {
			found[i].Start += lo
			found[i].End += lo
		}
		r.ctx.Dispatch(func(ctx app.Context) {
			ctx.PreventUpdate() // only the text shows them
			if r.sugg.run == run && r.ws == ws && evidence > shown {
				shown = evidence
				ws.Sugs.Others = others
				ws.SetSuggestions(found, lo, hi)
				r.paint()
			}
		})
		yieldToPage(true) // they show before more is looked for
	}
	if gazetteer == nil && gazetteerError == nil && !again {
		r.ctx.Async(func() {
			mem := &suggest.Memory{}
			for _, n := range here {
				mem.Learn(n)
			}
			near(mem, nil, nil, 1)
		})
	}
	r.loadGazetteer(func() {
		if r.sugg.run != run || r.ws != ws {
			return
		}
		gaz := gazetteer
		r.ctx.Async(func() {
			pause := func() { yieldToPage(false) }
			mem, others := reading.LearnLibrary(storage, here, ws.Art.ID, pause)
			if (lo > 0 || hi < ws.Text.Len()) && !again {
				near(mem, gaz, others, 2)
			}
			found := suggest.SuggestPausing(ws.Art.Text, mem, gaz, nil, pause)
			r.ctx.Dispatch(func(ctx app.Context) {
				if r.sugg.run != run || r.ws != ws {
					ctx.PreventUpdate()
					return
				}
				shown = 3
				ws.Sugs.Others = others
				ws.SetSuggestions(found, lo, hi)
				r.paint()
				r.widenSuggestions(ctx, run)
			})
		})
	})
}

// yieldToPage waits, in a goroutine of its own, until the page has run
// its other tasks (and, with frame, drawn a frame): Go in the browser
// runs on the page's one thread, and a goroutine that only sleeps may
// resume before the page gets it back.
func yieldToPage(frame bool) {
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

// heldGC is the garbage collector's percentage before holdGC raised it,
// 0 when it is not raised.
var heldGC int

// holdGC lets the heap grow while suggestions are found and drawn, as
// opening an article does (see Reader.load): what they allocate is
// small, but a collection that falls due meanwhile walks the whole heap
// (a large article's annotations); holding it took the first toggle on
// the 100,000-word article from 1.1 s to 0.5 s. releaseGC sets the pace
// back.
func holdGC() {
	if heldGC == 0 {
		heldGC = debug.SetGCPercent(400)
	}
}

func releaseGC() {
	if heldGC != 0 {
		debug.SetGCPercent(heldGC)
		heldGC = 0
	}
}

// Suggestions are drawn in steps: first around the block at the top of
// the view (suggestBefore blocks before it, suggestAfter after), then
// suggestStep more blocks each way a frame, twice as many at each step
// up to 16 times as many, so that a long article's thousands appear at
// once where the reader is, and the page never freezes while the rest
// are drawn.
const (
	suggestBefore = 10
	suggestAfter  = 40
	suggestStep   = 150
)

// firstWindow returns the code points where suggestions are drawn first.
func (r *Reader) firstWindow() (lo, hi int) {
	blocks := r.ws.Blocks
	if len(blocks) == 0 {
		return 0, 0
	}
	top := 0
	if root := app.Window().GetElementByID(readerTextID); root.Truthy() {
		if js := app.Window().Get("marginaliaPaper"); js.Truthy() {
			top = js.Call("firstVisible", root).Int()
		}
	}
	top = max(0, min(top, len(blocks)-1))
	return blocks[max(0, top-suggestBefore)].Start, blocks[min(len(blocks)-1, top+suggestAfter)].End
}

// widenSuggestions draws the suggestions of more blocks each way (see
// suggestStep), a frame after the last step, until all are; then it says
// how many there are.
func (r *Reader) widenSuggestions(ctx app.Context, run int) {
	ws := r.ws
	if lo, hi := ws.Sugs.Lo, ws.Sugs.Hi; lo <= 0 && hi >= ws.Text.Len() {
		releaseGC()
		r.sugg.busy = false
		msg := reading.Plural(len(ws.Sugs.Shown), "entity suggestion", "entity suggestions") + ". ] goes to the next one."
		if gazetteerError != nil {
			msg += " Without the lists of places and names (" + gazetteerError.Error() + "): from the article and your tags only."
		}
		r.say(ctx, msg)
		return
	}
	ctx.PreventUpdate() // until the last step, which says how many
	r.own(ctx).After(16*time.Millisecond, func(ctx app.Context) {
		if r.sugg.run != run || r.ws != ws {
			return
		}
		step := suggestStep << min(r.sugg.steps, 4)
		r.sugg.steps++
		blocks := ws.Blocks
		first := sort.Search(len(blocks), func(k int) bool { return blocks[k].End > ws.Sugs.Lo })
		last := sort.Search(len(blocks), func(k int) bool { return blocks[k].End >= ws.Sugs.Hi })
		lo, hi := 0, ws.Text.Len()
		if first-step > 0 {
			lo = blocks[first-step].Start
		}
		if last+step < len(blocks)-1 {
			hi = blocks[last+step].End
		}
		ws.WidenSuggestions(lo, hi)
		r.paint()
		r.widenSuggestions(ctx, run)
	})
}

// openSuggestion opens the card of the suggestion s and shows its mark.
func (r *Reader) openSuggestion(ctx app.Context, s suggest.Suggestion) {
	id := reading.SuggestionID(s)
	r.sugg.open, r.sugg.label = id, ""
	r.focused = ""
	r.revealAt(s.Start)
	r.paint()
	r.own(ctx).Defer(func(app.Context) { scrollToMark(`mark[data-suggestion-id="` + id + `"]`) })
}

// openSuggestionID opens the card of the suggestion with that ID.
func (r *Reader) openSuggestionID(ctx app.Context, id string) {
	if s, ok := r.ws.Suggestion(id); ok {
		r.openSuggestion(ctx, s)
	}
}

// nextSuggestion opens the suggestion after (dir 1) or before (dir -1)
// the open one (or the open annotation, or the top of the article).
func (r *Reader) nextSuggestion(ctx app.Context, dir int) {
	at := -1
	if s, ok := r.ws.Suggestion(r.sugg.open); ok {
		at = s.Start
	} else if p, ok := r.ws.Get(r.focused); ok && p.Match.Method != anchor.Orphan {
		at = p.Match.Start
	}
	if s, ok := r.ws.NextSuggestion(at, dir); ok {
		r.openSuggestion(ctx, s)
		return
	}
	r.say(ctx, "No suggestions left.")
}

// afterReview opens the suggestion after position at, or closes the
// card when none is left.
func (r *Reader) afterReview(ctx app.Context, at int) {
	if s, ok := r.ws.NextSuggestion(at, 1); ok && s.Start > at {
		r.openSuggestion(ctx, s)
		return
	}
	r.sugg.open = ""
	r.paint()
}

// acceptSuggestion tags the open suggestion (alike: and every suggestion
// with its text and label) with the card's label, as one step, and
// opens the next one.
func (r *Reader) acceptSuggestion(ctx app.Context, alike bool, label string) {
	s, ok := r.ws.Suggestion(r.sugg.open)
	if !ok {
		return
	}
	if label == "" {
		label = r.sugg.label
	}
	list := []suggest.Suggestion{s}
	if alike {
		list = r.ws.Alike(s)
	}
	n, err := r.ws.Accept(list, label)
	if err != nil {
		r.say(ctx, "Could not tag: "+err.Error())
		return
	}
	if label == "" {
		label = s.Label
	}
	r.afterReview(ctx, s.Start)
	if n == 1 {
		r.say(ctx, "Tagged “"+s.Text+"” as "+label+". Ctrl+Z undoes it.")
	} else {
		r.say(ctx, "Tagged "+reading.Itoa(n)+" × “"+s.Text+"” as "+label+". Ctrl+Z undoes it.")
	}
}

// rejectSuggestion hides the open suggestion for good and opens the next.
func (r *Reader) rejectSuggestion(ctx app.Context) {
	s, ok := r.ws.Suggestion(r.sugg.open)
	if !ok {
		return
	}
	r.ws.Reject(s)
	r.afterReview(ctx, s.Start)
	if err := reading.KeepRejection(storage, r.ws.Art.ID, s); err != nil {
		r.say(ctx, "Rejected here, but not kept ("+err.Error()+"): it may be suggested again.")
		return
	}
	r.say(ctx, "Rejected “"+s.Text+"”.")
}

// openSuggested is the open suggestion as paint shows the open card's
// mark.
func (r *Reader) openSuggested() render.Placed {
	s, ok := r.ws.Suggestion(r.sugg.open)
	if !ok {
		return render.Placed{}
	}
	return render.Placed{
		Annotation: annotation.Annotation{ID: r.sugg.open},
		Match:      anchor.Match{Start: s.Start, End: s.End, Method: anchor.Exact},
	}
}

// renderSuggestToggle is the Suggest entities button, with how many
// suggestions there are.
func (s *sidebar) renderSuggestToggle() app.UI {
	r := s.R
	status := ""
	switch {
	case s.Finding:
		status = "Finding…"
	case s.Suggesting:
		status = reading.Plural(s.Suggestions, "suggestion", "suggestions") + " · ] next · [ previous"
	}
	return classed("div", "suggest-bar").Body(
		newButton().Class("quiet").Aria("pressed", s.Suggesting).Title("Suggest entities (S)").
			OnClick(func(ctx app.Context, e app.Event) { r.do(r.toggleSuggestions) }).
			Text("Suggest entities"),
		app.If(status != "", classedText("span", "hint", status)),
	)
}

// renderSuggestionCard reviews the open suggestion; nil when none is
// open (or the tag-all offer shows, in the same place).
func (r *Reader) renderSuggestionCard() app.UI {
	s, ok := r.ws.Suggestion(r.sugg.open)
	if !ok || r.sel.Offering() {
		return nil
	}
	label := r.sugg.label
	if label == "" {
		label = s.Label
	}
	labels := r.ws.Labels
	if !slices.Contains(labels, label) {
		labels = append(labels[:len(labels):len(labels)], label)
	}
	alike := len(r.ws.Alike(s))
	return classed("div", "offer suggestion-card").Attr("role", "region").Aria("label", "Suggestion").Body(
		textElem("span", "“"+reading.Shorten(s.Text, 60)+"”"),
		app.Elem("select").Aria("label", "Label").Title("The label to tag it with (1–9 tag with a label at once)").
			OnChange(func(ctx app.Context, e app.Event) { r.sugg.label = ctx.JSSrc().Get("value").String() }).
			Body(app.Range(labels).Slice(func(i int) app.UI {
				return app.Elem("option").Attr("value", labels[i]).Attr("selected", labels[i] == label).Text(labels[i])
			})),
		newButton().Title("Accept (A)").
			OnClick(func(ctx app.Context, e app.Event) { r.acceptSuggestion(ctx, false, "") }).Text("Accept"),
		app.If(alike > 1, newButton().Aria("label", "Accept all like this").Title("Accept all "+reading.Itoa(alike)+" suggestions of “"+reading.Shorten(s.Text, 40)+"” as "+s.Label+" (Shift+A)").
			OnClick(func(ctx app.Context, e app.Event) { r.acceptSuggestion(ctx, true, "") }).Text("Accept all "+reading.Itoa(alike))),
		newButton().Title("Reject (R): not suggested here again").
			OnClick(func(ctx app.Context, e app.Event) { r.rejectSuggestion(ctx) }).Text("Reject"),
		newButton().Class("quiet").Title("Close (Escape)").
			OnClick(func(ctx app.Context, e app.Event) { r.sugg.open = ""; r.paint() }).Text("Close"),
	)
}
