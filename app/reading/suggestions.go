package reading

import (
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"strings"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/render"
	"marginalia/app/store"
	"marginalia/app/suggest"
)

// Entity suggestions in the workspace: what suggest.Suggest found in the
// article, less what the reader has tagged or rejected since, drawn as
// marks of their own (render.Layers). They are never in the set: nothing
// is saved or exported until the reader accepts one, which tags it.

// suggestionLayer is what the workspace holds of the suggestions.
type suggestionLayer struct {
	Found    []suggest.Suggestion // what Suggest found, in text order
	Rejected map[Span]bool        // spans the reader rejected here
	Shown    []suggest.Suggestion // found, less what is tagged or rejected
	// Lo and hi bound, in code points, where they are shown: a long
	// article's are drawn in steps, from where the reader is (see widen).
	Lo, Hi int
	// filtered says shown was made from found, lo and hi as they are.
	filtered bool
	// Others are the entities of the library's other articles, by ID: a
	// suggestion of a name tagged there links to the same entity.
	Others map[string]annotation.Entity
}

// A Span is a range of code points.
type Span struct{ Start, End int }

// SuggestionID is the ID of the suggestion of a span: the same span
// keeps it when the suggestions are found again.
func SuggestionID(s suggest.Suggestion) string {
	return "sug-" + strconv.Itoa(s.Start) + "-" + strconv.Itoa(s.End)
}

// SetSuggestions shows found (from suggest.Suggest, in text order) less
// what is tagged or rejected, between code points lo and hi (see widen);
// nil takes every suggestion away.
func (w *Workspace) SetSuggestions(found []suggest.Suggestion, lo, hi int) {
	w.sugs.Found, w.sugs.Lo, w.sugs.Hi, w.sugs.filtered = found, lo, hi, false
	w.refreshSuggestions()
}

// WidenSuggestions shows the suggestions found between lo and hi, a
// range that holds the one shown: only those of the ranges added are
// looked at and drawn.
func (w *Workspace) WidenSuggestions(lo, hi int) {
	oldLo, oldHi := w.sugs.Lo, w.sugs.Hi
	if !w.sugs.filtered || lo > oldLo || hi < oldHi {
		w.SetSuggestions(w.sugs.Found, lo, hi)
		return
	}
	w.sugs.Lo, w.sugs.Hi = lo, hi
	if lo < oldLo {
		w.touchRange(lo, oldLo)
	}
	if hi > oldHi {
		w.touchRange(oldHi, hi)
	}
	w.refreshSuggestions()
}

// refreshSuggestions redraws after a change of the suggestions alone,
// only where they changed (and the ranges touched before); the revision
// stays, so that the list and the panels, which show none, are not drawn
// again (with thousands of annotations, that was most of the time the
// first suggestions took to show).
func (w *Workspace) refreshSuggestions() {
	if w.touched == nil {
		w.touched = []annotation.TextPosition{}
	}
	rev := w.rev
	w.refresh()
	w.rev = rev
}

// filterSuggestions makes shown and the drawn layer from found, and has
// the next drawing redraw where a suggestion came or went. The
// workspace's refresh calls it, after placing the annotations. After an
// edit that touched a few ranges, only the suggestions there are looked
// at again: a long article has tens of thousands, and an edit must stay
// within a few milliseconds.
func (w *Workspace) filterSuggestions() {
	// Whether a mention covers a suggestion: looked up in an index of the
	// mentions when many are looked at, through the mentions when a few
	// are (after an edit: building the index of 10,000 mentions at every
	// edit took most of its time).
	tagged, looked := w.mentioned, 0
	keep := func(s suggest.Suggestion) bool {
		if looked++; looked == 9 {
			tagged = w.mentionCover()
		}
		return !tagged(s.Start, s.End) && !w.sugs.Rejected[Span{s.Start, s.End}]
	}
	if w.touched == nil || !w.sugs.filtered {
		// Everything anew.
		found := w.sugs.Found
		from := sort.Search(len(found), func(k int) bool { return found[k].Start >= w.sugs.Lo })
		to := sort.Search(len(found), func(k int) bool { return found[k].End > w.sugs.Hi })
		shown := make([]suggest.Suggestion, 0, to-from)
		for _, s := range found[from:max(from, to)] {
			if keep(s) {
				shown = append(shown, s)
			}
		}
		w.replaceShown(0, len(w.sugs.Shown), shown)
		w.sugs.filtered = true
		return
	}
	for _, t := range w.touched[:len(w.touched):len(w.touched)] {
		found, shown := w.sugs.Found, w.sugs.Shown
		// The suggestions that overlap t (none overlap each other).
		fi := sort.Search(len(found), func(k int) bool { return found[k].End > t.Start })
		fj := sort.Search(len(found), func(k int) bool { return found[k].Start >= t.End })
		var now []suggest.Suggestion
		for _, s := range found[fi:max(fi, fj)] {
			if s.Start >= w.sugs.Lo && s.End <= w.sugs.Hi && keep(s) {
				now = append(now, s)
			}
		}
		si := sort.Search(len(shown), func(k int) bool { return shown[k].End > t.Start })
		sj := sort.Search(len(shown), func(k int) bool { return shown[k].Start >= t.End })
		if !sameSuggestions(shown[si:max(si, sj)], now) {
			w.replaceShown(si, max(si, sj), now)
		}
	}
}

// replaceShown puts the suggestions now in place of shown[i:j], in the
// drawn layer too, and has the next drawing redraw where they differ.
func (w *Workspace) replaceShown(i, j int, now []suggest.Suggestion) {
	old := w.sugs.Shown[i:j]
	if w.touched != nil {
		// Where a suggestion came or went (both lists are in text order).
		a, b := 0, 0
		for a < len(old) || b < len(now) {
			switch {
			case b == len(now) || a < len(old) && old[a].Start < now[b].Start:
				w.touchRange(old[a].Start, old[a].End)
				a++
			case a == len(old) || now[b].Start < old[a].Start:
				w.touchRange(now[b].Start, now[b].End)
				b++
			default:
				if old[a] != now[b] {
					w.touchRange(min(old[a].Start, now[b].Start), max(old[a].End, now[b].End))
				}
				a++
				b++
			}
		}
	}
	layer := make([]render.Suggested, len(now))
	for k, s := range now {
		layer[k] = render.Suggested{ID: SuggestionID(s), Label: s.Label, Start: s.Start, End: s.End}
	}
	if i == 0 && j == len(w.sugs.Shown) {
		w.sugs.Shown, w.suggested = now, layer
		return
	}
	if len(now) == j-i {
		copy(w.sugs.Shown[i:], now)
		copy(w.suggested[i:], layer)
		return
	}
	// (Not slices.Replace: each type it is used with adds its code to
	// app.wasm.)
	shown := make([]suggest.Suggestion, 0, len(w.sugs.Shown)-(j-i)+len(now))
	shown = append(append(append(shown, w.sugs.Shown[:i]...), now...), w.sugs.Shown[j:]...)
	drawn := make([]render.Suggested, 0, len(shown))
	drawn = append(append(append(drawn, w.suggested[:i]...), layer...), w.suggested[j:]...)
	w.sugs.Shown, w.suggested = shown, drawn
}

// sameSuggestions reports whether a and b hold the same suggestions.
func sameSuggestions(a, b []suggest.Suggestion) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// mentionCover returns a test of whether a span overlaps a mention, in
// O(log n) a test.
func (w *Workspace) mentionCover() func(start, end int) bool {
	var ms []Span
	for _, p := range w.placed {
		if p.Kind == annotation.Mention && p.Match.Method != anchor.Orphan {
			ms = append(ms, Span{p.Match.Start, p.Match.End})
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
	reach := make([]int, len(ms)) // the furthest end among ms[:k+1]
	for k, m := range ms {
		reach[k] = m.End
		if k > 0 {
			reach[k] = max(reach[k], reach[k-1])
		}
	}
	return func(start, end int) bool {
		k := sort.Search(len(ms), func(k int) bool { return ms[k].Start >= end })
		return k > 0 && reach[k-1] > start
	}
}

// Suggestion returns the shown suggestion with that ID (found from the
// span it names, in O(log n)).
func (w *Workspace) Suggestion(id string) (suggest.Suggestion, bool) {
	a, b, ok := strings.Cut(strings.TrimPrefix(id, "sug-"), "-")
	start, err1 := strconv.Atoi(a)
	end, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil {
		return suggest.Suggestion{}, false
	}
	shown := w.sugs.Shown
	i := sort.Search(len(shown), func(k int) bool { return shown[k].Start >= start })
	if i < len(shown) && shown[i].Start == start && shown[i].End == end {
		return shown[i], true
	}
	return suggest.Suggestion{}, false
}

// NextSuggestion returns the shown suggestion after (dir 1) or before
// (dir -1) the text position at, wrapping around.
func (w *Workspace) NextSuggestion(at int, dir int) (suggest.Suggestion, bool) {
	shown := w.sugs.Shown
	if len(shown) == 0 {
		return suggest.Suggestion{}, false
	}
	i := sort.Search(len(shown), func(k int) bool { return shown[k].Start > at })
	if dir < 0 {
		i = sort.Search(len(shown), func(k int) bool { return shown[k].Start >= at }) - 1
	}
	return shown[(i+len(shown))%len(shown)], true
}

// Alike returns the shown suggestions with the text and label of s.
func (w *Workspace) Alike(s suggest.Suggestion) []suggest.Suggestion {
	var out []suggest.Suggestion
	for _, o := range w.sugs.Shown {
		if o.Text == s.Text && o.Label == s.Label {
			out = append(out, o)
		}
	}
	return out
}

// Accept tags the suggestions, each with label (its own when ""), as one
// undoable step: a mention links to the entity its name has in this
// article, else to the one it has in the library's other articles (the
// same entity ID, so exports link across articles), else to a new one
// shared by the mentions of the same name.
func (w *Workspace) Accept(list []suggest.Suggestion, label string) (int, error) {
	var edit annotation.Edit
	fresh := map[string]annotation.Entity{}
	relabel := false
	// Full names first, so that a surname alone finds its person.
	list = append([]suggest.Suggestion(nil), list...)
	sort.SliceStable(list, func(a, b int) bool {
		return strings.Count(list[a].Text, " ") > strings.Count(list[b].Text, " ")
	})
	for _, s := range list {
		l := label
		if l == "" {
			l = s.Label
		}
		if strings.TrimSpace(l) == "" {
			return 0, errors.New("no label")
		}
		if w.mentioned(s.Start, s.End) {
			continue
		}
		if err := w.putMention(&edit, s.Start, s.End, linking{label: l, known: s.EntityID, step: fresh, surname: true}); err != nil {
			return 0, err
		}
		relabel = w.addLabel(l) || relabel
		w.touchRange(s.Start, s.End)
	}
	if len(edit.Put) == 0 {
		return 0, nil
	}
	if err := w.set.Apply(edit); err != nil {
		w.touched = nil
		return 0, err
	}
	if relabel {
		w.touched = nil // a new label may shift hues: redraw all
	}
	w.commit()
	return len(edit.Put), nil
}

// personCalled returns the one person, among this article's entities and
// those made in the same step (fresh), whose name has word as its first
// or last word ("Kerry" for "John Kerry").
func (w *Workspace) personCalled(word string, fresh map[string]annotation.Entity) (annotation.Entity, bool) {
	if strings.ContainsAny(word, " -") {
		return annotation.Entity{}, false
	}
	var found []annotation.Entity
	check := func(e annotation.Entity) {
		f := strings.Fields(e.Name)
		if e.Label != suggest.Person || len(f) < 2 || f[0] != word && f[len(f)-1] != word {
			return
		}
		for _, o := range found {
			if o.ID == e.ID {
				return
			}
		}
		found = append(found, e)
	}
	for _, e := range w.set.Entities() {
		check(e)
	}
	for _, e := range fresh {
		check(e)
	}
	if len(found) != 1 {
		return annotation.Entity{}, false
	}
	return found[0], true
}

// Reject hides the suggestion of a span for good (the session keeps the
// rejected spans under store.RejectedKey, see KeepRejection).
func (w *Workspace) Reject(s suggest.Suggestion) {
	if w.sugs.Rejected == nil {
		w.sugs.Rejected = map[Span]bool{}
	}
	w.sugs.Rejected[Span{s.Start, s.End}] = true
	w.touchRange(s.Start, s.End)
	w.refreshSuggestions()
}

// A rejection is a suggestion the reader rejected, as kept under
// store.RejectedKey: its span, text and label.
type rejection struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	Label string `json:"label"`
}

// ReadRejections reads the rejections kept for an article; an unreadable
// value reads as none (they only hide suggestions).
func ReadRejections(b store.Backend, articleID string) []rejection {
	raw, ok, err := b.Get(store.RejectedKey(articleID))
	if !ok || err != nil {
		return nil
	}
	var rs []rejection
	if json.Unmarshal([]byte(raw), &rs) != nil {
		return nil
	}
	return rs
}

// KeepRejection adds a rejection to those kept for an article.
func KeepRejection(b store.Backend, articleID string, s suggest.Suggestion) error {
	rs := append(ReadRejections(b, articleID), rejection{Start: s.Start, End: s.End, Text: s.Text, Label: s.Label})
	raw, err := json.Marshal(rs)
	if err != nil {
		return err
	}
	return b.Set(store.RejectedKey(articleID), string(raw))
}

// MentionNames returns the names a set's mentions tag.
func MentionNames(set *annotation.Set) []suggest.Name {
	var out []suggest.Name
	for _, a := range set.All() {
		if a.Kind == annotation.Mention && !a.Deleted {
			out = append(out, suggest.Name{Text: a.Target.Quote.Exact, Label: a.Label, EntityID: a.EntityID})
		}
	}
	return out
}

// LearnLibrary is what the reader taught in the library: the names
// tagged in every other article's record (read, never changed: an
// unreadable record is left to the reader of that article) and here (in
// this article), the texts rejected in the other articles, and the other
// articles' entities by ID. pause is called after each record read.
func LearnLibrary(b store.Backend, here []suggest.Name, articleID string, pause func()) (*suggest.Memory, map[string]annotation.Entity) {
	mem := &suggest.Memory{}
	others := map[string]annotation.Entity{}
	keys, _ := b.Keys()
	sort.Strings(keys) // the same order every time: the latest learned wins
	for _, k := range keys {
		if id, ok := strings.CutPrefix(k, store.RejectedKey("")); ok && id != articleID {
			for _, r := range ReadRejections(b, id) {
				mem.Reject(r.Text, r.Label)
			}
			continue
		}
		id, ok := strings.CutPrefix(k, store.Key(""))
		if !ok || id == articleID {
			continue
		}
		raw, ok, err := b.Get(k)
		if !ok || err != nil {
			continue
		}
		if d, err := store.Parse(raw, id); err == nil {
			for _, n := range MentionNames(d.Set) {
				mem.Learn(n)
				if e, ok := d.Set.Entity(n.EntityID); ok {
					others[e.ID] = e
				}
			}
		}
		if pause != nil {
			pause()
		}
	}
	for _, n := range here {
		mem.Learn(n)
	}
	return mem, others
}

// SuggestionCount is how many suggestions show.
func (w *Workspace) SuggestionCount() int { return len(w.sugs.Shown) }
