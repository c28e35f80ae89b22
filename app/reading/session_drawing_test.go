package reading

import (
	"strings"
	"testing"

	"marginalia/app/annotation"
)

// paragraph is a paragraph of n code points (n a multiple of 10).
func paragraph(n int) string {
	return strings.Repeat("abcdefghi ", n/10)[:n-1] + "."
}

// longRead is an article of a title and count paragraphs, each of n code
// points (the title too).
func longRead(t *testing.T, count, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(paragraph(n) + "\n\n")
	for range count {
		b.WriteString(paragraph(n) + "\n\n")
	}
	return b.String()
}

// TestFirstDrawnSteps: a long article first draws what a tall screen
// shows: the blocks up to FirstChars characters, at most FirstBlocks of
// them; a short one is drawn whole at once.
func TestFirstDrawnSteps(t *testing.T) {
	tests := []struct {
		name     string
		count, n int // paragraphs after the title, and their length
		want     int
	}{
		{"short: all at once", 4, 100, 5},
		{"many short blocks: FirstBlocks", 120, 10, FirstBlocks},
		{"just FirstBlocks blocks", FirstBlocks - 1, 10, FirstBlocks},
		{"long blocks: up to FirstChars", 20, 1000, FirstChars / 1000},
		{"blocks that pass FirstChars", 20, 1010, FirstChars/1010 + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			art := parseText(t, longRead(t, tt.count, tt.n))
			if len(art.Blocks) != tt.count+1 || art.Blocks[1].End-art.Blocks[1].Start != tt.n {
				t.Fatalf("the article has %d blocks of %d", len(art.Blocks), art.Blocks[1].End-art.Blocks[1].Start)
			}
			s := Open(art, &fakePage{}, Options{Stepped: true})
			if s.Drawn() != tt.want {
				t.Errorf("drew %d blocks first, want %d", s.Drawn(), tt.want)
			}
		})
	}
}

// TestSessionDrawsEveryStep: a long article draws MoreBlocks more blocks a
// frame, redrawing each time, until all are drawn; then it stops. Once
// all is drawn (opening an annotation at the end drew the rest), the step
// that was due redraws nothing.
func TestSessionDrawsEveryStep(t *testing.T) {
	art := parseText(t, longRead(t, 700, 100))
	p := &fakePage{}
	s := Open(art, p, Options{Stepped: true})
	want := s.Drawn()
	for frame := 1; want < len(art.Blocks); frame++ {
		p.advance(drawStep)
		want = min(len(art.Blocks), want+MoreBlocks)
		if s.Drawn() != want || p.shows != frame {
			t.Fatalf("frame %d: drawn %d, want %d; %d redraws", frame, s.Drawn(), want, p.shows)
		}
	}
	shows := p.shows
	for range 5 {
		p.advance(drawStep)
	}
	if p.shows != shows {
		t.Errorf("%d redraws after everything was drawn", p.shows-shows)
	}

	p = &fakePage{}
	s = Open(art, p, Options{Stepped: true})
	last := s.ws.blocks[len(s.ws.blocks)-1]
	id, err := s.ws.Highlight(last.Start, last.Start+9, annotation.Green)
	if err != nil {
		t.Fatal(err)
	}
	s.Act(Action{Do: DoOpen, ID: id})
	if s.Drawn() != len(art.Blocks) {
		t.Fatalf("opening the last paragraph's highlight drew %d of %d", s.Drawn(), len(art.Blocks))
	}
	p.advance(drawStep)
	if p.shows != 0 {
		t.Errorf("the step due after all was drawn redrew %d times", p.shows)
	}
}

// TestSessionOpenDrawsUpToTheAnnotation: opening an annotation in a block
// not drawn yet draws the blocks up to its own, the first undrawn one
// included; an annotation already drawn, or an orphan, draws nothing
// more.
func TestSessionOpenDrawsUpToTheAnnotation(t *testing.T) {
	art := parseText(t, longRead(t, 700, 100))
	tests := []struct {
		name  string
		block func(first int) int // the block the highlight is in ( -1: an orphan)
		want  func(first int) int // then drawn
	}{
		{"in the first block not drawn", func(first int) int { return first }, func(first int) int { return first + 1 }},
		{"further down", func(first int) int { return 500 }, func(first int) int { return 501 }},
		{"in the last block drawn", func(first int) int { return first - 1 }, func(first int) int { return first }},
		{"an orphan", func(first int) int { return -1 }, func(first int) int { return first }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Open(art, &fakePage{}, Options{Stepped: true})
			first := s.Drawn()
			var id string
			if k := tt.block(first); k >= 0 {
				b := s.ws.blocks[k]
				var err error
				if id, err = s.ws.Highlight(b.Start+10, b.Start+19, annotation.Green); err != nil {
					t.Fatal(err)
				}
			} else {
				id = "orphan"
				if err := s.ws.set.Apply(annotation.Edit{Put: []annotation.Annotation{{
					ID: id, Kind: annotation.Highlight, Color: annotation.Pink,
					Target: annotation.Target{Quote: annotation.TextQuote{Exact: "not in this article at all"}},
				}}}); err != nil {
					t.Fatal(err)
				}
				s.ws.refresh()
			}
			s.Act(Action{Do: DoOpen, ID: id})
			if s.focused != id || s.Drawn() != tt.want(first) {
				t.Errorf("opened %q; drawn %d, want %d", s.focused, s.Drawn(), tt.want(first))
			}
		})
	}
}
