package store

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"marginalia/app/annotation"
)

// sameAsJSON checks decodeFast against encoding/json on raw: when the fast
// decoder reads it, encoding/json must read the same record without error.
// It reports whether the fast decoder read it.
func sameAsJSON(t *testing.T, raw string) bool {
	t.Helper()
	fast, err := decodeFast(raw)
	if err != nil {
		if !errors.Is(err, errSlow) {
			t.Fatalf("%q: error %v, want errSlow", raw, err)
		}
		return false
	}
	var slow record
	if err := json.Unmarshal([]byte(raw), &slow); err != nil {
		t.Fatalf("%q: the fast decoder read what encoding/json refuses (%v):\n%+v", raw, err, fast)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("%q:\nfast %+v\njson %+v", raw, fast, slow)
	}
	return true
}

// savedRecord is a record as Save writes it, with text that needs escapes.
func savedRecord(t testing.TB) string {
	when := time.Date(2026, 11, 25, 12, 3, 4, 567_000_000, time.UTC)
	set := &annotation.Set{}
	err := set.Apply(annotation.Edit{
		Put: []annotation.Annotation{
			{
				ID: "3f1c6a2e-8a7b-4c1d-9e2f-0a1b2c3d4e5f", Kind: annotation.Mention, Label: "Person", EntityID: "e1",
				Note: "Line one\nline “two” with \"quotes\", \\ and <b>tags</b> & 😀\tend", Tags: []string{"a", "b’s"},
				Created: when, Modified: when.Add(time.Second),
				Target: annotation.Target{
					Source:   "urn:marginalia:article:0123456789abcdef",
					Quote:    annotation.TextQuote{Exact: "Kerry’s", Prefix: "Secretary of State John ", Suffix: " aide said\u2028"},
					Position: annotation.TextPosition{Start: 120, End: 127},
				},
				Extra: []string{`{"type":"TextualBody","value":"x"}`},
			},
			{
				ID: "4f1c6a2e-8a7b-4c1d-9e2f-0a1b2c3d4e5f", Kind: annotation.Highlight, Color: annotation.Green,
				Created: when, Modified: when,
				Target: annotation.Target{Quote: annotation.TextQuote{Exact: "said"}, Position: annotation.TextPosition{Start: 140, End: 144}},
			},
		},
		PutEntities: []annotation.Entity{{ID: "e1", Name: "John Kerry", IRI: "https://www.wikidata.org/wiki/Q22316", Label: "Person", Modified: when}},
	})
	if err != nil {
		t.Fatal(err)
	}
	mem := &Memory{}
	if _, err := New(mem).Save("a", Data{Set: set, Labels: []string{"Person", "Ship"}, Notebook: "notes\n"}); err != nil {
		t.Fatal(err)
	}
	raw, _, _ := mem.Get(Key("a"))
	return raw
}

func TestDecodeFastReadsSavedRecords(t *testing.T) {
	raw := savedRecord(t)
	if !sameAsJSON(t, raw) {
		t.Fatalf("the fast decoder left a record Save wrote to encoding/json:\n%s", raw)
	}
	// Spacing, key order, nulls and empty arrays, as another writer may do.
	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatal(err)
	}
	indented, _ := json.MarshalIndent(m, "", "  ")
	if !sameAsJSON(t, string(indented)) {
		t.Error("an indented record went to encoding/json")
	}
	for _, raw := range []string{
		`{"schema":1,"article":"a","annotations":[],"entities":[],"labels":[]}`,
		`{"schema":1,"article":"a","annotations":null,"entities":[null],"notebook":"\u00e9\/\b\f\r"}`,
		`{"annotations":[{"id":"x","tags":null,"deleted":true,"target":{"quote":null,"position":{"start":-0,"end":5}}}],"schema":1}`,
		`{"annotations":[{"created":"2026-02-03T04:05:06Z","modified":"2026-02-03T04:05:06.1Z"}]}`,
		` { } `,
	} {
		if !sameAsJSON(t, raw) {
			t.Errorf("%s went to encoding/json", raw)
		}
	}
}

func TestDecodeFastLeavesTheRestToEncodingJSON(t *testing.T) {
	for _, raw := range []string{
		``, `null`, `[]`, `{`, `{"schema":1,}`, `{"schema":1} x`, `{"schema":1}{}`,
		`{"Schema":1}`,            // encoding/json matches keys in any case
		`{"schema":1,"schema":1}`, // and merges repeated keys
		`{"unknown":1}`,           // and skips unknown ones
		`{"schema":1.0}`, `{"schema":1e0}`, `{"schema":01}`, `{"schema":"1"}`, `{"schema":null}`,
		`{"article":"\ud83d\ude00"}`, // surrogate pairs
		`{"article":"bad \xff"}`, "{\"article\":\"tab\there\"}",
		`{"savedAt":"2026-11-25T12:00:00+01:00"}`, `{"savedAt":"2026-02-30T12:00:00Z"}`,
		`{"savedAt":"2026-11-25T24:00:00Z"}`, `{"savedAt":"2026-11-25T12:00:00.Z"}`,
		`{"annotations":[{"deleted":"yes"}]}`, `{"annotations":{}}`,
	} {
		if sameAsJSON(t, raw) {
			t.Errorf("the fast decoder read %q", raw)
		}
	}
}

// FuzzDecodeFast checks the fast decoder against encoding/json on
// arbitrary input: whatever it reads, encoding/json reads the same.
func FuzzDecodeFast(f *testing.F) {
	f.Add(savedRecord(f))
	f.Add(`{"schema":1,"article":"a","annotations":[{"id":"x","created":"2026-02-03T04:05:06.123Z"}],"entities":[]}`)
	f.Add(`{"annotations":[{"target":{"quote":{"exact":"a\"b"},"position":{"start":1,"end":2}}}]}`)
	f.Fuzz(func(t *testing.T, raw string) {
		if strings.Count(raw, "{") > 200 {
			return
		}
		sameAsJSON(t, raw)
	})
}

// sameBytesAsJSON checks encode against json.Marshal.
func sameBytesAsJSON(t *testing.T, rec record) {
	t.Helper()
	got, err := encode(rec)
	want, werr := json.Marshal(rec)
	if (err == nil) != (werr == nil) || string(got) != string(want) {
		t.Fatalf("encode:\n got %s (%v)\nwant %s (%v)", got, err, want, werr)
	}
}

// awkward are strings that JSON must escape one way or another.
var awkward = []string{
	"", "plain", "It’s “quoted” 😀", `a "b" \c /d`, "<b>&amp;</b>", "line\nnext\ttab\r\b\f\x00\x01\x1f\x7f",
	"bad \xff byte \xe2\x80", "\u2028\u2029", "\ufffd", "é", "日本語",
}

func TestEncodeIsJSONMarshal(t *testing.T) {
	rec, err := decodeFast(savedRecord(t))
	if err != nil {
		t.Fatal(err)
	}
	sameBytesAsJSON(t, rec)
	sameBytesAsJSON(t, record{})
	sameBytesAsJSON(t, record{Annotations: []annotation.Annotation{}, Entities: []annotation.Entity{}, Labels: []string{}})
	zone := time.FixedZone("", 90*60)
	for i, s := range awkward {
		when := time.Date(2026, 11, 25, 12, 0, i, i*1_000_000, time.UTC)
		if i%3 == 1 {
			when = when.In(zone)
		}
		a := annotation.Annotation{
			ID: s, Kind: annotation.Kind(s), Color: annotation.Color(s), Label: s, EntityID: s, Note: s,
			Tags: []string{s, s}, Created: when, Modified: when.Add(time.Nanosecond * time.Duration(i)), Deleted: i%2 == 0,
			Target: annotation.Target{Source: s, Quote: annotation.TextQuote{Exact: s, Prefix: s, Suffix: s}, Position: annotation.TextPosition{Start: -i, End: i * 1000}},
			Extra:  []string{s},
		}
		e := annotation.Entity{ID: s, Name: s, IRI: s, Label: s, Modified: when, Deleted: i%2 == 1}
		sameBytesAsJSON(t, record{Schema: i, Article: s, SavedAt: when, Annotations: []annotation.Annotation{a, {}}, Entities: []annotation.Entity{e}, Labels: []string{s}, Notebook: s})
	}
	// Years JSON cannot hold: json.Marshal refuses them, and so does encode.
	sameBytesAsJSON(t, record{SavedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)})
	sameBytesAsJSON(t, record{Entities: []annotation.Entity{{Modified: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}}})
}

// FuzzEncode checks encode against json.Marshal on arbitrary text.
func FuzzEncode(f *testing.F) {
	for _, s := range awkward {
		f.Add(s, int64(0))
	}
	f.Fuzz(func(t *testing.T, s string, nanos int64) {
		when := time.Unix(0, nanos).UTC()
		a := annotation.Annotation{ID: s, Note: s, Tags: []string{s}, Created: when, Modified: when,
			Target: annotation.Target{Quote: annotation.TextQuote{Exact: s, Prefix: s}}}
		sameBytesAsJSON(t, record{Article: s, SavedAt: when, Annotations: []annotation.Annotation{a}, Notebook: s})
	})
}
