package annotation

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// MaxUndo is how many steps a Set can undo.
const MaxUndo = 500

// A Set holds an article's annotations and entities, tombstones included,
// with the user's last steps for undo and redo. The zero value is an empty
// set that uses time.Now. A Set is not safe for concurrent use.
type Set struct {
	// Now is the clock that stamps changes; nil means time.Now.
	Now func() time.Time

	anns  map[string]Annotation
	ents  map[string]Entity
	order []string        // live annotation IDs in document order; nil when stale
	moved map[string]bool // IDs changed since order was made: ids() moves them
	// changed lists the annotations changed since the last Changed, for a
	// view to redraw only those; changedAll says there were too many.
	changed    []string
	changedAll bool
	undo       []step
	redo       []step
}

// step is one user command: the records it changed, before and after.
type step struct {
	anns []change[Annotation]
	ents []change[Entity]
}

type change[T any] struct {
	had           bool // whether a record existed before
	before, after T
}

// An Edit is one undoable step: annotations and entities to add or replace
// whole, and IDs of live ones to delete. Created is kept when set (and set to
// now otherwise); Modified is always stamped by the Set.
type Edit struct {
	Put            []Annotation
	Delete         []string
	PutEntities    []Entity
	DeleteEntities []string
}

func (s *Set) now() time.Time {
	if s.Now != nil {
		return Stamp(s.Now())
	}
	return Stamp(time.Now())
}

// stamp returns the modification time for a record last modified at prev:
// now, or just after prev if the clock is behind, so that the change wins
// every merge against the record it replaces.
func stamp(now, prev time.Time) time.Time {
	if !now.After(prev) {
		return Stamp(prev.Add(time.Millisecond))
	}
	return now
}

func (s *Set) init() {
	if s.anns == nil {
		s.anns = make(map[string]Annotation)
		s.ents = make(map[string]Entity)
	}
}

// Add adds a new annotation as one step. Its ID must be new.
func (s *Set) Add(a Annotation) error {
	if _, ok := s.anns[a.ID]; ok {
		return &ValidationError{ID: a.ID, Reason: "an annotation with this ID exists"}
	}
	return s.Apply(Edit{Put: []Annotation{a}})
}

// Update replaces a live annotation as one step.
func (s *Set) Update(a Annotation) error {
	if _, ok := s.Get(a.ID); !ok {
		return fmt.Errorf("update %s: %w", a.ID, ErrNotFound)
	}
	return s.Apply(Edit{Put: []Annotation{a}})
}

// Delete turns live annotations into tombstones, as one step.
func (s *Set) Delete(ids ...string) error {
	return s.Apply(Edit{Delete: ids})
}

// Apply makes e as one undoable step. Nothing changes if any part of e is
// invalid or names an annotation or entity that is not there.
func (s *Set) Apply(e Edit) error {
	s.init()
	now := s.now()
	var st step
	for _, a := range e.Put {
		if err := a.Validate(); err != nil {
			return err
		}
		a = a.clone()
		if a.Created.IsZero() {
			a.Created = now
		}
		a.Created = Stamp(a.Created)
		st.anns = append(st.anns, s.annChange(a, now))
	}
	for _, id := range e.Delete {
		a, ok := s.Get(id)
		if !ok {
			return fmt.Errorf("delete %s: %w", id, ErrNotFound)
		}
		a.Deleted = true
		st.anns = append(st.anns, s.annChange(a, now))
	}
	for _, en := range e.PutEntities {
		if err := en.Validate(); err != nil {
			return err
		}
		st.ents = append(st.ents, s.entChange(en, now))
	}
	for _, id := range e.DeleteEntities {
		en, ok := s.Entity(id)
		if !ok {
			return fmt.Errorf("delete entity %s: %w", id, ErrNotFound)
		}
		en.Deleted = true
		st.ents = append(st.ents, s.entChange(en, now))
	}
	if len(st.anns)+len(st.ents) == 0 {
		return nil
	}
	s.commit(st)
	s.redo = nil
	return nil
}

func (s *Set) annChange(a Annotation, now time.Time) change[Annotation] {
	prev, had := s.anns[a.ID]
	a.Modified = stamp(now, prev.Modified)
	return change[Annotation]{had: had, before: prev, after: a}
}

func (s *Set) entChange(e Entity, now time.Time) change[Entity] {
	prev, had := s.ents[e.ID]
	e.Modified = stamp(now, prev.Modified)
	return change[Entity]{had: had, before: prev, after: e}
}

// commit writes the afters of st and records st for undo.
func (s *Set) commit(st step) {
	s.write(st)
	s.undo = append(s.undo, st)
	if len(s.undo) > MaxUndo {
		s.undo = slices.Delete(s.undo, 0, len(s.undo)-MaxUndo)
	}
}

// CanUndo and CanRedo report whether Undo and Redo would do something.
func (s *Set) CanUndo() bool { return len(s.undo) > 0 }
func (s *Set) CanRedo() bool { return len(s.redo) > 0 }

// Undo reverts the last step, as a new change (with new modification times,
// so that it also wins merges against the state it undoes). It reports
// whether there was a step to undo.
func (s *Set) Undo() bool {
	if len(s.undo) == 0 {
		return false
	}
	st := s.undo[len(s.undo)-1]
	s.undo = s.undo[:len(s.undo)-1]
	now := s.now()
	for _, c := range st.anns {
		cur := s.anns[c.after.ID]
		a := c.before
		if !c.had {
			a = c.after.clone()
			a.Deleted = true
		}
		a.Modified = stamp(now, cur.Modified)
		s.anns[a.ID] = a
		s.invalidate(a.ID)
	}
	for _, c := range st.ents {
		cur := s.ents[c.after.ID]
		e := c.before
		if !c.had {
			e = c.after
			e.Deleted = true
		}
		e.Modified = stamp(now, cur.Modified)
		s.ents[e.ID] = e
	}
	s.redo = append(s.redo, st)
	return true
}

// Redo makes again the last undone step. It reports whether there was one.
func (s *Set) Redo() bool {
	if len(s.redo) == 0 {
		return false
	}
	st := s.redo[len(s.redo)-1]
	s.redo = s.redo[:len(s.redo)-1]
	now := s.now()
	for i, c := range st.anns {
		st.anns[i].after.Modified = stamp(now, s.anns[c.after.ID].Modified)
	}
	for i, c := range st.ents {
		st.ents[i].after.Modified = stamp(now, s.ents[c.after.ID].Modified)
	}
	s.commit(st)
	return true
}

// Get returns the live (not deleted) annotation with the given ID.
func (s *Set) Get(id string) (Annotation, bool) {
	a, ok := s.anns[id]
	if !ok || a.Deleted {
		return Annotation{}, false
	}
	return a.clone(), true
}

// Entity returns the live entity with the given ID.
func (s *Set) Entity(id string) (Entity, bool) {
	e, ok := s.ents[id]
	if !ok || e.Deleted {
		return Entity{}, false
	}
	return e, true
}

// Len returns the number of live annotations.
func (s *Set) Len() int { return len(s.ids()) }

// All returns the live annotations in document order: by start, longer
// first, then by creation time and ID.
func (s *Set) All() []Annotation {
	ids := s.ids()
	as := make([]Annotation, len(ids))
	for i, id := range ids {
		as[i] = s.anns[id].clone()
	}
	return as
}

func (s *Set) ids() []string {
	if s.order != nil && len(s.moved) > 0 {
		s.order = s.reorder()
	}
	if s.order != nil {
		return s.order
	}
	s.order = sortedIDs(s.anns)
	return s.order
}

// sortedIDs returns the IDs of the live annotations in document order. It
// sorts small keys, not the annotations themselves: copying whole
// annotations in every comparison made this the slow part of an edit.
func sortedIDs(anns map[string]Annotation) []string {
	keys := make([]orderKey, 0, len(anns))
	for _, a := range anns {
		if !a.Deleted {
			keys = append(keys, keyOf(a))
		}
	}
	sort.Sort(orderKeys(keys))
	ids := make([]string, len(keys))
	for i, k := range keys {
		ids[i] = k.id
	}
	return ids
}

// orderKey is what document order compares.
type orderKey struct {
	id         string
	start, end int
	created    int64
}

func keyOf(a Annotation) orderKey {
	return orderKey{a.ID, a.Target.Position.Start, a.Target.Position.End, a.Created.UnixNano()}
}

// orderKeys sorts with sort.Sort, not slices.SortFunc: its instantiation
// for orderKey was 20 KB of app.wasm (before brotli), and sort.Sort was
// as fast on 10,000 keys, measured.
type orderKeys []orderKey

func (k orderKeys) Len() int           { return len(k) }
func (k orderKeys) Less(i, j int) bool { return k[i].compare(k[j]) < 0 }
func (k orderKeys) Swap(i, j int)      { k[i], k[j] = k[j], k[i] }

// compare orders by start, longer first, then by creation time and ID.
// (Each comparison only when the ones before tie: cmp.Or would compare
// the IDs every time, and that was most of a sort.)
func (a orderKey) compare(b orderKey) int {
	if c := cmp.Compare(a.start, b.start); c != 0 {
		return c
	}
	if c := cmp.Compare(b.end, a.end); c != 0 {
		return c
	}
	if c := cmp.Compare(a.created, b.created); c != 0 {
		return c
	}
	return strings.Compare(a.id, b.id)
}

// maxChanged is how many changed annotations Changed lists; past it, it
// says that all may have changed.
const maxChanged = 64

// Changed returns the IDs of the annotations added, changed or deleted
// since the last call (in no order, maybe repeated), or all = true when
// there were too many to list, or the set was loaded since.
func (s *Set) Changed() (ids []string, all bool) {
	ids, all = s.changed, s.changedAll
	s.changed, s.changedAll = nil, false
	return ids, all
}

// Compare orders annotations as the set does (document order): by start,
// longer first, then by creation time and ID.
func Compare(a, b *Annotation) int { return keyOf(*a).compare(keyOf(*b)) }

// invalidate says that the annotations ids changed: the next ids() moves
// them in the order, or sorts again when many changed.
func (s *Set) invalidate(ids ...string) {
	if !s.changedAll {
		s.changed = append(s.changed, ids...)
		if len(s.changed) > maxChanged {
			s.changed, s.changedAll = nil, true
		}
	}
	if s.order == nil {
		return
	}
	if len(s.moved)+len(ids) > len(s.order)/8+8 {
		s.order, s.moved = nil, nil
		return
	}
	if s.moved == nil {
		s.moved = map[string]bool{}
	}
	for _, id := range ids {
		s.moved[id] = true
	}
}

// reorder returns a new order with the moved annotations taken out and
// the live ones put back at their place: O(n) for a few changes, where a
// sort is O(n log n).
func (s *Set) reorder() []string {
	out := make([]string, 0, len(s.order)+len(s.moved))
	for _, id := range s.order {
		if !s.moved[id] {
			out = append(out, id)
		}
	}
	for id := range s.moved {
		a, ok := s.anns[id]
		if !ok || a.Deleted {
			continue
		}
		k := keyOf(a)
		i, _ := slices.BinarySearchFunc(out, k, func(id string, k orderKey) int {
			return keyOf(s.anns[id]).compare(k)
		})
		out = slices.Insert(out, i, id)
	}
	s.moved = nil
	return out
}

// Entities returns the live entities sorted by name.
func (s *Set) Entities() []Entity {
	var es []Entity
	for _, e := range s.ents {
		if !e.Deleted {
			es = append(es, e)
		}
	}
	// sort.Slice, not slices.SortFunc, for the small sorts here and in
	// the other packages: each slices.SortFunc of a new element type adds
	// its own copy of the sort to app.wasm.
	sort.Slice(es, func(i, j int) bool {
		a, b := es[i], es[j]
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.ID, b.ID)) < 0
	})
	return es
}

// FindEntity returns the live entity whose name is name, ignoring case.
func (s *Set) FindEntity(name string) (Entity, bool) {
	for _, e := range s.Entities() {
		if strings.EqualFold(e.Name, name) {
			return e, true
		}
	}
	return Entity{}, false
}

// Mentions returns the live mentions of an entity, in document order.
func (s *Set) Mentions(entityID string) []Annotation {
	var ms []Annotation
	for _, a := range s.All() {
		if a.Kind == Mention && a.EntityID == entityID {
			ms = append(ms, a)
		}
	}
	return ms
}

// Records returns every annotation and entity, tombstones included, sorted
// by ID: what storage keeps and merges exchange.
func (s *Set) Records() ([]Annotation, []Entity) {
	// In document order, tombstones among them, so that Load finds them
	// in order and need not sort them. Sort small keys, not the
	// annotations: moving whole annotations in every swap made this most
	// of a save's time.
	keys := make([]orderKey, 0, len(s.anns))
	for _, a := range s.anns {
		keys = append(keys, keyOf(a))
	}
	sort.Sort(orderKeys(keys))
	as := make([]Annotation, len(keys))
	for i, k := range keys {
		as[i] = s.anns[k.id].clone()
	}
	es := make([]Entity, 0, len(s.ents))
	for _, e := range s.ents {
		es = append(es, e)
	}
	sort.Slice(es, func(i, j int) bool { return es[i].ID < es[j].ID })
	return as, es
}

// Load returns a set holding the given records as they are (no stamping,
// no undo history). Where two records share an ID, the merge rule picks one.
// It returns the first invalid record's error.
func Load(as []Annotation, es []Entity) (*Set, error) {
	s := &Set{changedAll: true, anns: make(map[string]Annotation, len(as)), ents: make(map[string]Entity, len(es))}
	// Records come in document order (see Records): then that is the
	// order, and ten thousand annotations need no sort.
	inOrder := true
	order := make([]string, 0, len(as))
	for i, a := range as {
		if err := a.Validate(); err != nil {
			return nil, err
		}
		if cur, ok := s.anns[a.ID]; !ok || annWins(a, cur) {
			s.anns[a.ID] = a.clone()
		}
		if i > 0 && keyOf(as[i-1]).compare(keyOf(a)) >= 0 {
			inOrder = false
		}
		if !a.Deleted {
			order = append(order, a.ID)
		}
	}
	if inOrder && len(s.anns) == len(as) {
		s.order = order
	}
	for _, e := range es {
		if err := e.Validate(); err != nil {
			return nil, err
		}
		if cur, ok := s.ents[e.ID]; !ok || entWins(e, cur) {
			s.ents[e.ID] = e
		}
	}
	return s, nil
}
