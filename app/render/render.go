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
	// Suggested says the mark is a suggestion (an entity mention the
	// reader has not accepted), not an annotation: ID is the
	// suggestion's.
	Suggested bool
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

// Layers are what is drawn over the text: the placed annotations, in
// document order or nearly, and the suggestions, in document order and
// never overlapping one another.
type Layers struct {
	Placed    []Placed
	Suggested []Suggested
}

// A Suggested is an entity suggestion drawn over the text: its ID, label
// and code points (a few words where a Placed takes hundreds of bytes: a
// long article has tens of thousands).
type Suggested struct {
	ID, Label  string
	Start, End int
}

// Update is Blocks that recomputes only the blocks for which dirty
// reports true, and takes the others from old unchanged (the same slices,
// which paper compares in constant time). A nil old or dirty recomputes
// every block.
func Update(a *article.Article, text *anchor.Text, placed []Placed, labels []string, old []Block, dirty func(article.Block) bool) []Block {
	return UpdateFirst(a, text, Layers{Placed: placed}, labels, old, dirty, len(a.Blocks))
}

// UpdateFirst is Update that computes only the first n blocks: the others
// it would compute are left without segments (nil), for Fill to compute
// once they are to be drawn. A long article so opens as fast as a short
// one.
func UpdateFirst(a *article.Article, text *anchor.Text, placed Layers, labels []string, old []Block, dirty func(article.Block) bool, n int) []Block {
	if len(old) != len(a.Blocks) {
		old, dirty = nil, nil
	}
	var x *index
	out := make([]Block, len(a.Blocks))
	for i, b := range a.Blocks {
		switch {
		case dirty != nil && !dirty(b):
			out[i] = old[i]
		case i >= n:
			out[i] = Block{Block: b}
		default:
			if x == nil {
				x = newIndex(text, placed, labels)
			}
			out[i] = x.block(b)
		}
	}
	return out
}

// Fill computes the segments of the blocks among the first n that have
// none (see UpdateFirst), in place.
func Fill(text *anchor.Text, placed Layers, labels []string, blocks []Block, n int) {
	var x *index
	for i := range blocks[:min(n, len(blocks))] {
		if blocks[i].Segments == nil && blocks[i].End > blocks[i].Start {
			if x == nil {
				x = newIndex(text, placed, labels)
			}
			blocks[i] = x.block(blocks[i].Block)
		}
	}
}

// index finds the annotations over any block.
type index struct {
	text   *anchor.Text
	placed []Placed
	// suggested are in document order and never overlap: a block finds
	// its own by binary search, so that an index made at each edit never
	// walks them all (a long book has hundreds of thousands).
	suggested []Suggested
	hue       map[string]int
	byStart   []int // indices into placed, by start
	// reach[k] is the furthest end among byStart[:k+1]: the annotations
	// before the first k whose reach passes a block's start all end before
	// it, so each block looks only at its own.
	reach []int
}

func newIndex(text *anchor.Text, layers Layers, labels []string) *index {
	placed := layers.Placed
	x := &index{text: text, placed: placed, suggested: layers.Suggested, hue: make(map[string]int, len(labels))}
	for i, l := range labels {
		x.hue[l] = i
	}
	// placed is usually in document order already (then nothing is
	// sorted).
	x.byStart = make([]int, 0, len(placed))
	for i := range placed {
		if p := &placed[i]; p.Match.Method != anchor.Orphan && !p.Deleted {
			x.byStart = append(x.byStart, i)
		}
	}
	for k := 1; k < len(x.byStart); k++ {
		if x.start(k) < x.start(k-1) {
			sort.SliceStable(x.byStart, func(i, j int) bool {
				return placed[x.byStart[i]].Match.Start < placed[x.byStart[j]].Match.Start
			})
			break
		}
	}
	x.reach = make([]int, len(x.byStart))
	for k, i := range x.byStart {
		x.reach[k] = placed[i].Match.End
		if k > 0 {
			x.reach[k] = max(x.reach[k], x.reach[k-1])
		}
	}
	return x
}

func (x *index) start(k int) int { return x.placed[x.byStart[k]].Match.Start }

// block splits one block into segments under its annotations.
func (x *index) block(b article.Block) Block {
	hi := sort.Search(len(x.byStart), func(k int) bool { return x.start(k) >= b.End })
	lo := sort.Search(hi, func(k int) bool { return x.reach[k] > b.Start })
	var local []anchor.Span
	byID := map[string]*Placed{}
	for _, k := range x.byStart[lo:hi] {
		if p := &x.placed[k]; p.Match.End > b.Start {
			local = append(local, anchor.Span{ID: p.ID, Start: p.Match.Start, End: p.Match.End})
			byID[p.ID] = p
		}
	}
	var suggested map[string]*Suggested
	ss := x.suggested
	from := sort.Search(len(ss), func(k int) bool { return ss[k].End > b.Start })
	for k := from; k < len(ss) && ss[k].Start < b.End; k++ {
		if suggested == nil {
			suggested = map[string]*Suggested{}
		}
		local = append(local, anchor.Span{ID: ss[k].ID, Start: ss[k].Start, End: ss[k].End})
		suggested[ss[k].ID] = &ss[k]
	}
	segs := anchor.Segments(b.Start, b.End, local)
	out := Block{Block: b, Segments: make([]Segment, len(segs))}
	for j, sg := range segs {
		seg := Segment{Start: sg.Start, Text: x.text.Slice(sg.Start, sg.End)}
		if len(sg.IDs) > 0 {
			seg.Marks = make([]Mark, len(sg.IDs))
		}
		for m, id := range sg.IDs {
			if s, ok := suggested[id]; ok {
				seg.Marks[m] = Mark{
					ID: id, Kind: annotation.Mention, Label: s.Label, Hue: x.hue[s.Label],
					First: sg.Start == s.Start, Last: sg.End == s.End, Suggested: true,
				}
				continue
			}
			p := byID[id]
			seg.Marks[m] = Mark{
				ID:    id,
				Kind:  p.Kind,
				Color: p.Color,
				Label: p.Label,
				Hue:   x.hue[p.Label],
				First: sg.Start == p.Match.Start,
				Last:  sg.End == p.Match.End,
				Note:  p.Note != "",
			}
		}
		out.Segments[j] = seg
	}
	return out
}
