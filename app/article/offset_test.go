package article

import (
	"errors"
	"testing"
	"unicode/utf8"
)

func TestSlice(t *testing.T) {
	const s = "it’s “ok” 😀!"
	tests := []struct {
		start, end int
		want       string
		err        bool
	}{
		{0, 4, "it’s", false},
		{5, 9, "“ok”", false},
		{10, 11, "😀", false},
		{11, 12, "!", false},
		{12, 12, "", false},
		{0, 13, "", true},
		{-1, 2, "", true},
		{3, 2, "", true},
	}
	for _, tt := range tests {
		got, err := Slice(s, tt.start, tt.end)
		var re *RangeError
		if tt.err != errors.As(err, &re) || got != tt.want {
			t.Errorf("Slice(%q, %d, %d) = %q, %v; want %q (error %v)", s, tt.start, tt.end, got, err, tt.want, tt.err)
		}
	}
}

func TestUTF16(t *testing.T) {
	const s = "a’😀“b"
	// code points: a ’ 😀 “ b  = 5; UTF-16 units: 1 1 2 1 1 = 6
	if got := UTF16Len(s); got != 6 {
		t.Errorf("UTF16Len = %d, want 6", got)
	}
	tests := []struct{ units, points int }{
		{0, 0}, {1, 1}, {2, 2}, {3, 2}, {4, 3}, {5, 4}, {6, 5}, {9, 5},
	}
	for _, tt := range tests {
		if got := CodePointsFromUTF16(s, tt.units); got != tt.points {
			t.Errorf("CodePointsFromUTF16(%q, %d) = %d, want %d", s, tt.units, got, tt.points)
		}
	}
	for p := 0; p <= utf8.RuneCountInString(s); p++ {
		u := UTF16FromCodePoints(s, p)
		if back := CodePointsFromUTF16(s, u); back != p {
			t.Errorf("round trip of %d code points: %d units, back %d", p, u, back)
		}
	}
}
