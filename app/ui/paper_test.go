package ui

import (
	"encoding/json"
	"marginalia/app/reading"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/annotation"
	"marginalia/app/article"
	"marginalia/app/render"
	"marginalia/seeds"
)

// markedBlock is a dek with marks of every kind, overlapping, one of them
// focused (m1): what TestAppendBlock and TestBlockDrawsWhatPaperDraws
// draw.
func markedBlock() render.Block {
	return render.Block{
		Block: article.Block{Kind: article.Dek, Start: 7},
		Segments: []render.Segment{
			{Start: 7, Text: "Kerry", Marks: []render.Mark{
				{ID: "h1", Kind: annotation.Highlight, Color: annotation.Green, First: true},
				{ID: "m1", Kind: annotation.Mention, Label: `Per"son`, Hue: 9, First: true, Last: true},
			}},
			{Start: 12, Text: "’s “aide” 😀"},
			{Start: 22, Text: "Oslo", Marks: []render.Mark{
				{ID: "h2", Kind: annotation.Highlight, Color: annotation.Blue, First: true, Last: true},
				{ID: "sug-22-26", Kind: annotation.Mention, Label: "Location", Hue: 2, First: true, Last: true, Suggested: true},
			}},
		},
	}
}

// TestAppendBlock checks paper.js's description of a block against what
// it must draw (TestBlockDrawsWhatPaperDraws checks that block draws the
// same).
func TestAppendBlock(t *testing.T) {
	var got []any
	if err := json.Unmarshal(appendBlock(nil, markedBlock(), "m1", ""), &got); err != nil {
		t.Fatal(err)
	}
	want := []any{"p", "dek", 7.0, []any{
		[]any{7.0, "Kerry", []any{
			[]any{"hl hl-green first", "h1"},
			[]any{"ent hue-1 first last focused", "m1", `Per"son`},
		}},
		[]any{12.0, "’s “aide” 😀", []any{}},
		[]any{22.0, "Oslo", []any{
			[]any{"hl hl-blue first last", "h2"},
			[]any{"sug hue-2 first last", "sug-22-26", "Location", 1.0},
		}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

// TestBlockDrawsWhatPaperDraws: the text is drawn by block on the server
// (and in these tests) and by paper.js in the browser, from paper's
// description; both must give the same elements: tag, class, offsets,
// text, and each mark with its class, IDs, label and title.
func TestBlockDrawsWhatPaperDraws(t *testing.T) {
	b := markedBlock()
	var desc []any
	if err := json.Unmarshal(appendBlock(nil, b, "m1", ""), &desc); err != nil {
		t.Fatal(err)
	}
	c := &block{Block: b, Focused: "m1"}
	d := app.NewClientTester(c)
	defer d.Close()
	// What paper.js's block and segment make of the description.
	tag, class, start := desc[0].(string), desc[1].(string), int(desc[2].(float64))
	el := app.Elem(tag).DataSet("start", start)
	if class != "" {
		el = app.Elem(tag).Class(class).DataSet("start", start)
	}
	match(t, c, app.TestPath(0), el)
	segs := desc[3].([]any)
	for i, s := range segs {
		s := s.([]any)
		path := app.TestPath(0, i)
		for _, m := range s[2].([]any) {
			m := m.([]any)
			mk := app.Elem("mark").Class(m[0].(string))
			switch {
			case len(m) == 4:
				mk = mk.DataSet("suggestion-id", m[1]).DataSet("suggested-label", m[2]).Title("Suggested: " + m[2].(string))
			case len(m) == 3:
				mk = mk.DataSet("annotation-id", m[1]).DataSet("label", m[2]).Title(m[2].(string))
			default:
				mk = mk.DataSet("annotation-id", m[1])
			}
			match(t, c, path, mk)
			path = append(path, 0)
		}
		match(t, c, path, app.Elem("span").DataSet("offset", int(s[0].(float64))))
		match(t, c, append(path, 0), app.Text(s[1].(string)))
	}
	match(t, c, app.TestPath(0, len(segs)), nil)
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
		{"other text", render.Segment{Start: 3, Text: "ward", Marks: seg.Marks}, "", "", "", "", false},
		{"a mark more", render.Segment{Start: 3, Text: "word", Marks: []render.Mark{{ID: "a"}, {ID: "b"}, {ID: "c"}}}, "", "", "", "", false},
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
	other := hl
	other.ID = "b"
	sug := render.Mark{ID: "m", Kind: annotation.Mention, Label: "Person", Suggested: true}
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
		{"another highlight", []render.Segment{seg(0, "x", hl)}, []render.Segment{seg(0, "x", other)}, false},
		{"a suggestion accepted", []render.Segment{seg(0, "x", sug)}, []render.Segment{seg(0, "x", ent)}, false},
		{"other text", []render.Segment{seg(0, "x", hl)}, []render.Segment{seg(0, "y", hl)}, false},
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

// blockOf returns the index of the block that holds code point at.
func blockOf(w *reading.Workspace, at int) int {
	for i, b := range w.Blocks() {
		if b.Start <= at && at < b.End {
			return i
		}
	}
	return -1
}

// opSummary describes a paper.js call: its function, block, range, and
// how many entries its description has.
func opSummary(t *testing.T, op paperOp) string {
	t.Helper()
	s := op.fn + " " + reading.Itoa(op.block)
	switch op.fn {
	case "splice":
		s += " from " + reading.Itoa(op.from) + " replacing " + reading.Itoa(op.count)
	case "restyle":
		s += " from " + reading.Itoa(op.from)
	}
	if op.json != "" {
		var entries []any
		if err := json.Unmarshal([]byte(op.json), &entries); err != nil {
			t.Fatalf("%s: %v in %s", op.fn, err, op.json)
		}
		s += " with " + reading.Itoa(len(entries))
	}
	return s
}

// TestPaperPlan checks what the browser is asked to draw, step by step:
// the first paint appends the blocks; a new highlight splices the runs it
// changed in its block; a colour, the focus or a flash restyles the marks
// in place; fewer blocks truncate; nothing changed, nothing drawn (nor
// when a block is made anew the same as it was drawn).
func TestPaperPlan(t *testing.T) {
	w := reading.NewWorkspace(seeds.Articles()[0])
	var p paper
	var id, other string
	var focused, flash string
	n := 6
	s, _ := quoteAt(t, w, "marathon talks", 1)
	hb := blockOf(w, s)
	if hb < 0 || hb >= n {
		t.Fatalf("“marathon talks” is in block %d", hb)
	}
	s2, _ := quoteAt(t, w, "Kerry", 2)
	kb := blockOf(w, s2)
	if kb >= hb {
		t.Fatalf("the second “Kerry” is in block %d, not before %d", kb, hb)
	}
	steps := []struct {
		name string
		do   func()
		want []string
		has  string // a string the descriptions must hold
	}{
		{"first paint", func() {}, []string{"append 0 with 6"}, `"article-title"`},
		{"nothing changed", func() {}, nil, ""},
		{"a highlight", func() { s, e := quoteAt(t, w, "marathon talks", 1); id, _ = w.Highlight(s, e, annotation.Green) },
			[]string{"splice " + reading.Itoa(hb) + " from 0 replacing 1 with 3"}, `"hl hl-green first last"`},
		{"its colour", func() { w.SetColor(id, annotation.Blue) },
			[]string{"restyle " + reading.Itoa(hb) + " from 1 with 1"}, `"hl hl-blue first last"`},
		{"focused and flashing", func() { focused, flash = id, id },
			[]string{"restyle " + reading.Itoa(hb) + " from 1 with 1"}, `"hl hl-blue first last focused flash"`},
		{"the flash ends", func() { flash = "" },
			[]string{"restyle " + reading.Itoa(hb) + " from 1 with 1"}, `"hl hl-blue first last focused"`},
		{"a note", func() { w.SetNote(id, "one") },
			[]string{"restyle " + reading.Itoa(hb) + " from 1 with 1"}, `"hl hl-blue first last has-note focused"`},
		{"the note edited: the block is made anew, the same", func() { w.SetNote(id, "two") }, nil, ""},
		{"a mention elsewhere takes the focus", func() {
			other, _, _ = w.Tag(s2, s2+5, "Person", reading.LinkAuto)
			focused = other
		}, []string{"splice " + reading.Itoa(kb) + " from 0 replacing 1 with 3", "restyle " + reading.Itoa(hb) + " from 1 with 1"}, `"ent hue-0 first last focused","`},
		{"two blocks fewer", func() { n = 4 }, []string{"truncate 4"}, ""},
		{"and back", func() { n = 6 }, []string{"append 0 with 2"}, ""},
	}
	for _, st := range steps {
		st.do()
		f, _ := w.Get(focused)
		fl, _ := w.Get(flash)
		w.Show(n)
		ops := p.plan(w, n, f, fl)
		var got []string
		all := ""
		for _, op := range ops {
			got = append(got, opSummary(t, op))
			all += op.json
		}
		if !reflect.DeepEqual(got, st.want) {
			t.Fatalf("%s: %q, want %q", st.name, got, st.want)
		}
		if !strings.Contains(all, st.has) {
			t.Errorf("%s: the descriptions lack %s: %s", st.name, st.has, all)
		}
	}
}

// quoteAt returns the code-point range of the n-th (from 1) occurrence of
// quote in w's article.
func quoteAt(t *testing.T, w *reading.Workspace, quote string, n int) (int, int) {
	t.Helper()
	parts := strings.SplitN(w.Article().Text, quote, n+1)
	if len(parts) <= n {
		t.Fatalf("no %q (%d) in the article", quote, n)
	}
	start := utf8.RuneCountInString(strings.Join(parts[:n], quote))
	return start, start + utf8.RuneCountInString(quote)
}
