package webanno

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/article"
	"marginalia/app/webanno/conformance"
	"marginalia/seeds"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func seedArticle(t testing.TB) article.Article {
	t.Helper()
	return seeds.Articles()[0]
}

// fixture builds a fixed set of annotations on the seed article: every
// colour, notes, tags, mentions with and without an entity IRI, and a body
// that Marginalia does not understand.
func fixture(t testing.TB) Collection {
	t.Helper()
	art := seedArticle(t)
	tx := anchor.NewText(art.Text)
	at := func(quote string, n int) annotation.Target {
		from := 0
		for ; n > 1; n-- {
			from += strings.Index(art.Text[from:], quote) + len(quote)
		}
		i := strings.Index(art.Text[from:], quote)
		if i < 0 {
			t.Fatalf("the seed has no %q", quote)
		}
		b := from + i
		start := len([]rune(art.Text[:b]))
		tg, err := tx.Describe(start, start+len([]rune(quote)))
		if err != nil {
			t.Fatal(err)
		}
		tg.Source = art.IRI()
		return tg
	}
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	ts := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	kerry := annotation.Entity{ID: "5b0c4b1e-2f8a-4c57-9a55-0c4e4b6f7a10", Name: "John Kerry", IRI: "https://www.wikidata.org/wiki/Q22316", Label: "Person", Modified: ts(9)}
	gaza := annotation.Entity{ID: "a6f0f7e2-8a1d-4b0c-8d1e-3b2f9c1d0e22", Name: "Gaza Strip", Label: "Location", Modified: ts(8)}
	anns := []annotation.Annotation{
		{ID: "0b8e9a52-6f0e-4c1b-9d3a-2f1e0c9b8a7d", Kind: annotation.Highlight, Color: annotation.Yellow, Target: at("a cease-fire is not around the corner", 1), Created: ts(1), Modified: ts(1)},
		{ID: "1c9f0b63-7a1f-4d2c-8e4b-3a2f1d0c9b8e", Kind: annotation.Highlight, Color: annotation.Green, Note: "Who are “they”?\nSecond line — with an emoji 😀.", Tags: []string{"quotes", "sourcing"}, Target: at("“We are not there yet,” they said", 1), Created: ts(2), Modified: ts(5)},
		{ID: "2d0a1c74-8b2a-4e3d-9f5c-4b3a2e1d0c9f", Kind: annotation.Highlight, Color: annotation.Blue, Target: at("Kerry's focus", 1), Created: ts(3), Modified: ts(3)},
		{ID: "3e1b2d85-9c3b-4f4e-a06d-5c4b3f2e1d0a", Kind: annotation.Highlight, Color: annotation.Pink, Note: "marathon", Target: at("marathon talks", 1), Created: ts(4), Modified: ts(4)},
		{ID: "4f2c3e96-ad4c-4a5f-b17e-6d5c4a3f2e1b", Kind: annotation.Highlight, Color: annotation.Purple, Target: at("Ben-Gurion airport", 1), Created: ts(4), Modified: ts(4),
			Extra: []string{`{"purpose":"describing","source":{"id":"https://example.org/photo.jpg","type":"Image"},"type":"SpecificResource"}`}},
		{ID: "5a3d4fa7-be5d-4b6a-827f-7e6d5b4a3f2c", Kind: annotation.Mention, Label: "Person", EntityID: kerry.ID, Target: at("John Kerry", 1), Created: ts(6), Modified: ts(6)},
		{ID: "6b4e5ab8-cf6e-4c7b-938a-8f7e6c5b4a3d", Kind: annotation.Mention, Label: "Person", EntityID: kerry.ID, Target: at("Kerry", 3), Created: ts(7), Modified: ts(7)},
		{ID: "7c5f6bc9-d07f-4d8c-a49b-9a8f7d6c5b4e", Kind: annotation.Mention, Label: "Location", EntityID: gaza.ID, Note: "the Strip", Target: at("Gaza Strip", 1), Created: ts(8), Modified: ts(8)},
		{ID: "8d6a7cda-e18a-4e9d-b5ac-ab9a8e7d6c5f", Kind: annotation.Mention, Label: "Organization", Target: at("Hamas", 1), Created: ts(9), Modified: ts(9)},
	}
	return Collection{
		Label:       art.Title,
		Source:      art.IRI(),
		Created:     ts(10),
		Annotations: anns,
		Entities:    []annotation.Entity{kerry, gaza},
	}
}

func sortByID[T any](xs []T, id func(T) string) []T {
	xs = slices.Clone(xs)
	slices.SortFunc(xs, func(a, b T) int { return strings.Compare(id(a), id(b)) })
	return xs
}

func TestRoundTrip(t *testing.T) {
	c := fixture(t)
	data, err := Encode(c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Label != c.Label || got.Source != c.Source || len(got.Skipped) != 0 {
		t.Errorf("label %q, source %q, skipped %v", got.Label, got.Source, got.Skipped)
	}
	wantA := sortByID(c.Annotations, func(a annotation.Annotation) string { return a.ID })
	gotA := sortByID(got.Annotations, func(a annotation.Annotation) string { return a.ID })
	if len(gotA) != len(wantA) {
		t.Fatalf("decoded %d annotations, want %d", len(gotA), len(wantA))
	}
	for i := range wantA {
		if !reflect.DeepEqual(gotA[i], wantA[i]) {
			t.Errorf("annotation %d:\n got %+v\nwant %+v", i, gotA[i], wantA[i])
		}
	}
	wantE := sortByID(c.Entities, func(e annotation.Entity) string { return e.ID })
	gotE := sortByID(got.Entities, func(e annotation.Entity) string { return e.ID })
	if !reflect.DeepEqual(gotE, wantE) {
		t.Errorf("entities:\n got %+v\nwant %+v", gotE, wantE)
	}
	// Encoding what was decoded gives the same bytes.
	again, err := Encode(*got)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(data) {
		t.Error("encode → decode → encode changed the JSON")
	}
}

func TestGolden(t *testing.T) {
	data, err := Encode(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "seed.annotations.json")
	if *update {
		if err := os.WriteFile(golden, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if string(append(data, '\n')) != string(want) {
		t.Errorf("Encode differs from %s (run go test -update if the change is right)", golden)
	}
}

func TestTombstonesAreNotExported(t *testing.T) {
	c := fixture(t)
	c.Annotations[0].Deleted = true
	data, _ := Encode(c)
	got, _ := Decode(data)
	if len(got.Annotations) != len(c.Annotations)-1 || strings.Contains(string(data), c.Annotations[0].ID) {
		t.Error("a tombstone was exported")
	}
}

// TestW3CSuite checks the export against the MUST assertions of the W3C
// Web Annotation test suite, with the w3ccheck tool in ../shared.
func TestW3CSuite(t *testing.T) {
	data, err := Encode(fixture(t))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "export.json")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := conformance.Check(t, file)
	// 1 collection, 1 page and every annotation.
	want := fmt.Sprintf("%d passed, 0 failed", len(fixture(t).Annotations)+2)
	if !strings.Contains(out, want) {
		t.Errorf("w3ccheck: %s, want %s", out, want)
	}
	t.Logf("w3ccheck: %s", out)
}

func TestDecodeForms(t *testing.T) {
	data, _ := Encode(fixture(t))
	full, _ := Decode(data)
	n := len(full.Annotations)
	one := `{"@context": "http://www.w3.org/ns/anno.jsonld", "id": "urn:uuid:0b8e9a52-6f0e-4c1b-9d3a-2f1e0c9b8a7d", "type": "Annotation",
		"bodyValue": "A plain note", "target": {"source": "urn:x", "selector": {"type": "TextQuoteSelector", "exact": "Kerry"}}}`
	tests := []struct {
		scenario string
		input    string
		count    int
		check    func(t *testing.T, c *Collection)
	}{
		{"collection", string(data), n, nil},
		{"page", pageOf(t, data), n, nil},
		{"array", itemsOf(t, data), n, nil},
		{"one annotation with bodyValue", one, 1, func(t *testing.T, c *Collection) {
			a := c.Annotations[0]
			if a.Note != "A plain note" || a.Kind != annotation.Highlight || a.Color != annotation.Yellow || a.Target.Quote.Exact != "Kerry" {
				t.Errorf("decoded %+v", a)
			}
		}},
		{"target as an array, type as an array, body as one object", `{"id": "https://example.org/a/1", "type": ["Annotation"],
			"body": {"type": "TextualBody", "value": "Person", "purpose": "classifying"},
			"target": [{"source": "urn:x"}, {"source": {"id": "urn:y"}, "selector": [{"type": "TextPositionSelector", "start": 3, "end": 8}]}]}`, 1,
			func(t *testing.T, c *Collection) {
				a := c.Annotations[0]
				if a.ID != "https://example.org/a/1" || a.Kind != annotation.Mention || a.Label != "Person" || a.Target.Source != "urn:y" || a.Target.Position != (annotation.TextPosition{Start: 3, End: 8}) {
					t.Errorf("decoded %+v", a)
				}
			}},
		{"hypothesis export", readFile(t, "testdata/hypothesis.json"), 1, func(t *testing.T, c *Collection) {
			a := c.Annotations[0]
			if a.ID != "urn:hypothesis:Xq1ePPbeEe6KY0vVn8Ihxw" || a.Note != "Compare with the State Department’s readout." ||
				!reflect.DeepEqual(a.Tags, []string{"diplomacy", "cease-fire"}) || a.Target.Quote.Exact != "a cease-fire is not around the corner" ||
				a.Target.Position != (annotation.TextPosition{}) || a.Target.Source != "https://www.example.com/kerry-leaves-israel" {
				t.Errorf("decoded %+v", a)
			}
			if !a.Modified.Equal(time.Date(2026, 11, 19, 10, 5, 0, 0, time.UTC)) || !a.Created.Equal(time.Date(2026, 11, 19, 10, 1, 2, 345e6, time.UTC)) {
				t.Errorf("times %v, %v", a.Created, a.Modified)
			}
			if c.Label != "Kerry Leaves Israel Without Breakthrough in Gaza Cease-fire Talks" {
				t.Errorf("label %q", c.Label)
			}
			if len(c.Skipped) != 1 || c.Skipped[0].Path != "$.annotations[1]" {
				t.Errorf("skipped %+v, want the page note", c.Skipped)
			}
		}},
		{"page note in W3C form is skipped", `[{"id": "urn:a", "type": "Annotation", "target": "https://example.org/page"}]`, 0,
			func(t *testing.T, c *Collection) {
				if len(c.Skipped) != 1 || c.Skipped[0].Path != "$[0]" {
					t.Errorf("skipped %+v", c.Skipped)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			c, err := Decode([]byte(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Annotations) != tt.count {
				t.Fatalf("decoded %d annotations, want %d", len(c.Annotations), tt.count)
			}
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}

func readFile(t *testing.T, name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func pageOf(t *testing.T, collection []byte) string {
	s := string(collection)
	i := strings.Index(s, `"first": `)
	return "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\"," + strings.TrimSuffix(strings.TrimSpace(s[i+len(`"first": {`):]), "}")
}

func itemsOf(t *testing.T, collection []byte) string {
	s := string(collection)
	i := strings.Index(s, `"items": `)
	s = strings.TrimSpace(s[i+len(`"items": `):])
	return strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(s, "}")), "}"), "")
}

var decodeErrors = []struct {
	scenario string
	input    string
	path     string
	reason   string
}{
	{"empty", "", "$", "empty file"},
	{"not JSON", "hello", "$", "not JSON"},
	{"truncated", `{"type": "Annotation", `, "$", "not JSON"},
	{"trailing data", `[] []`, "$", "more data"},
	{"binary", "\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "$", "not UTF-8"},
	{"a number", `42`, "$", "want an object or an array, got a number"},
	{"unknown object", `{"hello": "world"}`, "$", "not a Web Annotation"},
	{"wrong type", `{"type": "Person"}`, "$", `type "Person"`},
	{"type not a string", `{"type": 3, "target": "x"}`, "$.type", "want a string or an array"},
	{"first page is a link", `{"type": "AnnotationCollection", "first": "https://example.org/page1"}`, "$.first", "not embedded"},
	{"no first page", `{"type": "AnnotationCollection"}`, "$", "no first page"},
	{"items not an array", `{"type": "AnnotationPage", "items": {}}`, "$.items", "want an array, got an object"},
	{"item not an object", `[{"id": "urn:a", "type": "Annotation", "target": "x"}, 7]`, "$[1]", "want an annotation object, got a number"},
	{"no id", `[{"type": "Annotation", "target": "x"}]`, "$[0]", "no id"},
	{"no target", `[{"id": "urn:a", "type": "Annotation"}]`, "$[0]", "no target"},
	{"start not a number", `{"id": "urn:a", "type": "Annotation", "target": {"source": "x", "selector": [{"type": "TextQuoteSelector", "exact": "a"}, {"type": "TextPositionSelector", "start": "3", "end": 5}]}}`, "$.target.selector[1].start", "want a number, got a string"},
	{"fractional offset", `{"id": "urn:a", "type": "Annotation", "target": {"source": "x", "selector": {"type": "TextPositionSelector", "start": 1.5, "end": 5}}}`, "$.target.selector.start", "whole number"},
	{"reversed range", `{"id": "urn:a", "type": "Annotation", "target": {"source": "x", "selector": {"type": "TextPositionSelector", "start": 9, "end": 5}}}`, "$.target.selector", "bad range"},
	{"empty exact", `{"id": "urn:a", "type": "Annotation", "target": {"source": "x", "selector": {"type": "TextQuoteSelector", "exact": ""}}}`, "$.target.selector.exact", "missing or empty"},
	{"bad date", `{"id": "urn:a", "type": "Annotation", "created": "yesterday", "target": "x"}`, "$.created", "want a date-time"},
	{"bad tags", `{"annotations": [{"id": "h1", "uri": "x", "tags": "t"}]}`, "$.annotations[0].tags", "want an array"},
	{"hypothesis annotations not an array", `{"export_date": "x", "annotations": {}}`, "$.annotations", "want an array"},
	{"source a number", `{"id": "urn:a", "type": "Annotation", "target": {"source": 1}}`, "$.target.source", "want an IRI"},
}

func TestDecodeErrors(t *testing.T) {
	for _, tt := range decodeErrors {
		t.Run(tt.scenario, func(t *testing.T) {
			c, err := Decode([]byte(tt.input))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Decode = %+v, %v; want an *Error", c, err)
			}
			if e.Path != tt.path || !strings.Contains(e.Reason, tt.reason) {
				t.Errorf("error %q at %s, want %q at %s", e.Reason, e.Path, tt.reason, tt.path)
			}
		})
	}
}

func TestDecodeTooLarge(t *testing.T) {
	big := make([]byte, MaxSize+1)
	var e *Error
	if _, err := Decode(big); !errors.As(err, &e) || !strings.Contains(e.Reason, "limit") {
		t.Errorf("Decode of %d bytes: %v", len(big), err)
	}
}

// TestConformBody: a body kept from an import that the W3C model forbids
// as it is (an External Web Resource with a purpose, 3.3.5) is exported
// as a SpecificResource with that purpose; other bodies as they came.
func TestConformBody(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"id":"https://example.org/photo.jpg","purpose":"describing","type":"Image"}`,
			`{"type":"SpecificResource","source":{"id":"https://example.org/photo.jpg","type":"Image"},"purpose":"describing"}`},
		{`{"id":"https://example.org/photo.jpg","type":"Image"}`, `{"id":"https://example.org/photo.jpg","type":"Image"}`},
		{`{"type":"SpecificResource","source":"https://example.org/a","purpose":"tagging"}`, `{"type":"SpecificResource","source":"https://example.org/a","purpose":"tagging"}`},
		{`{"type":"TextualBody","value":"x","purpose":"replying"}`, `{"type":"TextualBody","value":"x","purpose":"replying"}`},
		{`"https://example.org/body"`, `"https://example.org/body"`},
	}
	for _, tt := range tests {
		if got := string(conformBody(json.RawMessage(tt.in))); got != tt.want {
			t.Errorf("conformBody(%s)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

// TestDecodesEntityBodiesOfEitherForm: the entity of a mention is read
// from the SpecificResource Marginalia writes, and from the TextualBody
// with an id that it wrote before.
func TestDecodesEntityBodiesOfEitherForm(t *testing.T) {
	const target = `"target":{"source":"urn:x","selector":{"type":"TextQuoteSelector","exact":"Kerry"}}`
	for name, body := range map[string]string{
		"specific resource": `{"type":"SpecificResource","purpose":"identifying","source":{"id":"urn:uuid:5b0c4b1e-2f8a-4c57-9a55-0c4e4b6f7a10","type":"TextualBody","value":"John Kerry","modified":"2026-11-25T09:09:00Z"}}`,
		"textual body":      `{"id":"urn:uuid:5b0c4b1e-2f8a-4c57-9a55-0c4e4b6f7a10","type":"TextualBody","value":"John Kerry","purpose":"identifying","modified":"2026-11-25T09:09:00Z"}`,
	} {
		c, err := Decode([]byte(`{"id":"urn:uuid:0b8e9a52-6f0e-4c1b-9d3a-2f1e0c9b8a7d","type":"Annotation","motivation":"identifying","body":[{"type":"TextualBody","value":"Person","purpose":"classifying"},` + body + `],` + target + `}`))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(c.Entities) != 1 || len(c.Annotations) != 1 {
			t.Fatalf("%s: %d entities, %d annotations", name, len(c.Entities), len(c.Annotations))
		}
		e, a := c.Entities[0], c.Annotations[0]
		if e.ID != "5b0c4b1e-2f8a-4c57-9a55-0c4e4b6f7a10" || e.Name != "John Kerry" || a.EntityID != e.ID || len(a.Extra) != 0 || e.Modified.Minute() != 9 {
			t.Errorf("%s: entity %+v, mention %+v", name, e, a)
		}
	}
}
