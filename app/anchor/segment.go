package anchor

import (
	"slices"
	"sort"
)

// A Span is an anchored annotation: the range [Start, End) it covers.
type Span struct {
	ID         string
	Start, End int
}

// A Segment is a run of text covered by the same annotations, outermost
// (earliest, then longest) first. IDs is empty for plain text.
type Segment struct {
	Start, End int
	IDs        []string
}

// Segments splits [start, end) into runs at every boundary of the spans
// that overlap it, each run listing the spans that cover it, so that nested
// and partly overlapping annotations can all be drawn. The runs cover the
// whole range, in order. It takes O((n + k) log k) time for k spans and n
// runs; spans is not modified.
func Segments(start, end int, spans []Span) []Segment {
	if end <= start {
		return nil
	}
	type event struct {
		at   int
		open bool
		span int // index into live
	}
	var live []Span
	for _, s := range spans {
		s.Start, s.End = max(s.Start, start), min(s.End, end)
		if s.Start < s.End {
			live = append(live, s)
		}
	}
	// Order spans outermost first; that is also the order of IDs in a run.
	// (sort.Slice rather than slices.SortFunc: see annotation.Set.Entities.)
	sort.Slice(live, func(i, j int) bool {
		a, b := live[i], live[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End > b.End
		}
		return a.ID < b.ID
	})
	events := make([]event, 0, 2*len(live))
	for i, s := range live {
		events = append(events, event{s.Start, true, i}, event{s.End, false, i})
	}
	sort.Slice(events, func(i, j int) bool { return events[i].at < events[j].at })

	var out []Segment
	var active []int // indexes into live, sorted
	pos := start
	for i := 0; i <= len(events); i++ {
		at := end
		if i < len(events) {
			at = events[i].at
		}
		if at > pos {
			seg := Segment{Start: pos, End: at}
			if len(active) > 0 {
				seg.IDs = make([]string, len(active))
				for j, k := range active {
					seg.IDs[j] = live[k].ID
				}
			}
			out = append(out, seg)
			pos = at
		}
		if i == len(events) {
			break
		}
		e := events[i]
		k, found := slices.BinarySearch(active, e.span)
		if e.open && !found {
			active = slices.Insert(active, k, e.span)
		} else if !e.open && found {
			active = slices.Delete(active, k, k+1)
		}
	}
	return out
}
