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

// TestBlocksMatchesEverySpan checks Blocks, which looks at each block's own
// annotations only, against segmenting every block with every annotation,
// on random annotations: long ones across blocks, placed out of document
// order, orphans and deleted ones.
func TestBlocksMatchesEverySpan(t *testing.T) {
	a, err := article.Parse("Title\n\nA dek.\n\nOne two three four five.\n\nSix seven eight.\n\nNine ten eleven twelve thirteen.\n\nFourteen.")
	if err != nil {
		t.Fatal(err)
	}
	text := anchor.NewText(a.Text)
	n := text.Len()
	rng := uint64(1)
	rand := func(k int) int {
		rng = rng*6364136223846793005 + 1442695040888963407
		return int(rng>>33) % k
	}
	for round := range 300 {
		var placed []Placed
		for i := range rand(12) {
			s := rand(n)
			e := s + 1 + rand(min(n-s, 1+rand(2)*40))
			m := anchor.Match{Start: s, End: min(e, n), Method: anchor.Exact}
			if rand(10) == 0 {
				m = anchor.Match{Method: anchor.Orphan}
			}
			p := Placed{annotation.Annotation{ID: string(rune('a' + i)), Kind: annotation.Highlight, Color: annotation.Blue, Deleted: rand(10) == 0}, m}
			placed = append(placed, p)
		}
		// Suggestions, in document order and apart, drawn with the
		// annotations.
		var suggested []Suggested
		for i, at := 0, rand(n/4); i < 6 && at < n-1; i, at = i+1, at+1+rand(n/4) {
			end := min(at+1+rand(20), n)
			suggested = append(suggested, Suggested{ID: "s" + string(rune('a'+i)), Label: "Person", Start: at, End: end})
			at = end
		}
		layers := Layers{Placed: placed, Suggested: suggested}
		got := UpdateFirst(&a, text, layers, nil, nil, nil, len(a.Blocks))
		if len(suggested) == 0 && !reflect.DeepEqual(got, Blocks(&a, text, placed, nil)) {
			t.Fatalf("round %d: UpdateFirst differs from Blocks", round)
		}
		// Computed lazily, the blocks come out the same.
		lazy := UpdateFirst(&a, text, layers, nil, nil, nil, 2)
		for i, b := range lazy {
			if (i < 2) != (b.Segments != nil) {
				t.Fatalf("UpdateFirst(2): block %d has segments %v", i, b.Segments)
			}
		}
		Fill(text, layers, nil, lazy, 4)
		Fill(text, layers, nil, lazy, len(lazy))
		if !reflect.DeepEqual(lazy, got) {
			t.Fatalf("round %d: filled lazily\n%+v\nwant\n%+v", round, lazy, got)
		}
		var spans []anchor.Span
		for _, p := range placed {
			if p.Match.Method != anchor.Orphan && !p.Deleted {
				spans = append(spans, anchor.Span{ID: p.ID, Start: p.Match.Start, End: p.Match.End})
			}
		}
		for _, p := range suggested {
			spans = append(spans, anchor.Span{ID: p.ID, Start: p.Start, End: p.End})
		}
		for i, b := range a.Blocks {
			want := anchor.Segments(b.Start, b.End, spans)
			segs := got[i].Segments
			if len(segs) != len(want) {
				t.Fatalf("round %d, block %d: %d segments, want %d", round, i, len(segs), len(want))
			}
			for j, w := range want {
				ids := make([]string, len(segs[j].Marks))
				for k, m := range segs[j].Marks {
					ids[k] = m.ID
					if m.Suggested != (m.ID[0] == 's') {
						t.Fatalf("round %d, block %d, segment %d: mark %s Suggested %v", round, i, j, m.ID, m.Suggested)
					}
				}
				if segs[j].Start != w.Start || segs[j].Text != text.Slice(w.Start, w.End) || !reflect.DeepEqual(ids, append([]string{}, w.IDs...)) {
					t.Fatalf("round %d, block %d, segment %d: %+v, want %+v", round, i, j, segs[j], w)
				}
			}
		}
	}
}
