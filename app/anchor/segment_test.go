package anchor

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestSegments(t *testing.T) {
	tests := []struct {
		scenario   string
		start, end int
		spans      []Span
		want       []Segment
	}{
		{"no spans", 0, 10, nil, []Segment{{0, 10, nil}}},
		{"empty range", 5, 5, []Span{{"a", 0, 10}}, nil},
		{"one span inside", 0, 10, []Span{{"a", 2, 5}},
			[]Segment{{0, 2, nil}, {2, 5, []string{"a"}}, {5, 10, nil}}},
		{"nested", 0, 10, []Span{{"in", 3, 5}, {"out", 1, 8}},
			[]Segment{{0, 1, nil}, {1, 3, []string{"out"}}, {3, 5, []string{"out", "in"}}, {5, 8, []string{"out"}}, {8, 10, nil}}},
		{"partial overlap", 0, 10, []Span{{"a", 1, 6}, {"b", 4, 9}},
			[]Segment{{0, 1, nil}, {1, 4, []string{"a"}}, {4, 6, []string{"a", "b"}}, {6, 9, []string{"b"}}, {9, 10, nil}}},
		{"adjacent", 0, 6, []Span{{"b", 3, 6}, {"a", 0, 3}},
			[]Segment{{0, 3, []string{"a"}}, {3, 6, []string{"b"}}}},
		{"same range", 0, 4, []Span{{"b", 0, 4}, {"a", 0, 4}},
			[]Segment{{0, 4, []string{"a", "b"}}}},
		{"clipped to the block", 10, 20, []Span{{"a", 5, 12}, {"b", 18, 40}, {"c", 0, 5}, {"d", 20, 30}},
			[]Segment{{10, 12, []string{"a"}}, {12, 18, nil}, {18, 20, []string{"b"}}}},
	}
	for _, tt := range tests {
		if got := Segments(tt.start, tt.end, tt.spans); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Segments = %v, want %v", tt.scenario, got, tt.want)
		}
	}
}

// TestSegmentsCover checks on random spans that the runs tile the range and
// that each run lists exactly the spans covering it.
func TestSegmentsCover(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 500 {
		var spans []Span
		for i := range r.IntN(12) {
			s := r.IntN(60)
			spans = append(spans, Span{fmt.Sprint("s", i), s, s + 1 + r.IntN(20)})
		}
		start, end := r.IntN(20), 20+r.IntN(40)
		segs := Segments(start, end, spans)
		pos := start
		for _, g := range segs {
			if g.Start != pos || g.End <= g.Start {
				t.Fatalf("runs do not tile [%d,%d): %v", start, end, segs)
			}
			pos = g.End
			var want []string
			for _, s := range spans {
				if s.Start <= g.Start && g.End <= s.End {
					want = append(want, s.ID)
				}
			}
			got := slices.Clone(g.IDs)
			slices.Sort(got)
			slices.Sort(want)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("run %v lists %v, covered by %v", g, g.IDs, want)
			}
		}
		if pos != end {
			t.Fatalf("runs stop at %d, want %d", pos, end)
		}
	}
}
