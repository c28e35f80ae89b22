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
	byID := make(map[string]*Placed, len(placed))
	var spans []anchor.Span
	for i := range placed {
		p := &placed[i]
		if p.Match.Method == anchor.Orphan || p.Deleted {
			continue
		}
		byID[p.ID] = p
		spans = append(spans, anchor.Span{ID: p.ID, Start: p.Match.Start, End: p.Match.End})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })

	out := make([]Block, len(a.Blocks))
	for i, b := range a.Blocks {
		if dirty != nil && !dirty(b) {
			out[i] = old[i]
			continue
		}
		// Spans that can reach this block start before its end; those that
		// end before its start are clipped away by Segments.
		hi := sort.Search(len(spans), func(k int) bool { return spans[k].Start >= b.End })
		var local []anchor.Span
		for _, s := range spans[:hi] {
			if s.End > b.Start {
				local = append(local, s)
			}
		}
		segs := anchor.Segments(b.Start, b.End, local)
		out[i].Block = b
		out[i].Segments = make([]Segment, len(segs))
		for j, sg := range segs {
			seg := Segment{Start: sg.Start, Text: text.Slice(sg.Start, sg.End)}
			for _, id := range sg.IDs {
				p := byID[id]
				seg.Marks = append(seg.Marks, Mark{
					ID:    id,
					Kind:  p.Kind,
					Color: p.Color,
					Label: p.Label,
					Hue:   hue[p.Label],
					First: sg.Start == p.Match.Start,
					Last:  sg.End == p.Match.End,
					Note:  p.Note != "",
				})
			}
			out[i].Segments[j] = seg
		}
	}
	return out
}
