package reading

import (
	"errors"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/article"
	"marginalia/app/render"
	"marginalia/app/store"
	"marginalia/app/suggest"
)

// A Workspace is the reader's work on one article: its text, the set of
// annotations, and what the page shows of them. It uses no browser API, so
// component tests drive it on the host.
type Workspace struct {
	art    article.Article
	text   *anchor.Text
	set    *annotation.Set
	labels []string

	notebook string // notes on the whole article

	placed []render.Placed // live annotations in document order, anchored
	// suggested are the entity suggestions drawn, in document order (see
	// suggestions.go); they are never in the set.
	suggested []render.Suggested
	sugs      suggestionLayer
	blocks    []render.Block
	// shown is how many blocks the page draws: blocks past it are
	// computed (render.Fill) only when show asks for them.
	shown int
	index map[string]int // annotation ID → index in placed; nil until get needs it
	// placedFrom is the set that placed was made from: another set (a
	// restore) is placed anew.
	placedFrom *annotation.Set

	// anchored caches where each annotation version was found: the text
	// does not change, so an annotation is anchored again only when edited.
	anchored map[string]anchoredAt

	// touched lists the ranges the next refresh must redraw; nil redraws
	// everything.
	touched []annotation.TextPosition

	// onChange is called after every change the reader makes (not after a
	// restore or a merge from another tab): the reader saves there.
	onChange func()

	// review holds the annotations an import placed approximately, which
	// the list marks until the reader has opened them.
	review map[string]bool

	// rev changes whenever what the workspace shows may have: the child
	// components are given it, and redraw when it differs. It is unique
	// across workspaces, so that a workspace made anew never passes for
	// the one before.
	rev int64
}

// revisions numbers the workspaces' revisions.
var revisions int64

func NewWorkspace(art article.Article) *Workspace {
	w := &Workspace{
		art:    art,
		text:   anchor.NewText(art.Text),
		set:    &annotation.Set{},
		labels: append([]string(nil), annotation.DefaultLabels...),
		shown:  len(art.Blocks),
	}
	w.refresh()
	return w
}

// anchoredAt is where one version of an annotation was anchored.
type anchoredAt struct {
	modified time.Time
	created  time.Time
	target   annotation.Target
	match    anchor.Match
}

// restore replaces the workspace's data with what storage kept.
func (w *Workspace) restore(d store.Data) {
	w.set = d.Set
	if len(d.Labels) > 0 {
		w.labels = d.Labels
	}
	w.notebook = d.Notebook
	w.refresh()
}

// data is what storage keeps of the workspace.
func (w *Workspace) data() store.Data {
	return store.Data{Set: w.set, Labels: w.labels, Notebook: w.notebook}
}

// commit redraws after a change and reports it.
func (w *Workspace) commit() {
	w.refresh()
	if w.onChange != nil {
		w.onChange()
	}
}

// refresh anchors every live annotation and recomputes the blocks. Blocks
// whose segments did not change compare equal, so the page re-renders only
// the paragraphs an edit touched. After an edit of a few annotations, only
// those are placed again: with ten thousand, placing them all was most of
// the time a new highlight took to show.
func (w *Workspace) refresh() {
	if ids, all := w.set.Changed(); all || w.set != w.placedFrom || w.anchored == nil {
		w.placeAll()
	} else {
		w.placeAgain(ids)
	}
	w.placedFrom = w.set
	if len(w.sugs.Found) > 0 || len(w.sugs.Shown) > 0 {
		w.filterSuggestions()
	}
	var dirty func(article.Block) bool
	if w.touched != nil {
		touched := w.touched
		dirty = func(b article.Block) bool {
			for _, t := range touched {
				if t.Start < b.End && b.Start < t.End {
					return true
				}
			}
			return false
		}
	}
	w.blocks = render.UpdateFirst(&w.art, w.text, w.layers(), w.labels, w.blocks, dirty, w.shown)
	w.touched = nil
	revisions++
	w.rev = revisions
}

// layers are what the blocks draw over the text.
func (w *Workspace) layers() render.Layers {
	return render.Layers{Placed: w.placed, Suggested: w.suggested}
}

// placeAll anchors every live annotation, in document order.
func (w *Workspace) placeAll() {
	all := w.set.All()
	w.placed = slices.Grow(w.placed[:0], len(all))
	if w.anchored == nil {
		w.anchored = make(map[string]anchoredAt, len(all))
	}
	for _, a := range all {
		w.placed = append(w.placed, render.Placed{Annotation: a, Match: w.anchor(a)})
	}
	w.reindex()
}

// placeAgain takes the given annotations out of the placed ones and puts
// their live versions back in document order.
func (w *Workspace) placeAgain(ids []string) {
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if c, ok := w.anchored[id]; ok {
			// Where it was placed: by its order as last anchored.
			old := annotation.Annotation{ID: id, Created: c.created, Target: c.target}
			i := sort.Search(len(w.placed), func(k int) bool { return annotation.Compare(&w.placed[k].Annotation, &old) >= 0 })
			if i < len(w.placed) && w.placed[i].ID == id {
				w.placed = slices.Delete(w.placed, i, i+1)
			}
		}
		a, ok := w.set.Get(id)
		if !ok {
			continue
		}
		i := sort.Search(len(w.placed), func(k int) bool { return annotation.Compare(&w.placed[k].Annotation, &a) > 0 })
		w.placed = slices.Insert(w.placed, i, render.Placed{Annotation: a, Match: w.anchor(a)})
	}
	w.index = nil // made again when asked for (get)
}

// anchor returns where a is in the text, anchoring only a version not
// anchored before.
func (w *Workspace) anchor(a annotation.Annotation) anchor.Match {
	c, ok := w.anchored[a.ID]
	if !ok || !c.modified.Equal(a.Modified) || c.target != a.Target {
		c = anchoredAt{modified: a.Modified, created: a.Created, target: a.Target, match: w.text.Anchor(a.Target)}
		w.anchored[a.ID] = c
	}
	return c.match
}

// reindex maps each placed annotation's ID to its index.
func (w *Workspace) reindex() {
	if w.index == nil {
		w.index = make(map[string]int, len(w.placed))
	}
	clear(w.index)
	for i := range w.placed {
		w.index[w.placed[i].ID] = i
	}
}

// Show makes the first n blocks ready to draw, and only those when n is
// smaller than before.
func (w *Workspace) Show(n int) {
	if n > w.shown {
		render.Fill(w.text, w.layers(), w.labels, w.blocks, n)
	}
	w.shown = n
}

// touch says that the next refresh need only redraw the blocks that the
// given annotations cover (before and after the change).
func (w *Workspace) touch(ids ...string) {
	for _, id := range ids {
		if p, ok := w.Get(id); ok && p.Match.Method != anchor.Orphan {
			w.touched = append(w.touched, annotation.TextPosition{Start: p.Match.Start, End: p.Match.End})
		}
	}
	if w.touched == nil {
		w.touched = []annotation.TextPosition{}
	}
}

// touchRange is touch for a range about to be annotated.
func (w *Workspace) touchRange(start, end int) {
	w.touched = append(w.touched, annotation.TextPosition{Start: start, End: end})
}

// Get returns a live annotation with where it is placed.
func (w *Workspace) Get(id string) (render.Placed, bool) {
	if id == "" {
		return render.Placed{}, false
	}
	if w.index == nil {
		w.reindex()
	}
	i, ok := w.index[id]
	if !ok {
		return render.Placed{}, false
	}
	return w.placed[i], true
}

func (w *Workspace) target(start, end int) (annotation.Target, error) {
	tg, err := w.text.Describe(start, end)
	if err != nil {
		return tg, err
	}
	tg.Source = w.art.IRI()
	return tg, nil
}

// Highlight adds a highlight of [start, end) and returns its ID.
func (w *Workspace) Highlight(start, end int, c annotation.Color) (string, error) {
	tg, err := w.target(start, end)
	if err != nil {
		return "", err
	}
	a := annotation.Annotation{ID: annotation.NewID(), Kind: annotation.Highlight, Color: c, Target: tg}
	if err := w.set.Add(a); err != nil {
		return "", err
	}
	w.touchRange(start, end)
	w.commit()
	return a.ID, nil
}

// EntityFor returns the entity that text names: one whose name is text, or
// the entity of a mention with the same text.
func (w *Workspace) EntityFor(text string) (annotation.Entity, bool) {
	if e, ok := w.set.FindEntity(text); ok {
		return e, true
	}
	for _, p := range w.placed {
		if p.Kind == annotation.Mention && p.EntityID != "" && strings.EqualFold(p.Target.Quote.Exact, text) {
			if e, ok := w.set.Entity(p.EntityID); ok {
				return e, true
			}
		}
	}
	return annotation.Entity{}, false
}

// An EntityLink is what a new or moved mention links to: an entity by
// its ID, always a new entity named after the mention's text (New), or,
// the zero value, whatever entity its text names (else a new one). It is
// a type of its own, not a string beside entity IDs, so that no imported
// entity ID (any string) can be taken for a choice.
type EntityLink struct {
	New bool
	ID  string
}

var (
	LinkAuto = EntityLink{}
	LinkNew  = EntityLink{New: true}
)

// LinkTo is the link to the entity id.
func LinkTo(id string) EntityLink { return EntityLink{ID: id} }

// Auto reports whether l is the automatic choice.
func (l EntityLink) Auto() bool { return l == LinkAuto }

// Value is l as the value of a menu option: "auto", "new", or "e:" and
// the entity ID. parseLink reads it back.
func (l EntityLink) Value() string {
	switch {
	case l.New:
		return "new"
	case l.ID != "":
		return "e:" + l.ID
	}
	return "auto"
}

func ParseLink(v string) EntityLink {
	switch {
	case v == "new":
		return LinkNew
	case strings.HasPrefix(v, "e:"):
		return LinkTo(v[2:])
	}
	return LinkAuto
}

// Candidates lists the entities a mention of text may link to, the likely
// ones first: the same name or mention text, then names that contain the
// text or are contained in it, then names sharing a word with it, then the
// rest by name.
func (w *Workspace) Candidates(text string) []annotation.Entity {
	es := w.set.Entities()
	rank := make(map[string]int, len(es))
	if e, ok := w.EntityFor(text); ok {
		rank[e.ID] = 3
	}
	t := strings.ToLower(strings.TrimSpace(text))
	words := strings.FieldsFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, e := range es {
		if rank[e.ID] > 0 {
			continue
		}
		n := strings.ToLower(e.Name)
		switch {
		case n != "" && t != "" && (strings.Contains(n, t) || strings.Contains(t, n)):
			rank[e.ID] = 2
		case sharesWord(n, words):
			rank[e.ID] = 1
		}
	}
	sort.SliceStable(es, func(i, j int) bool { return rank[es[i].ID] > rank[es[j].ID] })
	return es
}

// sharesWord reports whether name holds one of words (of three letters or
// more, so that "of" or "de" link nothing).
func sharesWord(name string, words []string) bool {
	for _, f := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		for _, w := range words {
			if len([]rune(w)) >= 3 && f == w {
				return true
			}
		}
	}
	return false
}

// A linking is what is known of a new or moved mention when its entity is
// chosen (see linkEntity).
type linking struct {
	name, label string
	link        EntityLink
	// known is the entity another article of the library links this name
	// to (a suggestion learned there), "" when none.
	known string
	// step holds the entities made for the other mentions of the same
	// step, by lower-case name (nil: none).
	step map[string]annotation.Entity
	// stable names a new entity by its label and name (annotation.NameID),
	// so that importing the same file twice makes it once; else it gets a
	// new ID.
	stable bool
	// surname lets a person's single word link to the person of the
	// article whose full name has it (accepting a suggestion: the reader
	// sees the link on the card; a tag made by hand links only by name).
	surname bool
}

// linkEntity is the one place that decides which entity a new or moved
// mention links to, and returns its ID with the entity to add when it is
// a new one. In order:
//   - link New: a new entity named after the mention;
//   - a link to an entity: that one, which must still exist;
//   - else (automatic) the entity the name names here (EntityFor);
//   - one made for the same name in the same step;
//   - the library's entity for the name (known), here or added as it is
//     there, so that exports link the articles;
//   - for a person's single word ("Kerry") in a suggestion accepted, the
//     one person of this article or step whose full name starts or ends
//     with it;
//   - a new entity named after the mention.
func (w *Workspace) linkEntity(l linking) (string, *annotation.Entity, error) {
	made := func() (string, *annotation.Entity, error) {
		e := annotation.Entity{ID: annotation.NewID(), Name: l.name, Label: l.label}
		if l.stable {
			e.ID = annotation.NameID("entity:" + strings.ToLower(l.label+"\x00"+l.name))
		}
		return e.ID, &e, nil
	}
	switch {
	case l.link.New:
		return made()
	case !l.link.Auto():
		if _, ok := w.set.Entity(l.link.ID); !ok {
			return "", nil, errors.New("that entity no longer exists")
		}
		return l.link.ID, nil, nil
	}
	if e, ok := w.EntityFor(l.name); ok {
		return e.ID, nil, nil
	}
	key := strings.ToLower(l.name)
	if l.stable {
		key = strings.ToLower(l.label + "\x00" + l.name)
	}
	if e, ok := l.step[key]; ok {
		return e.ID, nil, nil
	}
	if l.known != "" {
		if _, ok := w.set.Entity(l.known); ok {
			return l.known, nil, nil
		}
		e := annotation.Entity{ID: l.known, Name: l.name, Label: l.label}
		if o, ok := w.sugs.Others[l.known]; ok {
			e = o
		}
		return e.ID, &e, nil
	}
	if l.surname && l.label == suggest.Person {
		if e, ok := w.personCalled(l.name, l.step); ok {
			return e.ID, nil, nil
		}
	}
	return made()
}

// mention builds a mention of [start, end) with l's label, linked as
// linkEntity decides for its text, with the entity made for it, if one
// was, to add.
func (w *Workspace) mention(start, end int, l linking) (annotation.Annotation, *annotation.Entity, error) {
	tg, err := w.target(start, end)
	if err != nil {
		return annotation.Annotation{}, nil, err
	}
	a := annotation.Annotation{ID: annotation.NewID(), Kind: annotation.Mention, Label: l.label, Target: tg}
	l.name = tg.Quote.Exact
	id, e, err := w.linkEntity(l)
	if err != nil {
		return annotation.Annotation{}, nil, err
	}
	a.EntityID = id
	return a, e, nil
}

// A tagOffer proposes to tag the other occurrences of a just-tagged text.
type tagOffer struct {
	Quote  string
	Label  string
	Entity string // the entity the tagged mention links to
	Starts []int  // code-point starts of the untagged occurrences
}

// Tag adds a mention of [start, end) with label, linked as link says (see
// mention), and returns its ID and the
// offer to tag the other whole-word occurrences of the same text that no
// mention covers yet.
func (w *Workspace) Tag(start, end int, label string, link EntityLink) (string, tagOffer, error) {
	if strings.TrimSpace(label) == "" {
		return "", tagOffer{}, errors.New("no label")
	}
	a, e, err := w.mention(start, end, linking{label: label, link: link})
	if err != nil {
		return "", tagOffer{}, err
	}
	edit := annotation.Edit{Put: []annotation.Annotation{a}}
	if e != nil {
		edit.PutEntities = []annotation.Entity{*e}
	}
	if err := w.set.Apply(edit); err != nil {
		return "", tagOffer{}, err
	}
	if w.addLabel(label) {
		w.touched = nil // a new label may shift hues: redraw all
	} else {
		w.touchRange(start, end)
	}
	w.commit()
	o := w.offer(a.Target.Quote.Exact, label)
	o.Entity = a.EntityID
	return a.ID, o, nil
}

// offer lists the whole-word occurrences of quote that no mention covers.
func (w *Workspace) offer(quote, label string) tagOffer {
	o := tagOffer{Quote: quote, Label: label}
	n := len([]rune(quote))
	for _, s := range w.text.WordOccurrences(quote) {
		if !w.mentioned(s, s+n) {
			o.Starts = append(o.Starts, s)
		}
	}
	return o
}

// mentioned reports whether a mention overlaps [start, end).
func (w *Workspace) mentioned(start, end int) bool {
	for _, p := range w.placed {
		if p.Kind == annotation.Mention && p.Match.Method != anchor.Orphan && p.Match.Start < end && start < p.Match.End {
			return true
		}
	}
	return false
}

// TagAll tags every occurrence the offer lists, as one undoable step, and
// returns how many it tagged.
func (w *Workspace) TagAll(o tagOffer) (int, error) {
	n := len([]rune(o.Quote))
	var edit annotation.Edit
	fresh := map[string]annotation.Entity{}
	for _, s := range o.Starts {
		if w.mentioned(s, s+n) {
			continue
		}
		if err := w.putMention(&edit, s, s+n, linking{label: o.Label, link: LinkTo(o.Entity), step: fresh}); err != nil {
			return 0, err
		}
	}
	if len(edit.Put) == 0 {
		return 0, nil
	}
	if err := w.set.Apply(edit); err != nil {
		return 0, err
	}
	w.commit()
	return len(edit.Put), nil
}

// putMention adds to edit a mention of [start, end) (see mention), and
// the entity made for it, which l.step (not nil) then holds for the
// other mentions of the same step.
func (w *Workspace) putMention(edit *annotation.Edit, start, end int, l linking) error {
	a, e, err := w.mention(start, end, l)
	if err != nil {
		return err
	}
	if e != nil {
		l.step[strings.ToLower(e.Name)] = *e
		edit.PutEntities = append(edit.PutEntities, *e)
	}
	edit.Put = append(edit.Put, a)
	return nil
}

// Update changes a live annotation with fn, as one step, unless fn leaves
// it as it was.
func (w *Workspace) Update(id string, fn func(a *annotation.Annotation)) error {
	a, ok := w.set.Get(id)
	if !ok {
		return annotation.ErrNotFound
	}
	before := a
	before.Tags = slices.Clone(a.Tags)
	fn(&a)
	// The whole annotation is compared, so that a field added later is
	// never left out (reflect is in app.wasm anyway: go-app compares
	// components with it).
	if reflect.DeepEqual(a, before) {
		return nil
	}
	w.touch(id)
	if err := w.set.Update(a); err != nil {
		w.touched = nil
		return err
	}
	w.commit()
	return nil
}

func (w *Workspace) SetNote(id, note string) error {
	return w.Update(id, func(a *annotation.Annotation) { a.Note = note })
}

func (w *Workspace) SetColor(id string, c annotation.Color) error {
	return w.Update(id, func(a *annotation.Annotation) { a.Color = c })
}

// Relink links the mention id to another entity (an entity, or a new one
// named after the mention's text), as one step.
func (w *Workspace) Relink(id string, link EntityLink) error {
	a, ok := w.set.Get(id)
	if !ok {
		return annotation.ErrNotFound
	}
	if a.Kind != annotation.Mention || link.Auto() || !link.New && link.ID == a.EntityID {
		return nil
	}
	edit := annotation.Edit{}
	to, e, err := w.linkEntity(linking{name: a.Target.Quote.Exact, label: a.Label, link: link})
	if err != nil {
		return err
	}
	if e != nil {
		edit.PutEntities = []annotation.Entity{*e}
	}
	a.EntityID = to
	edit.Put = []annotation.Annotation{a}
	if err := w.set.Apply(edit); err != nil {
		return err
	}
	w.touch(id)
	w.commit()
	return nil
}

func (w *Workspace) SetLabel(id, label string) error {
	if w.addLabel(label) {
		w.refresh()
	}
	return w.Update(id, func(a *annotation.Annotation) { a.Label = label })
}

// Attach anchors the annotation id (an orphan, say) on [start, end):
// new selectors, the same ID, note, label and entity, as one step.
func (w *Workspace) Attach(id string, start, end int) error {
	a, ok := w.set.Get(id)
	if !ok {
		return annotation.ErrNotFound
	}
	tg, err := w.target(start, end)
	if err != nil {
		return err
	}
	a.Target = tg
	w.touch(id)
	w.touchRange(start, end)
	if err := w.set.Update(a); err != nil {
		w.touched = nil
		return err
	}
	delete(w.review, id)
	w.commit()
	return nil
}

// Orphans returns the indices in placed of the annotations not found in
// the text.
func (w *Workspace) Orphans() []int {
	var out []int
	for i := range w.placed {
		if w.placed[i].Match.Method == anchor.Orphan {
			out = append(out, i)
		}
	}
	return out
}

func (w *Workspace) Remove(id string) error {
	w.touch(id)
	if err := w.set.Delete(id); err != nil {
		w.touched = nil
		return err
	}
	w.commit()
	return nil
}

func (w *Workspace) Undo() bool {
	if !w.set.Undo() {
		return false
	}
	w.commit()
	return true
}

func (w *Workspace) Redo() bool {
	if !w.set.Redo() {
		return false
	}
	w.commit()
	return true
}

// addLabel adds a label to the list if it is new, and reports whether it
// did.
func (w *Workspace) addLabel(label string) bool {
	label = strings.TrimSpace(label)
	if label == "" {
		return false
	}
	for _, l := range w.labels {
		if strings.EqualFold(l, label) {
			return false
		}
	}
	w.labels = append(w.labels, label)
	return true
}

// Neighbour returns the annotation after (dir 1) or before (dir -1) id in
// document order, wrapping around; the first or last one if id is not
// placed.
func (w *Workspace) Neighbour(id string, dir int) (string, bool) {
	var placed []render.Placed
	for _, p := range w.placed {
		if p.Match.Method != anchor.Orphan {
			placed = append(placed, p)
		}
	}
	if len(placed) == 0 {
		return "", false
	}
	i := -1
	for k, p := range placed {
		if p.ID == id {
			i = k
		}
	}
	switch {
	case i < 0 && dir > 0:
		return placed[0].ID, true
	case i < 0:
		return placed[len(placed)-1].ID, true
	}
	return placed[(i+dir+len(placed))%len(placed)].ID, true
}

// SetNotebook changes the article's notebook.
func (w *Workspace) SetNotebook(text string) {
	if text == w.notebook {
		return
	}
	w.notebook = text
	w.commit()
}

// A long article is drawn in steps: first what a tall screen shows (the
// blocks that hold the first FirstChars characters, at most FirstBlocks
// of them), then MoreBlocks at a time in the frames after. The page is
// interactive from the first step; and no update mounts more components
// than go-app's update queue holds (4,096).
const (
	FirstChars  = 8000 // a 4K screen of text is about 5,000
	FirstBlocks = 80
	MoreBlocks  = 250
)

// FirstDrawn is how many blocks the first step draws.
func FirstDrawn(blocks []render.Block) int {
	n, chars := 0, 0
	for n < len(blocks) && n < FirstBlocks && chars < FirstChars {
		chars += blocks[n].End - blocks[n].Start
		n++
	}
	return n
}

// What the page reads of a workspace (it changes it only through its
// methods that make a step; the child components read it through a
// View).

func (w *Workspace) Article() article.Article { return w.art }
func (w *Workspace) Text() *anchor.Text       { return w.text }
func (w *Workspace) Labels() []string         { return w.labels }

// Placed is the live annotations in document order, anchored.
func (w *Workspace) Placed() []render.Placed { return w.placed }

// Blocks is what the page draws of the text, block by block.
func (w *Workspace) Blocks() []render.Block { return w.blocks }

// Rev changes whenever what the workspace shows may have.
func (w *Workspace) Rev() int64 { return w.rev }
