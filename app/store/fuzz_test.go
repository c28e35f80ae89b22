package store

import (
	"os"
	"testing"
)

// FuzzDecode feeds arbitrary stored text to decode: it must never panic,
// and what it accepts must save and load back to the same live count.
func FuzzDecode(f *testing.F) {
	if b, err := os.ReadFile("testdata/schema0.json"); err == nil {
		f.Add(string(b))
	}
	f.Add(`{"schema":1,"article":"05809a90a204350d","annotations":[],"entities":[]}`)
	f.Add(`{"schema":99}`)
	f.Add("\x00")
	f.Fuzz(func(t *testing.T, raw string) {
		d, err := decode(raw, art)
		if err != nil {
			return
		}
		st := New(&Memory{})
		if _, err := st.Save(art, d); err != nil {
			t.Fatal(err)
		}
		again, err := st.Load(art)
		if err != nil {
			t.Fatalf("our own record does not load: %v", err)
		}
		if again.Set.Len() != d.Set.Len() {
			t.Fatalf("%d live annotations became %d", d.Set.Len(), again.Set.Len())
		}
	})
}
