package ui

import (
	"encoding/json"
	"reflect"
	"testing"

	"marginalia/app/annotation"
	"marginalia/app/article"
	"marginalia/app/render"
)

// TestAppendBlock checks paper.js's description of a block against what
// it must draw: the same tag, class, offsets, text and marks as block.
func TestAppendBlock(t *testing.T) {
	b := render.Block{
		Block: article.Block{Kind: article.Dek, Start: 7},
		Segments: []render.Segment{
			{Start: 7, Text: "Kerry", Marks: []render.Mark{
				{ID: "h1", Kind: annotation.Highlight, Color: annotation.Green, First: true},
				{ID: "m1", Kind: annotation.Mention, Label: `Per"son`, Hue: 9, First: true, Last: true},
			}},
			{Start: 12, Text: "’s “aide” 😀"},
		},
	}
	var got []any
	if err := json.Unmarshal(appendBlock(nil, b, "m1", ""), &got); err != nil {
		t.Fatal(err)
	}
	want := []any{"p", "dek", 7.0, []any{
		[]any{7.0, "Kerry", []any{
			[]any{"hl hl-green first", "h1"},
			[]any{"ent hue-1 first last focused", "m1", `Per"son`},
		}},
		[]any{12.0, "’s “aide” 😀", []any{}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestSameSegment(t *testing.T) {
	seg := render.Segment{Start: 3, Text: "word", Marks: []render.Mark{{ID: "a"}, {ID: "b"}}}
	other := seg
	other.Marks = []render.Mark{{ID: "a"}, {ID: "c"}}
	tests := []struct {
		name             string
		b                render.Segment
		fa, fla, fb, flb string
		want             bool
	}{
		{"same", seg, "", "", "", "", true},
		{"other marks", other, "", "", "", "", false},
		{"moved", render.Segment{Start: 4, Text: "word", Marks: seg.Marks}, "", "", "", "", false},
		{"focus on a mark of it", seg, "", "", "a", "", false},
		{"focus elsewhere", seg, "x", "", "y", "", true},
		{"flash ends", seg, "", "b", "", "", false},
	}
	for _, tt := range tests {
		if got := sameSegment(seg, tt.b, tt.fa, tt.fla, tt.fb, tt.flb); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSameShape(t *testing.T) {
	seg := func(start int, text string, marks ...render.Mark) render.Segment {
		return render.Segment{Start: start, Text: text, Marks: marks}
	}
	hl := render.Mark{ID: "a", Kind: annotation.Highlight, Color: annotation.Yellow}
	green := hl
	green.Color, green.Note = annotation.Green, true
	ent := render.Mark{ID: "m", Kind: annotation.Mention, Label: "Person"}
	relabelled := ent
	relabelled.Label = "Place"
	tests := []struct {
		name string
		a, b []render.Segment
		want bool
	}{
		{"same", []render.Segment{seg(0, "x", hl)}, []render.Segment{seg(0, "x", hl)}, true},
		{"colour and note only", []render.Segment{seg(0, "x", hl, ent)}, []render.Segment{seg(0, "x", green, ent)}, true},
		{"none", nil, nil, true},
		{"a mark more", []render.Segment{seg(0, "x", hl)}, []render.Segment{seg(0, "x", hl, ent)}, false},
		{"another annotation", []render.Segment{seg(0, "x", hl)}, []render.Segment{seg(0, "x", ent)}, false},
		{"a label renamed", []render.Segment{seg(0, "x", ent)}, []render.Segment{seg(0, "x", relabelled)}, false},
		{"split", []render.Segment{seg(0, "xy", hl)}, []render.Segment{seg(0, "x", hl), seg(1, "y", hl)}, false},
		{"moved", []render.Segment{seg(0, "x", hl)}, []render.Segment{seg(1, "x", hl)}, false},
	}
	for _, tt := range tests {
		if got := sameShape(tt.a, tt.b); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
