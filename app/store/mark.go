package store

import "strings"

// ValueMark starts every value the browser's Backend writes to
// localStorage. go-app's state store JSON-decodes every localStorage value
// when the app starts and then every minute, looking for its own expiring
// states; a record of 10,000 annotations is 4 MB of JSON to scan each time.
// A value that starts with a character no JSON can start with is given up
// at its first byte. The mark is not part of the record: Stored adds it and
// Unstored takes it off, at the Backend.
const ValueMark = "~"

// Stored returns value as the browser's Backend writes it.
func Stored(value string) string { return ValueMark + value }

// Unstored returns the value a Backend wrote as stored: without its mark,
// or unchanged if it has none (a value written before the mark existed).
func Unstored(stored string) string {
	v, _ := strings.CutPrefix(stored, ValueMark)
	return v
}
