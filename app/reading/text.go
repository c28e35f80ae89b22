package reading

import "strconv"

func Itoa(i int) string { return strconv.Itoa(i) }

// PluralWord picks the singular or plural form for n.
func PluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Plural writes n and the word in the right form: "1 note", "3 notes".
func Plural(n int, one, many string) string {
	return Itoa(n) + " " + PluralWord(n, one, many)
}

// Shorten cuts s to at most n code points, with an ellipsis.
func Shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// SpaceText says how much storage is used of how much the browser allows.
func SpaceText(used, quota float64) string {
	size := func(b float64) string {
		if b >= 1e9 {
			return strconv.FormatFloat(b/1e9, 'f', 1, 64) + " GB"
		}
		return strconv.FormatFloat(b/1e6, 'f', 1, 64) + " MB"
	}
	if quota <= 0 {
		return "Space used: " + size(used) + "."
	}
	return "Space: " + size(used) + " used of " + size(quota) + " this browser allows the site."
}
