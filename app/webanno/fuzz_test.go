package webanno

import (
	"errors"
	"os"
	"reflect"
	"testing"
)

// FuzzDecode feeds Decode arbitrary bytes, seeded with the test inputs.
// Decode must never panic; what it accepts must encode, and decoding that
// again must give the same annotations (the export is stable).
func FuzzDecode(f *testing.F) {
	for _, tt := range decodeErrors {
		f.Add([]byte(tt.input))
	}
	if b, err := os.ReadFile("testdata/hypothesis.json"); err == nil {
		f.Add(b)
	}
	if b, err := os.ReadFile("testdata/seed.annotations.json"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Decode(data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Path == "" {
				t.Fatalf("error %v is not an *Error with a path", err)
			}
			return
		}
		out, err := Encode(*c)
		if err != nil {
			t.Fatalf("Encode of a decoded collection: %v", err)
		}
		again, err := Decode(out)
		if err != nil {
			t.Fatalf("Decode of our own export: %v\n%s", err, out)
		}
		if len(again.Annotations) != len(c.Annotations) {
			t.Fatalf("round trip kept %d of %d annotations", len(again.Annotations), len(c.Annotations))
		}
		for i := range c.Annotations {
			a, b := c.Annotations[i], again.Annotations[i]
			if b.Target.Source == "" || a.Target.Source == "" {
				a.Target.Source, b.Target.Source = "", ""
			}
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("round trip changed annotation %d:\n%+v\n%+v", i, a, b)
			}
		}
	})
}
