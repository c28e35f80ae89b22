package anchor

import (
	"cmp"
	"slices"
	"strings"
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
	slices.SortFunc(live, func(a, b Span) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End), strings.Compare(a.ID, b.ID))
	})
	events := make([]event, 0, 2*len(live))
	for i, s := range live {
		events = append(events, event{s.Start, true, i}, event{s.End, false, i})
	}
	slices.SortFunc(events, func(a, b event) int { return cmp.Compare(a.at, b.at) })

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
