package export

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"marginalia/app/anchor"
	"marginalia/app/annotation"
	"marginalia/app/render"
	"marginalia/seeds"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixture is a fixed set of annotations on the seed article: highlights
// with notes (one hostile), mentions linked to entities, nested and
// cross-paragraph mentions, a label with a space, and an orphan.
func fixture(t testing.TB) Doc {
	t.Helper()
	art := seeds.Articles()[0]
	text := anchor.NewText(art.Text)
	runes := []rune(art.Text)
	find := func(quote string, n int) (int, int) {
		from := 0
		for ; n > 0; n-- {
			i := strings.Index(string(runes[from:]), quote)
			if i < 0 {
				t.Fatalf("no %q", quote)
			}
			from += len([]rune(string(runes[from:])[:i]))
			if n > 1 {
				from++
			}
		}
		return from, from + len([]rune(quote))
	}
	kerry := annotation.Entity{ID: "e-kerry", Name: "John Kerry", IRI: "https://www.wikidata.org/wiki/Q22316", Label: "Person"}
	abbas := annotation.Entity{ID: "e-abbas", Name: "Mahmoud Abbas", IRI: "javascript:alert(1)", Label: "Person"}
	when := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	var anns []annotation.Annotation
	add := func(quote string, n int, a annotation.Annotation) {
		s, e := find(quote, n)
		tg, err := text.Describe(s, e)
		if err != nil {
			t.Fatal(err)
		}
		tg.Source = art.IRI()
		a.ID = "a" + strconv.Itoa(len(anns)+1)
		a.Target, a.Created, a.Modified = tg, when, when
		anns = append(anns, a)
	}
	add("John Kerry", 1, annotation.Annotation{Kind: annotation.Mention, Label: "Person", EntityID: kerry.ID})
	add("Kerry", 3, annotation.Annotation{Kind: annotation.Mention, Label: "Person", EntityID: kerry.ID, Note: "His team, not him."})
	add("Gaza Strip", 1, annotation.Annotation{Kind: annotation.Mention, Label: "Location"})
	add("Mahmoud Abbas", 1, annotation.Annotation{Kind: annotation.Mention, Label: "Person", EntityID: abbas.ID})
	add("Ben-Gurion airport", 1, annotation.Annotation{Kind: annotation.Mention, Label: "Transport hub"})
	add("UN Secretary General Ban Ki-Moon", 1, annotation.Annotation{Kind: annotation.Mention, Label: "Other"})
	add("Ban Ki-Moon", 1, annotation.Annotation{Kind: annotation.Mention, Label: "Person"})
	add("U.S. Secretary of State", 1, annotation.Annotation{Kind: annotation.Mention, Label: "Organization"})
	add("marathon talks", 1, annotation.Annotation{Kind: annotation.Highlight, Color: annotation.Yellow,
		Note: "Why “marathon”? 😀\n# not a heading\n<img src=x onerror=alert(1)> [link](javascript:alert(1))", Tags: []string{"tone", "*press*"}})
	add("in the near future.\n\nSenior officials", 1, annotation.Annotation{Kind: annotation.Mention, Label: "Other", Note: "Crosses\ntwo paragraphs"})
	add("Senior Israeli officials", 1, annotation.Annotation{Kind: annotation.Highlight, Color: annotation.Green})
	set, err := annotation.Load(anns, []annotation.Entity{kerry, abbas})
	if err != nil {
		t.Fatal(err)
	}
	// The last one points at text the article lacks: an orphan.
	var placed []render.Placed
	for _, a := range set.All() {
		if a.ID == anns[len(anns)-1].ID {
			a.Target.Quote.Exact, a.Target.Position = "words that are not there", annotation.TextPosition{Start: 5, End: 29}
		}
		placed = append(placed, render.Placed{Annotation: a, Match: text.Anchor(a.Target)})
	}
	return Doc{Article: art, Placed: placed, Entities: set.Entity, Notebook: "Compare with Reuters.\n\n1. check dates"}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run go test -update if the change is right); got:\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	d := fixture(t)
	txt, ann := Brat(d)
	golden(t, "seed.md", Markdown(d))
	golden(t, "seed.txt", txt)
	golden(t, "seed.ann", ann)
	golden(t, "seed.conll", CoNLL(d))
}

// TestBratOffsets checks every T line against the text: each fragment's
// offsets, in code points, select the text the line quotes.
func TestBratOffsets(t *testing.T) {
	d := fixture(t)
	txt, ann := Brat(d)
	runes := []rune(txt)
	lines := strings.Split(strings.TrimSpace(ann), "\n")
	ts := 0
	for _, line := range lines {
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			t.Fatalf("line %q has %d tab-separated fields", line, len(f))
		}
		if !strings.HasPrefix(f[0], "T") {
			if !strings.HasPrefix(f[1], "AnnotatorNotes T") || strings.Contains(f[2], "\n") {
				t.Errorf("bad note line %q", line)
			}
			continue
		}
		ts++
		typ, spans, _ := strings.Cut(f[1], " ")
		if strings.ContainsAny(typ, " \t") || typ == "" {
			t.Errorf("type %q", typ)
		}
		var parts []string
		for _, sp := range strings.Split(spans, ";") {
			a, b, _ := strings.Cut(sp, " ")
			s, err1 := strconv.Atoi(a)
			e, err2 := strconv.Atoi(b)
			if err1 != nil || err2 != nil || s < 0 || e > len(runes) || s >= e {
				t.Fatalf("bad span %q in %q", sp, line)
			}
			if strings.ContainsAny(string(runes[s:e]), "\n") {
				t.Errorf("span %q holds a line break", sp)
			}
			parts = append(parts, string(runes[s:e]))
		}
		if got := strings.Join(parts, " "); got != f[2] {
			t.Errorf("%s: offsets select %q, the line says %q", f[0], got, f[2])
		}
	}
	if want := len(d.mentions()); ts != want {
		t.Errorf("%d T lines, want one per placed mention (%d)", ts, want)
	}
}

// TestCoNLLReassembles checks that the tokens are the text, in order, with
// only white space left out, and that the B-/I- runs are the mentions.
func TestCoNLLReassembles(t *testing.T) {
	d := fixture(t)
	out := CoNLL(d)
	lines := strings.Split(out, "\n")
	if lines[0] != "-DOCSTART- O" {
		t.Fatalf("first line %q", lines[0])
	}
	var toks strings.Builder
	var spans []string
	cur := ""
	for _, l := range lines[1:] {
		if l == "" {
			continue
		}
		tok, tag, ok := strings.Cut(l, " ")
		if !ok || strings.Contains(tag, " ") {
			t.Fatalf("line %q is not `token tag`", l)
		}
		toks.WriteString(tok)
		switch {
		case strings.HasPrefix(tag, "B-"):
			if cur != "" {
				spans = append(spans, cur)
			}
			cur = tag[2:] + ":" + tok
		case strings.HasPrefix(tag, "I-"):
			if cur == "" {
				t.Fatalf("%q: I- tag with no B- before", l)
			}
			cur += tok
		case tag == "O":
			if cur != "" {
				spans = append(spans, cur)
			}
			cur = ""
		default:
			t.Fatalf("tag %q", tag)
		}
	}
	noSpace := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if got, want := toks.String(), noSpace(d.Article.Text); got != want {
		t.Fatalf("tokens do not reassemble the text:\n%q\n%q", got[:min(200, len(got))], want[:min(200, len(want))])
	}
	// Outer mentions win over nested ones; a mention over two paragraphs
	// is two runs.
	want := []string{
		"Organization:U.S.SecretaryofState", "Person:JohnKerry", "Location:GazaStrip", "Person:MahmoudAbbas",
		"Other:inthenearfuture.", "Other:Seniorofficials", "Person:Kerry",
		"Transport_hub:Ben-Gurionairport", "Other:UNSecretaryGeneralBanKi-Moon",
	}
	if strings.Join(spans, "|") != strings.Join(want, "|") {
		t.Errorf("mention runs:\n got %q\nwant %q", spans, want)
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		text string
		cuts []int
		want string
	}{
		{"U.S. Secretary of State", nil, "U.S.|Secretary|of|State"},
		{"Senior officials in Kerry’s entourage", nil, "Senior|officials|in|Kerry|’s|entourage"},
		{"Kerry's focus", nil, "Kerry|'s|focus"},
		{"to Ben-Gurion airport.", nil, "to|Ben-Gurion|airport|."},
		{"“We are not there yet,” they said.", nil, "“|We|are|not|there|yet|,|”|they|said|."},
		{"over 1,000.5 people (24 hours)", nil, "over|1,000.5|people|(|24|hours|)"},
		{"Hamas' demilitarization", nil, "Hamas|'|demilitarization"},
		{"wow 😀! e.g. this", nil, "wow|😀|!|e.g.|this"},
		{"Plan A. Then", nil, "Plan|A|.|Then"},
		{"Mr. Kerry", nil, "Mr|.|Kerry"},
		{"cease-fire", []int{5}, "cease|-fire"},
		{"  ", nil, ""},
	}
	for _, tt := range tests {
		runes := []rune(tt.text)
		cuts := map[int]bool{}
		for _, c := range tt.cuts {
			cuts[c] = true
		}
		var got []string
		for _, tok := range Tokenize(runes, 0, len(runes), cuts) {
			if string(runes[tok.Start:tok.End]) != tok.Text {
				t.Errorf("%q: token %q at [%d, %d)", tt.text, tok.Text, tok.Start, tok.End)
			}
			got = append(got, tok.Text)
		}
		if strings.Join(got, "|") != tt.want {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.text, strings.Join(got, "|"), tt.want)
		}
	}
}

func TestMarkdownIsInert(t *testing.T) {
	md := Markdown(fixture(t))
	for _, bad := range []string{`(^|[^\\])<img`, `[^\\]\]\(javascript:`, `<javascript:`, `\n# not`, `[^\\]\*press`} {
		if regexp.MustCompile(bad).MatchString(md) {
			t.Errorf("Markdown holds %s unescaped", bad)
		}
	}
	for _, want := range []string{
		"> U.S. Secretary of State",
		"**Person** · John Kerry <https://www.wikidata.org/wiki/Q22316>",
		"Mahmoud Abbas (javascript:alert(1))",
		"*Highlight, yellow*",
		"Why “marathon”? 😀  \n\\# not a heading",
		"> in the near future.\n>\n> Senior officials",
		"## Notebook\n\nCompare with Reuters.  \n  \n1\\. check dates",
		"## Not found in the text\n\n- “words that are not there”",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
}
