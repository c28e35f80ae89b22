package reading

import (
	"strings"
	"testing"
	"time"

	"marginalia/app/annotation"
	"marginalia/app/webanno"
	"marginalia/seeds"
)

// TestImportReportString: what the import says, part by part: the count
// of new and newer ones, how they were placed, orphans (and the article
// they came from), what was already here and what was skipped.
func TestImportReportString(t *testing.T) {
	tests := []struct {
		rep  importReport
		want string
	}{
		{importReport{Added: 2, Exact: 2}, "Imported 2 · 2 placed exactly"},
		{importReport{Added: 3, Updated: 1, Exact: 2, Approximate: 2},
			"Imported 4 (1 newer than here) · 2 placed exactly · 2 placed approximately (review them)"},
		{importReport{Added: 1, Orphans: 1}, "Imported 1 · 1 kept as an orphan (see Orphans)"},
		{importReport{Added: 2, Orphans: 2, Elsewhere: "“A digest”"}, "Imported 2 · 2 kept as orphans (from “A digest”; see Orphans)"},
		{importReport{Present: 5}, "Imported 0 · 5 already present"},
		{importReport{Added: 1, Exact: 1, Skipped: 1}, "Imported 1 · 1 placed exactly · 1 item was not annotations of text"},
		{importReport{Added: 1, Exact: 1, Skipped: 3}, "Imported 1 · 1 placed exactly · 3 items were not annotations of text"},
	}
	for _, tt := range tests {
		if got := tt.rep.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.rep, got, tt.want)
		}
	}
}

// TestLooksBinary: a text file passes whatever its line ends, tabs and
// form feeds; a file with a NUL, or with more than one control character
// in a hundred (plus one), is taken for binary and refused.
func TestLooksBinary(t *testing.T) {
	text := func(n int) []byte { return []byte(strings.Repeat("a", n)) }
	with := func(b []byte, every int, c byte) []byte {
		b = append([]byte(nil), b...)
		for i := 0; i < len(b); i += every {
			b[i] = c
		}
		return b
	}
	controls := func(n, bad int) []byte {
		b := text(n)
		for i := range bad {
			b[i*7] = 0x01
		}
		return b
	}
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"plain text", text(1000), false},
		{"CRLF lines", with(with(text(1000), 3, '\r'), 3+1, '\n'), false},
		{"newlines", with(text(1000), 2, '\n'), false},
		{"tabs", with(text(1000), 2, '\t'), false},
		{"carriage returns", with(text(1000), 2, '\r'), false},
		{"form feeds", with(text(1000), 2, '\f'), false},
		{"a NUL", append(text(1000), 0), true},
		{"11 control characters in 1000: the most text may have", controls(1000, 11), false},
		{"12 in 1000", controls(1000, 12), true},
		{"1 in 50", controls(50, 1), false},
		{"2 in 50", controls(50, 2), true},
		{"escape characters throughout", with(text(1000), 5, 0x1b), true},
		{"nothing", nil, false},
	}
	for _, tt := range tests {
		if got := looksBinary(tt.data); got != tt.want {
			t.Errorf("%s: binary %v, want %v", tt.name, got, tt.want)
		}
	}
	w := NewWorkspace(seeds.Articles()[0])
	if _, err := w.ImportJSON(with(text(1000), 5, 0x1b), ArticleName); err == nil || !strings.Contains(err.Error(), "it looks binary") {
		t.Errorf("a binary file: %v", err)
	}
}

// TestImportSizeLimit: a file of exactly webanno.MaxSize bytes is read; a
// byte more is refused with its size and the limit.
func TestImportSizeLimit(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	at := `[` + strings.Repeat(" ", webanno.MaxSize-2) + `]`
	_, err := w.ImportJSON([]byte(at), ArticleName)
	if err == nil || strings.Contains(err.Error(), "limit") {
		t.Errorf("a file at the limit: %v", err)
	}
	_, err = w.ImportJSON([]byte(at+" "), ArticleName)
	if want := "the file is 20.0 MB; the limit is 20 MB"; err == nil || err.Error() != want {
		t.Errorf("a byte over the limit: %v, want %q", err, want)
	}
}

// TestImportAddsLabels: an import brings the labels of its mentions into
// the article's list, a mention without an entity's too; a highlight
// brings none.
func TestImportAddsLabels(t *testing.T) {
	w := NewWorkspace(seeds.Articles()[0])
	pos := func(quote string) string {
		s, e := at(t, w, quote, 1)
		return `{"type": "TextPositionSelector", "start": ` + Itoa(s) + `, "end": ` + Itoa(e) + `}`
	}
	data := `[{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "#1", "type": "Annotation",
		"body": [{"type": "TextualBody", "value": "Parliament", "purpose": "classifying"}],
		"target": {"selector": [{"type": "TextQuoteSelector", "exact": "Knesset"}, ` + pos("Knesset") + `]}},
		{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "#2", "type": "Annotation",
		"body": [{"type": "TextualBody", "value": "important", "purpose": "tagging"}],
		"target": {"selector": [{"type": "TextQuoteSelector", "exact": "marathon talks"}, ` + pos("marathon talks") + `]}}]`
	if _, err := w.ImportJSON([]byte(data), ArticleName); err != nil {
		t.Fatal(err)
	}
	if len(w.placed) != 2 {
		t.Fatalf("imported %d", len(w.placed))
	}
	if want := append(append([]string(nil), annotation.DefaultLabels...), "Parliament"); strings.Join(w.labels, ",") != strings.Join(want, ",") {
		t.Errorf("labels %q, want %q", w.labels, want)
	}
}

// TestImportUnusableAnnotation: a highlight tagged with an entity type
// over nothing but spaces would be a mention of an entity without a name:
// the file is refused, says why, and changes nothing.
func TestImportUnusableAnnotation(t *testing.T) {
	w := busyWorkspace(t)
	before := snapshot(w)
	data := `[{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "#1", "type": "Annotation",
		"body": [{"type": "TextualBody", "value": "PERSON", "purpose": "tagging"}],
		"target": {"selector": [{"type": "TextQuoteSelector", "exact": "   "}]}}]`
	_, err := w.ImportJSON([]byte(data), ArticleName)
	if err == nil || !strings.HasPrefix(err.Error(), "this file has an annotation that cannot be used: ") {
		t.Errorf("error %v", err)
	}
	if snapshot(w) != before {
		t.Error("the refused file changed the annotations")
	}
}

// TestArticleName: the messages name a seed article by its title in
// quotes, any other by its IRI; an import into another article says
// which article its orphans came from.
func TestArticleName(t *testing.T) {
	seed := seeds.Articles()[0]
	if got, want := ArticleName(seed.IRI()), "“"+seed.Title+"”"; got != want {
		t.Errorf("ArticleName(seed) = %q, want %q", got, want)
	}
	if got := ArticleName("urn:x-article:elsewhere"); got != "urn:x-article:elsewhere" {
		t.Errorf("ArticleName(other) = %q", got)
	}
	from := NewWorkspace(seed)
	s, e := at(t, from, "marathon talks", 1)
	from.Highlight(s, e, annotation.Pink)
	data, _ := from.ExportJSON(time.Now())
	other := Open(parseText(t, "A digest\n\nNothing of the seed is here.\n"), &fakePage{}, Options{})
	msg, failed := other.Import("seed.json", data)
	if want := "Imported 1 · 1 kept as an orphan (from “" + seed.Title + "”; see Orphans). Ctrl+Z undoes the import."; failed || msg != want {
		t.Errorf("import: %q, want %q", msg, want)
	}
}
