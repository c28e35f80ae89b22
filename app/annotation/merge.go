package annotation

import (
	"fmt"
	"strings"
	"time"
)

// annWins reports whether a replaces b when both have the same ID: the one
// modified later wins; at the same time a tombstone wins; past that the
// larger canonical form wins, so that the choice is the same whichever set
// merges into which (merge is commutative, associative and idempotent).
func annWins(a, b Annotation) bool {
	return wins(a.Modified, b.Modified, a.Deleted, b.Deleted, a.key, b.key)
}

// entWins is annWins for entities.
func entWins(a, b Entity) bool {
	return wins(a.Modified, b.Modified, a.Deleted, b.Deleted, a.key, b.key)
}

// wins is the merge rule of annWins, for any record: modification times,
// then tombstones, then the canonical forms (made only when needed).
func wins(am, bm time.Time, ad, bd bool, ak, bk func() string) bool {
	if c := am.Compare(bm); c != 0 {
		return c > 0
	}
	if ad != bd {
		return ad
	}
	return ak() > bk()
}

// key is a canonical form of every field, to break ties.
func (a Annotation) key() string {
	return fmt.Sprintf("%q|%q|%q|%q|%q|%q|%q|%q|%q|%q|%q|%q|%d|%d|%q|%v|%v",
		a.ID, a.Kind, a.Color, a.Label, a.EntityID, a.Note, strings.Join(a.Tags, "\x00"),
		strings.Join(a.Extra, "\x00"), a.Target.Source, a.Target.Quote.Exact,
		a.Target.Quote.Prefix, a.Target.Quote.Suffix, a.Target.Position.Start,
		a.Target.Position.End, a.Created.Format("2006-01-02T15:04:05.000Z07:00"), a.Deleted, a.Modified.UnixMilli())
}

func (e Entity) key() string {
	return fmt.Sprintf("%q|%q|%q|%q|%v|%d", e.ID, e.Name, e.IRI, e.Label, e.Deleted, e.Modified.UnixMilli())
}

// MergeStats counts what a merge did.
type MergeStats struct {
	Added     int // records that were not here
	Updated   int // records replaced by a newer version
	Unchanged int // records already here in the same or a newer version
}

// Merge takes in the records of o: for each ID the newer version wins, and
// tombstones win over older edits. It is not a user step: there is nothing
// to undo (it is how other tabs' changes arrive).
func (s *Set) Merge(o *Set) MergeStats {
	st, stats := s.mergeStep(o)
	s.write(st)
	return stats
}

// Import merges o like Merge, as one step that Undo reverts.
func (s *Set) Import(o *Set) MergeStats {
	st, stats := s.mergeStep(o)
	if len(st.anns)+len(st.ents) == 0 {
		return stats
	}
	s.commit(st)
	s.redo = nil
	return stats
}

func (s *Set) mergeStep(o *Set) (step, MergeStats) {
	s.init()
	var st step
	var stats MergeStats
	as, es := o.Records()
	for _, a := range as {
		cur, had := s.anns[a.ID]
		switch {
		case !had:
			stats.Added++
		case annWins(a, cur):
			stats.Updated++
		default:
			stats.Unchanged++
			continue
		}
		st.anns = append(st.anns, change[Annotation]{had: had, before: cur, after: a})
	}
	for _, e := range es {
		cur, had := s.ents[e.ID]
		if had && !entWins(e, cur) {
			continue
		}
		st.ents = append(st.ents, change[Entity]{had: had, before: cur, after: e})
	}
	return st, stats
}

// write stores the afters of st without recording a step.
func (s *Set) write(st step) {
	for _, c := range st.anns {
		s.anns[c.after.ID] = c.after
		s.invalidate(c.after.ID)
	}
	for _, c := range st.ents {
		s.ents[c.after.ID] = c.after
	}
}
