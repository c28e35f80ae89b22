package suggest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A GoldDoc is an article of the gold set (testdata/gold, written by
// cmd/goldset): its text and its named mentions.
type GoldDoc struct {
	Name     string `json:"name"`
	Text     string `json:"text"`
	Mentions []struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Label string `json:"label"`
		Text  string `json:"text"`
	} `json:"mentions"`
}

// ReadGold reads the gold set in dir.
func ReadGold(dir string) ([]GoldDoc, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no gold set in %s", dir)
	}
	var docs []GoldDoc
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var d GoldDoc
		if err := json.Unmarshal(b, &d); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		docs = append(docs, d)
	}
	return docs, nil
}

// Counts are the true positives, false positives and false negatives of
// one label.
type Counts struct{ TP, FP, FN int }

func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }
func (c Counts) Recall() float64    { return ratio(c.TP, c.TP+c.FN) }
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Scores are the counts by label, and over all ("All"), of suggestions
// against a gold set: exact span and label.
type Scores map[string]*Counts

// Add scores one document's suggestions; labels other than the gold
// set's are not counted.
func (s Scores) Add(d GoldDoc, got []Suggestion) {
	key := func(start, end int, label string) string { return fmt.Sprint(start, end, label) }
	gold := map[string]bool{}
	for _, m := range d.Mentions {
		gold[key(m.Start, m.End, m.Label)] = true
	}
	count := func(label string) *Counts {
		if s[label] == nil {
			s[label] = &Counts{}
		}
		return s[label]
	}
	for _, g := range got {
		if g.Label != Person && g.Label != Organization && g.Label != Location {
			continue
		}
		if gold[key(g.Start, g.End, g.Label)] {
			count(g.Label).TP++
			count("All").TP++
			delete(gold, key(g.Start, g.End, g.Label))
		} else {
			count(g.Label).FP++
			count("All").FP++
		}
	}
	for _, m := range d.Mentions {
		if gold[key(m.Start, m.End, m.Label)] {
			count(m.Label).FN++
			count("All").FN++
		}
	}
}

// String is a table of precision, recall and F1 by label.
func (s Scores) String() string {
	var b strings.Builder
	for _, l := range []string{Person, Organization, Location, "All"} {
		c := s[l]
		if c == nil {
			c = &Counts{}
		}
		fmt.Fprintf(&b, "%-12s P %.2f  R %.2f  F1 %.2f  (%d found, %d wrong, %d missed)\n", l, c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN)
	}
	return b.String()
}

// Replay scores suggestions as a reader meets them going through docs in
// order, tagging the first perDoc gold mentions of each (the memory keeps
// them for the next articles, as the library does). Both scores are on
// the mentions left untagged: before is with what was tagged in the
// articles before, after is once this article's first mentions are
// tagged too.
func Replay(docs []GoldDoc, gaz *Gazetteer, perDoc int) (before, after Scores) {
	before, after = Scores{}, Scores{}
	var mem Memory
	for _, d := range docs {
		n := min(perDoc, len(d.Mentions))
		tagged := d.Mentions[:n]
		rest := d
		rest.Mentions = d.Mentions[n:]
		isTagged := func(start, end int) bool {
			for _, m := range tagged {
				if start < m.End && m.Start < end {
					return true
				}
			}
			return false
		}
		before.Add(rest, Suggest(d.Text, &mem, gaz, isTagged))
		for _, m := range tagged {
			mem.Learn(Name{Text: m.Text, Label: m.Label})
		}
		after.Add(rest, Suggest(d.Text, &mem, gaz, isTagged))
	}
	return before, after
}
