package main

import (
	"fmt"
	"os"
	"strings"

	"marginalia/app/suggest"
)

// suggestionQuality is part 6: the entity suggestions scored on the gold
// set, before any tagging and after the reader tags five mentions in each
// article (going through them in order, the memory carried over).
func suggestionQuality() (string, error) {
	docs, err := suggest.ReadGold("app/suggest/testdata/gold")
	if err != nil {
		return "", err
	}
	g, err := os.ReadFile("web/gazetteer.txt")
	if err != nil {
		return "", err
	}
	gaz := suggest.ParseGazetteer(string(g))
	fresh := suggest.Scores{}
	for _, d := range docs {
		fresh.Add(d, suggest.Suggest(d.Text, nil, gaz, nil))
	}
	before, after := suggest.Replay(docs, gaz, 5)
	mentions := 0
	for _, d := range docs {
		mentions += len(d.Mentions)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `
## 6. Entity suggestions: quality

Scored on the gold set (app/suggest/testdata/gold: the %d news articles of
the GUM corpus, %d named mentions of people, organisations and places;
see cmd/goldset), exact span and label. Targets: precision ≥ 0.8 and
recall ≥ 0.7 before any tagging, higher after tagging a few. "No tags":
a new library. Then a reader goes through the articles in order, tagging
the first 5 mentions of each: "tags before" scores the mentions left in
an article with what was tagged in the articles before it, "+ 5 here"
once its own first 5 are tagged. The time to suggest on a 100,000-word
text is BenchmarkSuggest100kWords in part 5.

| | no tags | | | tags before | | | + 5 here | | |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| label | P | R | F1 | P | R | F1 | P | R | F1 |
`, len(docs), mentions)
	for _, l := range []string{suggest.Person, suggest.Organization, suggest.Location, "All"} {
		fmt.Fprintf(&b, "| %s", l)
		for _, s := range []suggest.Scores{fresh, before, after} {
			c := s[l]
			if c == nil {
				c = &suggest.Counts{}
			}
			fmt.Fprintf(&b, " | %.2f | %.2f | %.2f", c.Precision(), c.Recall(), c.F1())
		}
		b.WriteString(" |\n")
	}
	return b.String(), nil
}
