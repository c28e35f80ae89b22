package reading

import (
	"runtime/debug"
	"sort"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/render"
	"marginalia/app/suggest"
)

// A session's entity suggestions: turning them on and off (the S key),
// finding them without freezing the page, the card that reviews one
// (Accept, Reject, its label, Accept all like this) and moving between
// them. What is suggested, and what accepting does to the data, is the
// workspace's (suggestions.go).

// toggleSuggestions turns the suggestions on or off.
func (s *Session) toggleSuggestions() {
	if s.sugg.on {
		releaseGC()
		s.sugg = suggester{run: s.sugg.run + 1}
		s.ws.SetSuggestions(nil, 0, 0)
		s.page.Paint()
		s.say("Suggestions off.")
		return
	}
	s.sugg.on = true
	if rs := ReadRejections(s.backend, s.ws.art.ID); len(rs) > 0 {
		s.ws.sugs.Rejected = map[Span]bool{}
		for _, rj := range rs {
			s.ws.sugs.Rejected[Span{Start: rj.Start, End: rj.End}] = true
		}
	}
	s.say("Finding entity suggestions…")
	s.findSuggestions()
}

// findSuggestions finds the suggestions anew and shows them: first in
// the blocks around the view (a few milliseconds), then in the whole
// article, whose evidence may add or relabel some (0.1–0.4 s for 100,000
// words), in slices that let the page run between them; those are drawn
// in steps from the view (widenSuggestions). The first time, before the
// gazetteer has come, the blocks around the view show what the text and
// this article's tags tell alone.
func (s *Session) findSuggestions() {
	s.sugg.busy = true
	s.sugg.run++
	s.sugg.steps = 0
	holdGC()
	run, ws := s.sugg.run, s.ws
	lo, hi := s.firstWindow()
	// Found again (after a tag): they stay as they are meanwhile, and the
	// new ones replace them where they are drawn.
	again := ws.sugs.Found != nil
	if again {
		lo, hi = ws.sugs.Lo, ws.sugs.Hi
	}
	here := MentionNames(ws.set) // read now: the set changes meanwhile
	// near shows the suggestions of the blocks around the view, unless
	// better ones (made with more evidence) show already.
	shown := 0 // how much evidence the suggestions shown had
	near := func(mem *suggest.Memory, gaz *suggest.Gazetteer, others map[string]annotation.Entity, evidence int) {
		found := suggest.Suggest(ws.text.Slice(lo, hi), mem, gaz, nil)
		for i := range found {
			found[i].Start += lo
			found[i].End += lo
		}
		s.page.Next(func() { // only the text shows them
			if s.sugg.run == run && s.ws == ws && evidence > shown {
				shown = evidence
				ws.sugs.Others = others
				ws.SetSuggestions(found, lo, hi)
				s.page.Paint()
			}
		})
		s.page.Yield(true) // they show before more is looked for
	}
	done := func(gaz *suggest.Gazetteer, err error) {
		if s.sugg.run != run || s.ws != ws {
			return
		}
		s.sugg.gazErr = err
		s.page.Async(func() {
			pause := func() { s.page.Yield(false) }
			mem, others := LearnLibrary(s.backend, here, ws.art.ID, pause)
			if (lo > 0 || hi < ws.text.Len()) && !again {
				near(mem, gaz, others, 2)
			}
			found := suggest.SuggestPausing(ws.art.Text, mem, gaz, nil, pause)
			s.page.Next(func() {
				if s.sugg.run != run || s.ws != ws {
					return
				}
				shown = 3
				ws.sugs.Others = others
				ws.SetSuggestions(found, lo, hi)
				s.page.Paint()
				s.widenSuggestions(run)
			})
		})
	}
	if !s.page.Gazetteer(done) && !again {
		// The lists are on their way: the blocks around the view show
		// meanwhile what the text and the article's tags tell alone.
		s.page.Async(func() {
			mem := &suggest.Memory{}
			for _, n := range here {
				mem.Learn(n)
			}
			near(mem, nil, nil, 1)
		})
	}
}

// heldGC is the garbage collector's percentage before holdGC raised it,
// 0 when it is not raised.
var heldGC int

// holdGC lets the heap grow while suggestions are found and drawn, as
// opening an article does (see Reader.load in app/ui): what they
// allocate is small, but a collection that falls due meanwhile walks the
// whole heap (a large article's annotations); holding it took the first
// toggle on the 100,000-word article from 1.1 s to 0.5 s. releaseGC sets
// the pace back.
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
func (s *Session) firstWindow() (lo, hi int) {
	blocks := s.ws.blocks
	if len(blocks) == 0 {
		return 0, 0
	}
	top := max(0, min(s.page.FirstVisible(), len(blocks)-1))
	return blocks[max(0, top-suggestBefore)].Start, blocks[min(len(blocks)-1, top+suggestAfter)].End
}

// widenSuggestions draws the suggestions of more blocks each way (see
// suggestStep), a frame after the last step, until all are; then it says
// how many there are.
func (s *Session) widenSuggestions(run int) {
	ws := s.ws
	if lo, hi := ws.sugs.Lo, ws.sugs.Hi; lo <= 0 && hi >= ws.text.Len() {
		releaseGC()
		s.sugg.busy = false
		msg := Plural(len(ws.sugs.Shown), "entity suggestion", "entity suggestions") + ". ] goes to the next one."
		if err := s.sugg.gazErr; err != nil {
			msg += " Without the lists of places and names (" + err.Error() + "): from the article and your tags only."
		}
		s.say(msg)
		s.page.Show()
		return
	}
	s.page.After(drawStep, func() {
		if s.sugg.run != run || s.ws != ws {
			return
		}
		step := suggestStep << min(s.sugg.steps, 4)
		s.sugg.steps++
		blocks := ws.blocks
		first := sort.Search(len(blocks), func(k int) bool { return blocks[k].End > ws.sugs.Lo })
		last := sort.Search(len(blocks), func(k int) bool { return blocks[k].End >= ws.sugs.Hi })
		lo, hi := 0, ws.text.Len()
		if first-step > 0 {
			lo = blocks[first-step].Start
		}
		if last+step < len(blocks)-1 {
			hi = blocks[last+step].End
		}
		ws.WidenSuggestions(lo, hi)
		s.page.Paint()
		s.widenSuggestions(run)
	})
}

// openSuggestion opens the card of the suggestion sg and shows its mark.
func (s *Session) openSuggestion(sg suggest.Suggestion) {
	id := SuggestionID(sg)
	s.sugg.open, s.sugg.label = id, ""
	s.focused = ""
	s.revealAt(sg.Start)
	s.page.Paint()
	s.page.Defer(func() { s.page.ScrollTo(id, true) })
}

// closeSuggestion closes the open suggestion's card.
func (s *Session) closeSuggestion() {
	if s.sugg.open != "" {
		s.sugg.open = ""
		s.page.Paint()
	}
}

// nextSuggestion opens the suggestion after (dir 1) or before (dir -1)
// the open one (or the open annotation, or the top of the article).
func (s *Session) nextSuggestion(dir int) {
	at := -1
	if sg, ok := s.ws.Suggestion(s.sugg.open); ok {
		at = sg.Start
	} else if p, ok := s.ws.Get(s.focused); ok && p.Match.Method != anchor.Orphan {
		at = p.Match.Start
	}
	if sg, ok := s.ws.NextSuggestion(at, dir); ok {
		s.openSuggestion(sg)
		return
	}
	s.say("No suggestions left.")
}

// afterReview opens the suggestion after position at, or closes the
// card when none is left.
func (s *Session) afterReview(at int) {
	if sg, ok := s.ws.NextSuggestion(at, 1); ok && sg.Start > at {
		s.openSuggestion(sg)
		return
	}
	s.sugg.open = ""
	s.page.Paint()
}

// acceptSuggestion tags the open suggestion (alike: and every suggestion
// with its text and label) with the card's label, as one step, and
// opens the next one.
func (s *Session) acceptSuggestion(alike bool, label string) {
	sg, ok := s.ws.Suggestion(s.sugg.open)
	if !ok {
		return
	}
	if label == "" {
		label = s.sugg.label
	}
	list := []suggest.Suggestion{sg}
	if alike {
		list = s.ws.Alike(sg)
	}
	n, err := s.ws.Accept(list, label)
	if err != nil {
		s.say("Could not tag: " + err.Error())
		return
	}
	if label == "" {
		label = sg.Label
	}
	s.afterReview(sg.Start)
	if n == 1 {
		s.say("Tagged “" + sg.Text + "” as " + label + ". Ctrl+Z undoes it.")
	} else {
		s.say("Tagged " + Itoa(n) + " × “" + sg.Text + "” as " + label + ". Ctrl+Z undoes it.")
	}
}

// rejectSuggestion hides the open suggestion for good and opens the next.
func (s *Session) rejectSuggestion() {
	sg, ok := s.ws.Suggestion(s.sugg.open)
	if !ok {
		return
	}
	s.ws.Reject(sg)
	s.afterReview(sg.Start)
	if err := KeepRejection(s.backend, s.ws.art.ID, sg); err != nil {
		s.say("Rejected here, but not kept (" + err.Error() + "): it may be suggested again.")
		return
	}
	s.say("Rejected “" + sg.Text + "”.")
}

// openSuggested is the open suggestion as paint shows the open card's
// mark.
func (s *Session) openSuggested() render.Placed {
	sg, ok := s.ws.Suggestion(s.sugg.open)
	if !ok {
		return render.Placed{}
	}
	return render.Placed{
		Annotation: annotation.Annotation{ID: s.sugg.open},
		Match:      anchor.Match{Start: sg.Start, End: sg.End, Method: anchor.Exact},
	}
}
