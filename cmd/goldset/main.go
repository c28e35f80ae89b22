// Command goldset writes the gold set that the entity suggestions are
// scored on (app/suggest/testdata/gold) from the news articles of the GUM
// corpus (https://github.com/amir-zeldes/gum, dep/GUM_news_*.conllu):
// Wikinews texts, CC BY 2.5; GUM's annotations, CC BY 4.0.
//
//	go run ./cmd/goldset -gum PATH_TO_GUM_CHECKOUT -out app/suggest/testdata/gold
//
// GUM marks every mention of every entity (pronouns and common nouns
// too) with its type. The gold set keeps the named mentions of people,
// organisations and places, CoNLL style: the span of proper nouns that
// names the entity, with the words between them that names contain ("of",
// "the", "and", "de", "-"), without a leading determiner, a title
// ("President", "Dr."), a trailing possessive, or words that are not part
// of the name; a named mention inside another one (the place in "the
// Medical Journal of Australia") is left out, as CoNLL does.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Doc is one article of the gold set.
type Doc struct {
	Name     string    `json:"name"`
	Source   string    `json:"source"`
	Licence  string    `json:"licence"`
	Text     string    `json:"text"`
	Mentions []Mention `json:"mentions"`
}

// Mention is a named entity mention; Start and End count code points.
type Mention struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Label string `json:"label"`
	Text  string `json:"text"`
}

var labels = map[string]string{"person": "Person", "organization": "Organization", "place": "Location"}

// connectors may stand between the proper nouns of one name.
var connectors = map[string]bool{"of": true, "the": true, "&": true, "de": true, "du": true, "des": true, "la": true, "le": true, "van": true, "von": true, "der": true, "den": true, "al": true, "bin": true, "-": true, "for": true}

// clitics are written without the space before them.
var clitics = map[string]bool{"'s": true, "'": true, "n't": true, "'re": true, "'ve": true, "'ll": true, "'d": true, "'m": true, "’s": true}

// titles are words before a name that are not part of it.
var titles = map[string]bool{}

func init() {
	for _, w := range strings.Fields("Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Prof Prof. President Vice Prime Minister Secretary Senator Sen. Rep. Representative Governor Gov. General Gen. Colonel Col. Captain Capt. Lieutenant Lt. Sergeant Sgt. King Queen Prince Princess Pope Chancellor Judge Justice Chief Director Professor Sir Lady Lord Saint St. Mayor Ambassador Commissioner Chairman Chairwoman CEO Premier Deputy Foreign Defence Defense Finance Interior Health Attorney Admiral Bishop Archbishop Rabbi Imam Sheikh Emperor Empress Duke Duchess Count Countess Baron Senior Spokesman Spokeswoman Officer Inspector Superintendent Dean Rev. Reverend Father Brother Sister Mother Coach Agent Undersecretary Sheriff Shadow Home Councillor Councilor Legislator Lawmaker Minister President-elect") {
		titles[w] = true
	}
}

type token struct {
	form, upos string
	glued      bool // no space after it
	head       int  // index of its syntactic head, -1 for the root
	start, end int  // code points in the text
}

type span struct {
	id, typ    string
	first, end int // token indexes, end exclusive
}

func main() {
	gum := flag.String("gum", "", "a checkout of github.com/amir-zeldes/gum")
	out := flag.String("out", "app/suggest/testdata/gold", "where to write the gold set")
	pattern := flag.String("files", "GUM_news_*.conllu", "which of GUM's dep/ files to take")
	flag.Parse()
	files, err := filepath.Glob(filepath.Join(*gum, "dep", *pattern))
	if err != nil || len(files) == 0 {
		fmt.Fprintln(os.Stderr, "goldset: no dep/"+*pattern+" under", *gum)
		os.Exit(1)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "goldset:", err)
		os.Exit(1)
	}
	total := map[string]int{}
	for _, f := range files {
		d, err := convert(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, "goldset:", f, err)
			os.Exit(1)
		}
		for _, m := range d.Mentions {
			total[m.Label]++
		}
		b, _ := json.MarshalIndent(d, "", " ")
		if err := os.WriteFile(filepath.Join(*out, d.Name+".json"), append(b, '\n'), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "goldset:", err)
			os.Exit(1)
		}
	}
	fmt.Println(len(files), "articles;", total)
}

func convert(path string) (Doc, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Doc{}, err
	}
	name := strings.TrimSuffix(filepath.Base(path), ".conllu")
	d := Doc{Name: name, Licence: "Text: Wikinews, CC BY 2.5. Annotations: the GUM corpus (Zeldes 2017), CC BY 4.0; named mentions selected by cmd/goldset."}
	var text strings.Builder
	pos := 0 // code points written
	var toks []token
	var spans []span
	open := map[string]int{} // entity ID → index in spans of its open span
	write := func(s string) {
		text.WriteString(s)
		pos += utf8.RuneCountInString(s)
	}
	firstPar := true
	sentence := 0 // index of the sentence's first token
	spaceAfter := false
	for _, line := range strings.Split(string(raw), "\n") {
		switch {
		case strings.HasPrefix(line, "# meta::sourceURL = "):
			d.Source = strings.TrimPrefix(line, "# meta::sourceURL = ")
			continue
		case line == "# newpar" || strings.HasPrefix(line, "# newpar "):
			if !firstPar {
				write("\n\n")
				spaceAfter = false
			}
			firstPar = false
			continue
		case strings.HasPrefix(line, "# sent_id"):
			sentence = len(toks)
			continue
		case strings.HasPrefix(line, "#") || line == "":
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 10 || strings.ContainsAny(cols[0], "-.") {
			continue
		}
		if spaceAfter && !clitics[strings.ToLower(cols[1])] {
			write(" ") // GUM leaves the space before "'s" and "n't" unmarked
		}
		t := token{form: cols[1], upos: cols[3], head: -1, start: pos}
		if h, err := strconv.Atoi(cols[6]); err == nil && h > 0 {
			t.head = sentence + h - 1
		}
		write(t.form)
		t.end = pos
		toks = append(toks, t)
		spaceAfter = !strings.Contains(cols[9], "SpaceAfter=No")
		toks[len(toks)-1].glued = !spaceAfter
		for _, f := range strings.Split(cols[9], "|") {
			if v, ok := strings.CutPrefix(f, "Entity="); ok {
				parseEntity(v, len(toks)-1, &spans, open)
			}
		}
	}
	d.Text = text.String()
	runes := []rune(d.Text)
	// Named cores, outermost kept.
	var ms []Mention
	for _, s := range spans {
		label, ok := labels[s.typ]
		if !ok {
			continue
		}
		first, end, ok := core(toks, s.first, s.end)
		if !ok {
			continue
		}
		m := Mention{Start: toks[first].start, End: toks[end-1].end, Label: label}
		m.Text = string(runes[m.Start:m.End])
		ms = append(ms, m)
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].Start != ms[j].Start {
			return ms[i].Start < ms[j].Start
		}
		return ms[i].End > ms[j].End
	})
	for _, m := range ms {
		if n := len(d.Mentions); n > 0 && m.Start < d.Mentions[n-1].End {
			continue // inside (or across) the one before
		}
		d.Mentions = append(d.Mentions, m)
	}
	return d, nil
}

// parseEntity reads a token's Entity value: "(ID-type-…" opens a span,
// "(ID-type-…)" is one token, "ID)" closes one.
func parseEntity(v string, tok int, spans *[]span, open map[string]int) {
	for v != "" {
		if v[0] == '(' {
			end := strings.IndexAny(v[1:], "()")
			body := v[1:]
			if end >= 0 {
				body = v[1 : 1+end]
			}
			parts := strings.SplitN(body, "-", 3)
			s := span{id: parts[0], first: tok, end: -1}
			if len(parts) > 1 {
				s.typ = parts[1]
			}
			*spans = append(*spans, s)
			if end >= 0 && v[1+end] == ')' {
				(*spans)[len(*spans)-1].end = tok + 1
				v = v[2+end:]
				continue
			}
			open[s.id] = len(*spans) - 1
			if end < 0 {
				return
			}
			v = v[1+end:]
			continue
		}
		i := strings.IndexByte(v, ')')
		if i < 0 {
			return
		}
		id := v[:i]
		if k, ok := open[id]; ok {
			(*spans)[k].end = tok + 1
			delete(open, id)
		}
		v = v[i+1:]
	}
}

// core returns the tokens of a span that name the entity (see the
// package comment), if it has a name: the span's head is a proper noun,
// and the name is the capitalised words around it, with the connectors
// between them.
func core(toks []token, first, end int) (int, int, bool) {
	if end <= first {
		return 0, 0, false
	}
	head := -1
	for i := first; i < end; i++ {
		if h := toks[i].head; h < first || h >= end {
			head = i
			break
		}
	}
	if head < 0 {
		return 0, 0, false
	}
	if toks[head].upos != "PROPN" || !capital(toks[head]) {
		// "England captain Harry Kane": the head is the common noun, the
		// name the proper nouns that end the span.
		last := end - 1
		for last > first && toks[last].upos == "PUNCT" || last > first && toks[last].upos == "PART" {
			last--
		}
		if last <= head || toks[last].upos != "PROPN" || !capital(toks[last]) {
			return 0, 0, false
		}
		head = last
	}
	start, last := head, head
	for i := head - 1; i >= first; i-- {
		if capital(toks[i]) || connectors[strings.ToLower(toks[i].form)] && i > first && capital(toks[i-1]) {
			start = i
			continue
		}
		break
	}
	for i := head + 1; i < end; i++ {
		if toks[i].form == "-" && toks[i-1].glued && toks[i].glued && i+1 < end { // "Wong Kwok-kin"
			last = i + 1
			i++
			continue
		}
		if capital(toks[i]) || connectors[strings.ToLower(toks[i].form)] && i+1 < end && capital(toks[i+1]) {
			last = i
			continue
		}
		break
	}
	// A title before the name ends what came before it ("Undersecretary
	// for Education Mr. Toccafondi" is Toccafondi, "US President Barack
	// Obama" is Barack Obama).
	for i := last - 1; i >= start; i-- {
		if titles[toks[i].form] {
			start = i + 1
			break
		}
	}
	for start < last && (titles[toks[start].form] || connectors[strings.ToLower(toks[start].form)]) {
		start++
	}
	for last > start && connectors[strings.ToLower(toks[last].form)] {
		last--
	}
	if titles[toks[start].form] {
		return 0, 0, false // a title alone ("the Director of …") names no one
	}
	return start, last + 1, true
}

// capital says whether a token is a capitalised word (or a number) that
// a name can hold.
func capital(t token) bool {
	r, _ := utf8.DecodeRuneInString(t.form)
	switch t.upos {
	case "PROPN", "ADJ", "NOUN", "NUM", "X", "VERB":
		return unicode.IsUpper(r) || unicode.IsDigit(r) && t.upos != "NUM"
	}
	return false
}
