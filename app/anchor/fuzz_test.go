package anchor

import (
	"testing"
	"unicode/utf8"

	"marginalia/app/annotation"
)

// FuzzAnchor anchors arbitrary targets in arbitrary texts: Anchor must
// never panic and always return a range that fits the text; a range that
// Describe made on the same text must come back exactly.
func FuzzAnchor(f *testing.F) {
	f.Add("He said “no” — 😀 it’s over.", 3, 7, "it’s", "said ", " over", 10, 14)
	f.Add("Kerry met Kerry. Kerry left.", 0, 5, "Kerry", "", " met", 17, 22)
	f.Add("a  b\n\nc", 0, 4, "A B", "", "", 0, 3)
	f.Add("", 0, 0, "x", "", "", 0, 1)
	f.Fuzz(func(t *testing.T, text string, start, end int, exact, prefix, suffix string, pstart, pend int) {
		if !utf8.ValidString(text) {
			return
		}
		tx := NewText(text)
		m := tx.Anchor(annotation.Target{
			Quote:    annotation.TextQuote{Exact: exact, Prefix: prefix, Suffix: suffix},
			Position: annotation.TextPosition{Start: pstart, End: pend},
		})
		if m.Method != Orphan && (m.Start < 0 || m.End > tx.Len() || m.Start >= m.End) {
			t.Fatalf("Anchor returned [%d,%d) for a text of %d", m.Start, m.End, tx.Len())
		}
		tg, err := tx.Describe(start, end)
		if err != nil {
			return
		}
		if m := tx.Anchor(tg); m.Method != Position || m.Start != start || m.End != end {
			t.Fatalf("Describe(%d, %d) then Anchor = %+v", start, end, m)
		}
	})
}
