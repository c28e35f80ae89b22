package ui

import "strconv"

func itoa(i int) string { return strconv.Itoa(i) }

// pluralWord picks the singular or plural form for n.
func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// plural writes n and the word in the right form: "1 note", "3 notes".
func plural(n int, one, many string) string {
	return itoa(n) + " " + pluralWord(n, one, many)
}

// shorten cuts s to at most n code points, with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
