// Package suggest finds likely entity mentions (people, organisations,
// places) in an article that the reader has not tagged yet: offline, in
// pure Go, from general evidence — what the reader tagged before, in any
// article (Memory); the shape of names and the words around them (titles
// before people, organisation and place words, prepositions of place,
// acronyms); a gazetteer of countries, capitals and continents; and the
// article itself (a name labelled once is labelled everywhere; a person's
// surname alone is that person).
package suggest

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Labels of the suggestions.
const (
	Person       = "Person"
	Organization = "Organization"
	Location     = "Location"
)

// A Suggestion is a likely mention: its span in code points, its text and
// label, and the entity it is likely a mention of (from the reader's own
// tags; "" if none).
type Suggestion struct {
	Start, End int
	Text       string
	Label      string
	EntityID   string
}

// A Name is what the reader tagged: a mention's text, its label and
// entity.
type Name struct {
	Text, Label, EntityID string
}

// Memory is what the reader taught: names tagged in any article of the
// library, and spans rejected.
type Memory struct {
	names    map[string]Name // by text
	firsts   map[string]bool // the first words of names
	rejected map[string]bool // texts rejected ("" label: any)
}

// Learn remembers a tagged name; the latest wins for a text.
func (m *Memory) Learn(n Name) {
	if strings.TrimSpace(n.Text) == "" {
		return
	}
	ws := words(n.Text, []rune(n.Text))
	if len(ws) == 0 {
		return
	}
	if m.names == nil {
		m.names, m.firsts = map[string]Name{}, map[string]bool{}
	}
	m.names[n.Text] = n
	m.firsts[ws[0].text] = true
	delete(m.rejected, n.Text+"\x00"+n.Label)
}

// Reject remembers that a text is not a mention with that label.
func (m *Memory) Reject(text, label string) {
	if m.rejected == nil {
		m.rejected = map[string]bool{}
	}
	m.rejected[text+"\x00"+label] = true
}

func (m *Memory) isRejected(text, label string) bool {
	return m != nil && m.rejected[text+"\x00"+label]
}

// A Gazetteer holds lists of names: places (countries, their other names
// and capitals, continents) and people's given names. The reader fetches
// it (web/gazetteer.txt) the first time suggestions are turned on, rather
// than carry it in app.wasm.
type Gazetteer struct {
	places, given map[string]bool
}

// ParseGazetteer reads web/gazetteer.txt: lines "L<TAB>place" and
// "G<TAB>given name"; lines starting with # are comments.
func ParseGazetteer(text string) *Gazetteer {
	g := &Gazetteer{places: map[string]bool{}, given: map[string]bool{}}
	for _, line := range strings.Split(text, "\n") {
		kind, name, ok := strings.Cut(strings.TrimSpace(line), "\t")
		if !ok || name == "" {
			continue
		}
		switch kind {
		case "L":
			g.places[name] = true
			if len(name) <= 3 && strings.TrimLeft(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" { // US → U.S.
				g.places[strings.Join(strings.Split(name, ""), ".")+"."] = true
			}
		case "G":
			g.given[name] = true
		}
	}
	return g
}

func (g *Gazetteer) place(s string) bool     { return g != nil && g.places[s] }
func (g *Gazetteer) givenName(s string) bool { return g != nil && g.given[s] }

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// Evidence words.
var (
	// titles come before a person's name.
	titles = set("Advisor Adviser Spokesperson Mr Mrs Ms Miss Dr Prof Professor President Vice Prime Minister Secretary Senator Sen Rep Representative Congressman Congresswoman Governor Gov General Gen Colonel Col Captain Capt Lieutenant Lt Sergeant Sgt King Queen Prince Princess Pope Chancellor Judge Justice Sir Dame Lady Lord Mayor Ambassador Commissioner Chairman Chairwoman Premier Admiral Bishop Archbishop Rabbi Imam Sheikh Emperor Empress Duke Duchess Saint St Rev Reverend Father Sister Coach Agent Officer Inspector Detective Director Chief Spokesman Spokeswoman Deputy Leader")
	// orgEnds end organisations' names; orgStarts begin them ("University of").
	orgEnds   = set("Inc Corp Corporation Company Co Ltd LLC PLC Group Holdings Bank Banks University College School Institute Institution Agency Association Council Committee Commission Party Ministry Department Office Army Navy Force Forces Police Guard Court Parliament Congress Senate Assembly Union Organization Organisation Foundation Society Club League Federation Fund Trust Times News Post Journal Herald Tribune Press Radio Television Network Airlines Airways Service Services Authority Board Bureau Center Centre Museum Hospital Church Team FC Brigade Brigades Movement Front Alliance Coalition Cabinet Administration Government Labs Laboratory Laboratories Industries Motors Systems Technologies Studios Records Magazine Channel Review Nations Weekly Daily")
	orgStarts = set("University Bank Ministry Department Institute Office Bureau Museum Church House Board Council Commission Committee Court College School Federation League Party")
	// placeEnds end places' names.
	placeEnds = set("River Lake Lakes Sea Ocean Bay Gulf Island Islands Isle Mountain Mountains Mount Mt Hill Hills Valley Desert Coast Peninsula Strait Canal Street St Avenue Road Square Park Province State County District Region Territory Strip Bank Heights Plains Falls Beach Airport City Town Village Camp Crossing")
	// placeBefore are the words after which a capitalised word is a place.
	placeBefore = set("in near across outside throughout towards toward into")
	// connectors join the words of one name.
	connectors = set("of de du des la le van von der den al bin ibn da di del dos das &")
	// common are capitalised words that begin sentences, and other
	// capitalised words that are not names.
	common = set("The A An This That These Those It Its He She His Her They Their Them We Our Us You Your I In On At For From To With By As Of And But Or Nor So Yet If When While Where Why How What Who Whom Whose Which There Here Then Now Today Tomorrow Yesterday After Before During Since Until Although Though Because However Meanwhile Also Still Even Just Only Some Many Most More Much Few Several All Both Each Every Any No Not Yes One Two Three Four Five Six Seven Eight Nine Ten First Second Third Last Next Other Another Such Than About Over Under Between Among Against Without Within Despite Following According Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December Christmas Easter God Internet Web OK TV CEO AM PM BC AD GMT UTC PhD Image Photo Picture Video Caption File Source Credit Update Note VIP IQ DNA GDP HIV AIDS CD DVD PC USB GPS ID FAQ")
	// said follows a person's name.
	said = set("said says say told tells asked asks added adds explained wrote writes announced stated argued claimed noted")
)

// weakLocation is a Location from a preposition alone ("in Warhol’s
// work" is not one): any other evidence in the article wins over it.
const weakLocation = "Location?"

// offices follow a title and "of" ("Secretary of State", "Minister of
// Health").
var offices = set("State Defense Defence Justice Health Education Finance Foreign Affairs Interior Commerce Labor Labour Energy Agriculture Transportation Transport Treasury Home Homeland Security War Trade Culture Environment")

// agentVerbs, after a place's name, make it an actor: a team or a state.
var agentVerbs = set("defeated defeats beat beats won wins lost loses drew draws faced faces scored scores played plays fired fires launched launches announced announces declared declares threatened threatens signed signs agreed agrees rejected rejects accused accuses attacked attacks invaded invades condemned condemns warned warns demanded demands")

// agentBefore are the words after which a place's name is an opponent.
var agentBefore = set("against defeated beat faced versus vs v")

// acts says whether the place named by c acts in its sentence: a verb of
// action follows it, it is an opponent, or a score follows it.
func acts(ws []word, c *candidate) bool {
	if c.b < len(ws) && ws[c.b].gap == ' ' {
		next := ws[c.b].text
		if agentVerbs[next] || next[0] >= '0' && next[0] <= '9' {
			return true
		}
	}
	if c.a > 0 && ws[c.a].gap == ' ' {
		prev := ws[c.a-1].text
		if agentBefore[prev] || prev == "to" && c.a > 1 && (ws[c.a-2].text == "lost" || ws[c.a-2].text == "fell") {
			return true
		}
	}
	return false
}

// compass words begin places' names ("West Bank", "Middle East").
var compass = set("North South East West Northern Southern Eastern Western Central Middle Upper Lower Greater New")

// A candidate is a span of capitalised words, with its evidence.
type candidate struct {
	a, b   int // words
	text   string
	label  string
	titled bool // a title came before it
}

// Suggest returns the likely mentions in text not yet tagged, in text
// order: tagged reports whether a span (in code points) overlaps a
// mention or annotation already there. mem may be nil.
func Suggest(text string, mem *Memory, gaz *Gazetteer, tagged func(start, end int) bool) []Suggestion {
	return SuggestPausing(text, mem, gaz, tagged, nil)
}

// SuggestPausing is Suggest that calls pause (if not nil) between its
// steps, each about a third of the work: in a browser, pause lets the
// page run (the reader sleeps there), so that a long article never
// freezes it.
func SuggestPausing(text string, mem *Memory, gaz *Gazetteer, tagged func(start, end int) bool, pause func()) []Suggestion {
	if pause == nil {
		pause = func() {}
	}
	rs := []rune(text)
	ws := words(text, rs)
	pause()
	cs := candidates(text, rs, ws, gaz)
	pause()
	return decide(text, rs, ws, cs, mem, gaz, tagged)
}

// candidates returns the spans of capitalised words that may be names,
// each labelled by the rules ("" when they cannot tell).
func candidates(src string, rs []rune, ws []word, gaz *Gazetteer) []candidate {
	spanText := func(a, b int) string { return src[ws[a].bstart:ws[b-1].bend] }
	var cs []candidate
	headline := headlines(ws)
	for i := 0; i < len(ws); {
		if !ws[i].cap {
			i++
			continue
		}
		j := i + 1
		for j < len(ws) && ws[j].gap == ' ' && !headline[i] {
			if ws[j].cap {
				j++
				continue
			}
			if connectors[ws[j].text] && j+1 < len(ws) && ws[j+1].cap && ws[j+1].gap == ' ' {
				j += 2
				continue
			}
			break
		}
		cs = append(cs, trim(ws, i, j)...)
		i = j
	}
	// Evidence.
	for k := range cs {
		c := &cs[k]
		c.text = spanText(c.a, c.b)
		c.label = classify(ws, rs, c, gaz)
	}
	return cs
}

// headlines marks the words of the lines written in title case ("Kerry
// Leaves Israel Without Breakthrough in Gaza"), where capitals do not
// tell names: each word there is a candidate of its own, labelled by the
// gazetteer or by the rest of the article. A title-case line is one
// mostly of capitalised words, some of them the little words that only
// title case capitalises ("Without", "Is", "To"): a caption of names
// ("Michael Tien of NPP", "Lady Cassandra from Doctor Who Image Nick
// Moreau") is not one.
func headlines(ws []word) []bool {
	out := make([]bool, len(ws))
	for i := 0; i < len(ws); {
		j, caps, commons := i+1, 0, 0
		for j < len(ws) && ws[j].gap != '\n' {
			j++
		}
		for k, w := range ws[i:j] {
			if w.cap {
				caps++
				if k > 0 && headlineWords[w.text] {
					commons++
				}
			}
		}
		if n := j - i; n >= 3 && caps*10 >= n*7 && commons > 0 {
			for k := i; k < j; k++ {
				out[k] = true
			}
		}
		i = j
	}
	return out
}

// headlineWords are the little words that title case capitalises.
var headlineWords = set("Without With After Before Over Under Against Amid Into Onto Upon About Across Despite During Is Are Was Were Be Has Have Had Will Would Can Could Says To For On In At And But Or As")

// decide labels the candidates from the article as a whole, adds the
// reader's own names, and leaves out what is rejected or tagged.
func decide(src string, rs []rune, ws []word, cs []candidate, mem *Memory, gaz *Gazetteer, tagged func(start, end int) bool) []Suggestion {
	// The article itself: a name labelled once is labelled everywhere; a
	// person's first or last name alone is that person.
	parts := map[string]bool{}
	for _, c := range cs {
		if c.label == Person && c.b-c.a > 1 {
			parts[ws[c.a].text] = true
			parts[ws[c.b-1].text] = true
		}
	}
	for k := range cs {
		// A person's name alone is that person, even where the gazetteer
		// knows a place of that name ("John Kerry" … "Kerry").
		if c := &cs[k]; c.b-c.a == 1 && (c.label == Location || c.label == Organization && gaz.place(c.text)) && parts[c.text] && !c.titled {
			c.label = Person
		}
	}
	// A place that acts once in the article (a team, a state) does so
	// throughout it.
	actors := map[string]bool{}
	for _, c := range cs {
		if c.label == Organization && gaz.place(c.text) {
			actors[c.text] = true
		}
	}
	for k := range cs {
		if c := &cs[k]; c.label == Location && actors[c.text] {
			c.label = Organization
		}
	}
	byText := map[string]string{}
	for _, c := range cs {
		if c.label != "" && c.label != weakLocation && byText[c.text] == "" {
			byText[c.text] = c.label
		}
	}
	for k := range cs {
		if c := &cs[k]; c.label == weakLocation {
			switch {
			case byText[c.text] != "":
				c.label = byText[c.text]
			case parts[c.text]:
				c.label = Person
			default:
				c.label = Location
			}
		}
	}
	var out []Suggestion
	for _, c := range cs {
		label := c.label
		if label == "" {
			label = byText[c.text]
		}
		if label == "" && c.b-c.a == 1 && parts[c.text] {
			label = Person
		}
		if label == "" {
			continue
		}
		out = append(out, Suggestion{Start: ws[c.a].start, End: ws[c.b-1].end, Text: c.text, Label: label})
	}
	out = append(remembered(src, ws, mem), out...)
	// The longer span first ("John Kerry" over a remembered "Kerry"), the
	// reader's own names first between equals (they come first in out):
	// an order of indices, which sorts in O(n log n) where a stable sort
	// of the suggestions took O(n log² n) moves of them. (sort, not
	// slices: each type slices sorts adds its own code to app.wasm.)
	order := make([]int32, len(out))
	for i := range order {
		order[i] = int32(i)
	}
	sort.Slice(order, func(a, b int) bool {
		i, j := order[a], order[b]
		if li, lj := out[i].End-out[i].Start, out[j].End-out[j].Start; li != lj {
			return li > lj
		}
		return i < j
	})
	var kept []Suggestion
	taken := make([]bool, len(rs)+1)
	for _, i := range order {
		s := out[i]
		if mem.isRejected(s.Text, s.Label) || tagged != nil && tagged(s.Start, s.End) || slices.Contains(taken[s.Start:s.End], true) {
			continue
		}
		for i := s.Start; i < s.End; i++ {
			taken[i] = true
		}
		kept = append(kept, s)
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].Start < kept[j].Start })
	return kept
}

// trim takes off a span's words that are not part of a name: leading
// common words and titles (noting the title), trailing connectors; a span
// may split at a common word inside ("In Cairo and Oslo" never joins, but
// "When Kerry Met" gives "Kerry").
func trim(ws []word, a, b int) []candidate {
	titled := false
	for a < b && (common[ws[a].text] || titles[ws[a].text] || connectors[ws[a].text] || ws[a].text == "Prime" && a+1 < b && ws[a+1].text == "Minister") {
		titled = titles[ws[a].text] || ws[a].text == "Prime" // the last word taken off decides
		a++
	}
	for b > a && (connectors[ws[b-1].text] || common[ws[b-1].text] && ws[b-1].text != "I") {
		b--
	}
	if a >= b {
		return nil
	}
	// A common word inside ends the name before it; a title inside ends
	// it too, and begins a person's name after it ("U.S. Secretary of
	// State John Kerry").
	for k := a + 1; k < b; k++ {
		if common[ws[k].text] {
			return append(trim(ws, a, k), trim(ws, k, b)...)
		}
		if titles[ws[k].text] {
			name := k + 1
			for name < b && (titles[ws[name].text] || connectors[ws[name].text] || offices[ws[name].text]) {
				name++
			}
			// What comes before a title qualifies it ("U.S.
			// Secretary", "Deputy National Security Advisor"): no
			// person's name.
			out := trim(ws, a, k)
			for o := range out {
				out[o].titled = false
			}
			if name < b {
				// The name may hold a title of its own ("Deputy National
				// Security Advisor Tony Blinken").
				rest := trim(ws, name, b)
				if len(rest) > 0 && rest[0].a == name {
					rest[0].titled = true
				}
				out = append(out, rest...)
			}
			return out
		}
	}
	if b-a == 1 && ws[a].initial && !titled {
		// One capitalised word that begins a sentence: a name only if the
		// gazetteer knows it or the article writes it with a capital
		// elsewhere (checked in classify).
		return []candidate{{a: a, b: b, titled: false}}
	}
	return []candidate{{a: a, b: b, titled: titled}}
}

// classify labels a candidate from its evidence, or "".
func classify(ws []word, rs []rune, c *candidate, gaz *Gazetteer) string {
	first, last := ws[c.a].text, ws[c.b-1].text
	n := c.b - c.a
	before, after := "", ""
	if c.a > 0 && ws[c.a].gap == ' ' {
		before = ws[c.a-1].text
	}
	if c.b < len(ws) && ws[c.b].gap == ' ' {
		after = ws[c.b].text
	}
	possessive := ws[c.b-1].end < len(rs) && (rs[ws[c.b-1].end] == '’' || rs[ws[c.b-1].end] == '\'')
	switch {
	case gaz.place(c.text) && acts(ws, c):
		// A country that acts — plays, wins, fires, announces — is its
		// team or its state: an organisation ("Sweden defeated South
		// Korea 1 – 0", "North Korea fired artillery").
		return Organization
	case gaz.place(c.text):
		return Location
	case titles[after] && !orgEnds[last]:
		return "" // it qualifies a title ("National Security Advisor")
	case c.titled || titles[before] || before == "Minister":
		return Person
	case compass[first] && n > 1 && (gaz.place(strings.Join(wordTexts(ws[c.a+1:c.b]), " ")) || placeEnds[last] || n == 2):
		return Location
	case orgEnds[last] && !(placeEnds[last] && compass[first]) || orgStarts[first] && n > 1:
		return Organization
	case placeEnds[last] && n > 1:
		return Location
	case n == 1 && ws[c.a].caps && utf8.RuneCountInString(first) <= 6 && !common[first] && !strings.ContainsAny(first, "0123456789"):
		return Organization
	case n == 1 && ws[c.a].initial:
		return "" // see trim; the article's other mentions may label it
	case (said[after] || after == "who") && n >= 2:
		return Person
	case placeBefore[before] && !possessive && n <= 3:
		return weakLocation
	case n >= 2 && n <= 4 && gaz.givenName(first), n == 1 && gaz.givenName(first):
		return Person
	}
	return ""
}

func wordTexts(ws []word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.text
	}
	return out
}

// remembered finds the reader's own names in the text, wherever they
// occur as whole words (lowercase ones too).
func remembered(src string, ws []word, mem *Memory) []Suggestion {
	if mem == nil || len(mem.names) == 0 {
		return nil
	}
	var out []Suggestion
	for i := range ws {
		if !mem.firsts[ws[i].text] {
			continue
		}
		for k := i + 1; k <= len(ws) && k <= i+6; k++ {
			if k > i+1 && ws[k-1].gap != ' ' && ws[k-1].gap != '-' {
				break
			}
			t := src[ws[i].bstart:ws[k-1].bend]
			if n, ok := mem.names[t]; ok {
				out = append(out, Suggestion{Start: ws[i].start, End: ws[k-1].end, Text: t, Label: n.Label, EntityID: n.EntityID})
			}
		}
	}
	return out // decide puts the longer first
}
