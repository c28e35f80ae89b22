package article

import (
	"fmt"
	"unicode/utf8"
)

// A RangeError reports a code-point range that does not fit a text.
type RangeError struct {
	Start, End int
	Len        int // length of the text, in code points
}

func (e *RangeError) Error() string {
	return fmt.Sprintf("article: range [%d,%d) outside text of %d code points", e.Start, e.End, e.Len)
}

// Slice returns the code points [start, end) of s. It returns a *RangeError
// if the range is reversed, negative or reaches past the end of s.
func Slice(s string, start, end int) (string, error) {
	if start < 0 || end < start {
		return "", &RangeError{start, end, utf8.RuneCountInString(s)}
	}
	bs, ok := byteOffset(s, 0, start)
	if !ok {
		return "", &RangeError{start, end, utf8.RuneCountInString(s)}
	}
	be, ok := byteOffset(s, bs, end-start)
	if !ok {
		return "", &RangeError{start, end, utf8.RuneCountInString(s)}
	}
	return s[bs:be], nil
}

// byteOffset returns the byte offset of the n-th code point of s counted
// from byte offset from, and false if s has fewer code points.
func byteOffset(s string, from, n int) (int, bool) {
	i := from
	for ; n > 0; n-- {
		if i >= len(s) {
			return 0, false
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i, true
}

// UTF16Len returns the length of s in UTF-16 code units, the unit that DOM
// offsets count.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16Width(r)
	}
	return n
}

// CodePointsFromUTF16 converts an offset in UTF-16 code units into s to an
// offset in code points. An offset inside a surrogate pair rounds down to the
// pair's code point; one past the end gives the length of s.
func CodePointsFromUTF16(s string, units int) int {
	n, u := 0, 0
	for _, r := range s {
		u += utf16Width(r)
		if u > units {
			return n
		}
		n++
	}
	return n
}

// UTF16FromCodePoints converts an offset in code points into s to an offset
// in UTF-16 code units. Offsets past the end give the length of s in units.
func UTF16FromCodePoints(s string, points int) int {
	u := 0
	for _, r := range s {
		if points == 0 {
			break
		}
		u += utf16Width(r)
		points--
	}
	return u
}

func utf16Width(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
