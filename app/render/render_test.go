package render

import (
	"reflect"
	"testing"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/article"
)

func TestBlocks(t *testing.T) {
	a, err := article.Parse("Title\n\nDek here\n\nKerry’s aide 😀 said no.\n\nSecond para.")
	if err != nil {
		t.Fatal(err)
	}
	p := a.Paragraphs()[0] // "Kerry’s aide 😀 said no." starts at p.Start
	at := func(off, n int) anchor.Match {
		return anchor.Match{Start: p.Start + off, End: p.Start + off + n, Method: anchor.Position}
	}
	placed := []Placed{
		{annotation.Annotation{ID: "hl", Kind: annotation.Highlight, Color: annotation.Green, Note: "n"}, at(0, 12)}, // "Kerry’s aide"
		{annotation.Annotation{ID: "m", Kind: annotation.Mention, Label: "Person"}, at(0, 5)},                        // "Kerry"
		{annotation.Annotation{ID: "x", Kind: annotation.Highlight, Color: annotation.Pink}, anchor.Match{Start: p.Start + 13, End: a.Paragraphs()[1].Start + 6, Method: anchor.Exact}},
		{annotation.Annotation{ID: "orphan", Kind: annotation.Highlight}, anchor.Match{Method: anchor.Orphan}},
	}
	blocks := Blocks(&a, anchor.NewText(a.Text), placed, []string{"Person", "Organization"})
	if len(blocks) != 4 {
		t.Fatalf("%d blocks", len(blocks))
	}
	if segs := blocks[0].Segments; len(segs) != 1 || segs[0].Text != "Title" || segs[0].Marks != nil {
		t.Errorf("title segments %+v", segs)
	}
	got := blocks[2].Segments
	want := []Segment{
		{Start: p.Start, Text: "Kerry", Marks: []Mark{
			{ID: "hl", Kind: annotation.Highlight, Color: annotation.Green, First: true, Note: true},
			{ID: "m", Kind: annotation.Mention, Label: "Person", Hue: 0, First: true, Last: true},
		}},
		{Start: p.Start + 5, Text: "’s aide", Marks: []Mark{{ID: "hl", Kind: annotation.Highlight, Color: annotation.Green, Last: true, Note: true}}},
		{Start: p.Start + 12, Text: " "},
		{Start: p.Start + 13, Text: "😀 said no.", Marks: []Mark{{ID: "x", Kind: annotation.Highlight, Color: annotation.Pink, First: true}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("paragraph segments:\n got %+v\nwant %+v", got, want)
	}
	// The highlight across two paragraphs ends in the second.
	second := blocks[3].Segments
	if len(second) != 2 || second[0].Text != "Second" || len(second[0].Marks) != 1 || !second[0].Marks[0].Last || second[0].Marks[0].First {
		t.Errorf("second paragraph %+v", second)
	}
	// Every block's segments put together give its text.
	for _, b := range blocks {
		s := ""
		for _, g := range b.Segments {
			s += g.Text
		}
		if s != b.Text {
			t.Errorf("segments of %q give %q", b.Text, s)
		}
	}
}

func TestUpdateReusesCleanBlocks(t *testing.T) {
	a, _ := article.Parse("Title\n\nDek\n\nOne two three.\n\nFour five six.")
	text := anchor.NewText(a.Text)
	p := a.Paragraphs()
	one := Placed{annotation.Annotation{ID: "a", Kind: annotation.Highlight, Color: annotation.Yellow}, anchor.Match{Start: p[0].Start, End: p[0].Start + 3, Method: anchor.Position}}
	old := Blocks(&a, text, []Placed{one}, nil)
	two := Placed{annotation.Annotation{ID: "b", Kind: annotation.Highlight, Color: annotation.Blue}, anchor.Match{Start: p[1].Start, End: p[1].Start + 4, Method: anchor.Position}}
	dirty := func(b article.Block) bool { return b.Start == p[1].Start }
	got := Update(&a, text, []Placed{one, two}, nil, old, dirty)
	if &got[2].Segments[0] != &old[2].Segments[0] {
		t.Error("a clean block was recomputed")
	}
	if len(got[3].Segments) != 2 || got[3].Segments[0].Marks[0].ID != "b" {
		t.Errorf("the dirty block: %+v", got[3].Segments)
	}
	if full := Blocks(&a, text, []Placed{one, two}, nil); !reflect.DeepEqual(full, got) {
		t.Error("Update differs from Blocks")
	}
}
