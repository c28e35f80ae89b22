// Package render turns an article and its anchored annotations into what
// the reader draws: for each block, runs of text with the marks that cover
// them, outermost first. It is pure, so that what the page shows is tested
// on the host.
package render

import (
	"sort"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/article"
)

// A Mark is one annotation covering a run of text.
type Mark struct {
	ID    string
	Kind  annotation.Kind
	Color annotation.Color // highlights
	Label string           // mentions
	// Hue is the index of the mention's label in the label list, which
	// picks its colour.
	Hue int
	// First and Last say whether the run starts or ends the annotation:
	// the label badge is drawn at its very end, the note marker too.
	First, Last bool
	Note        bool // the annotation has a note
}

// A Segment is a run of a block's text: its code-point start in the
// article and the marks over it.
type Segment struct {
	Start int
	Text  string
	Marks []Mark
}

// A Block is one block of the article ready to draw.
type Block struct {
	article.Block
	Segments []Segment
}

// Placed pairs an annotation with where it was anchored.
type Placed struct {
	annotation.Annotation
	Match anchor.Match
}

// Blocks splits every block of a (whose canonical text is prepared as
// text) into segments under the placed annotations (orphans are skipped). labels gives each mention's hue by the
// index of its label. The cost is O((n + k) log k) for k annotations and n
// runs.
func Blocks(a *article.Article, text *anchor.Text, placed []Placed, labels []string) []Block {
	return Update(a, text, placed, labels, nil, nil)
}

// Update is Blocks that recomputes only the blocks for which dirty
// reports true, and takes the others from old unchanged (the same slices,
// which go-app compares in constant time). A nil old or dirty recomputes
// every block.
func Update(a *article.Article, text *anchor.Text, placed []Placed, labels []string, old []Block, dirty func(article.Block) bool) []Block {
	if len(old) != len(a.Blocks) {
		old, dirty = nil, nil
	}
	hue := make(map[string]int, len(labels))
	for i, l := range labels {
		hue[l] = i
	}
	// The placed annotations by start: indices into placed, which is
	// usually in document order already (then nothing is sorted).
	byStart := make([]int, 0, len(placed))
	for i := range placed {
		if p := &placed[i]; p.Match.Method != anchor.Orphan && !p.Deleted {
			byStart = append(byStart, i)
		}
	}
	start := func(k int) int { return placed[byStart[k]].Match.Start }
	for k := 1; k < len(byStart); k++ {
		if start(k) < start(k-1) {
			sort.SliceStable(byStart, func(i, j int) bool {
				return placed[byStart[i]].Match.Start < placed[byStart[j]].Match.Start
			})
			break
		}
	}
	// reach[k] is the furthest end among the first k+1: the annotations
	// before the first k whose reach passes a block's start all end before
	// it, so each block looks only at its own.
	reach := make([]int, len(byStart))
	for k := range byStart {
		reach[k] = placed[byStart[k]].Match.End
		if k > 0 {
			reach[k] = max(reach[k], reach[k-1])
		}
	}

	out := make([]Block, len(a.Blocks))
	for i, b := range a.Blocks {
		if dirty != nil && !dirty(b) {
			out[i] = old[i]
			continue
		}
		// Spans that can reach this block start before its end; those that
		// end before its start are clipped away by Segments.
		hi := sort.Search(len(byStart), func(k int) bool { return start(k) >= b.End })
		lo := sort.Search(hi, func(k int) bool { return reach[k] > b.Start })
		var local []anchor.Span
		byID := map[string]*Placed{}
		for _, k := range byStart[lo:hi] {
			if p := &placed[k]; p.Match.End > b.Start {
				local = append(local, anchor.Span{ID: p.ID, Start: p.Match.Start, End: p.Match.End})
				byID[p.ID] = p
			}
		}
		segs := anchor.Segments(b.Start, b.End, local)
		out[i].Block = b
		out[i].Segments = make([]Segment, len(segs))
		for j, sg := range segs {
			seg := Segment{Start: sg.Start, Text: text.Slice(sg.Start, sg.End)}
			if len(sg.IDs) > 0 {
				seg.Marks = make([]Mark, len(sg.IDs))
			}
			for m, id := range sg.IDs {
				p := byID[id]
				seg.Marks[m] = Mark{
					ID:    id,
					Kind:  p.Kind,
					Color: p.Color,
					Label: p.Label,
					Hue:   hue[p.Label],
					First: sg.Start == p.Match.Start,
					Last:  sg.End == p.Match.End,
					Note:  p.Note != "",
				}
			}
			out[i].Segments[j] = seg
		}
	}
	return out
}
