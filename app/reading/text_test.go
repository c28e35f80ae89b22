package reading

import "testing"

// TestPlural: counts in messages take the singular for one and the plural
// for every other number, zero included.
func TestPlural(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "0 notes"},
		{1, "1 note"},
		{2, "2 notes"},
		{21, "21 notes"},
	}
	for _, tt := range tests {
		if got := Plural(tt.n, "note", "notes"); got != tt.want {
			t.Errorf("Plural(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// TestShorten: a long text is cut to n code points, the last an ellipsis;
// one of n code points or fewer is kept whole, and code points are never
// split (accented letters and emoji count as one).
func TestShorten(t *testing.T) {
	tests := []struct {
		s    string
		n    int
		want string
	}{
		{"Kerry", 10, "Kerry"},
		{"Kerry", 5, "Kerry"},
		{"Kerry!", 5, "Kerr…"},
		{"marathon talks", 9, "marathon…"},
		{"Ébène écrite", 4, "Ébè…"},
		{"😀😀😀😀", 3, "😀😀…"},
		{"", 3, ""},
	}
	for _, tt := range tests {
		if got := Shorten(tt.s, tt.n); got != tt.want {
			t.Errorf("Shorten(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}
