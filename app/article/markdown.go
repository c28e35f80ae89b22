package article

import (
	"regexp"
	"strings"
	"sync"
)

// ParseMarkdown reads an article written in Markdown. The title is the
// first heading when the text starts with one, else its first line, as in
// Parse; the first plain paragraph after it is the dek. Headings become
// Heading blocks, bulleted items ListItem blocks (numbered items keep their
// number as text), and block quotes and code plain paragraphs. Inline
// markup is removed so that the canonical text reads as it is shown:
// emphasis markers, code backticks, link targets (the link text stays) and
// images (their alt text stays). HTML is kept as the text it is: nothing
// of it is ever rendered.
func ParseMarkdown(src string) (Article, error) {
	md := patterns()
	src, err := normalize(src)
	if err != nil {
		return Article{}, err
	}

	type mdBlock struct {
		kind Kind
		text string
	}
	var blocks []mdBlock
	var para []string
	flush := func() {
		if len(para) == 0 {
			return
		}
		if len(blocks) == 0 {
			// No heading first: the first line is the title, as in Parse.
			if t := inline(para[0]); t != "" {
				blocks = append(blocks, mdBlock{Heading, t})
			}
			para = para[1:]
		}
		if t := inline(joinLines(strings.Join(para, "\n"))); t != "" {
			blocks = append(blocks, mdBlock{Paragraph, t})
		}
		para = nil
	}
	add := func(k Kind, text string) {
		flush()
		if t := inline(strings.TrimSpace(text)); t != "" {
			blocks = append(blocks, mdBlock{k, t})
		}
	}
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trim := strings.TrimSpace(line)
		switch {
		case trim == "":
			flush()
		case strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~"):
			// A fenced code block: its lines, as one paragraph.
			flush()
			fence := trim[:3]
			var code []string
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), fence); i++ {
				code = append(code, strings.TrimSpace(lines[i]))
			}
			if t := strings.TrimSpace(strings.Join(code, " ")); t != "" {
				blocks = append(blocks, mdBlock{Paragraph, t})
			}
		case md.headingLine.MatchString(trim):
			m := md.headingLine.FindStringSubmatch(trim)
			add(Heading, strings.TrimRight(strings.TrimSpace(m[1]), "# "))
		case md.ruleLine.MatchString(trim):
			flush()
		case md.bulletLine.MatchString(trim):
			add(ListItem, md.bulletLine.FindStringSubmatch(trim)[1])
		case md.numberLine.MatchString(trim):
			m := md.numberLine.FindStringSubmatch(trim)
			add(Paragraph, m[1]+". "+m[2])
		case strings.HasPrefix(trim, ">"):
			para = append(para, strings.TrimSpace(strings.TrimLeft(trim, "> ")))
		case i+1 < len(lines) && len(para) == 0 && md.setextLine.MatchString(strings.TrimSpace(lines[i+1])):
			add(Heading, trim)
			i++
		default:
			para = append(para, trim)
		}
	}
	flush()
	if len(blocks) == 0 {
		return Article{}, ErrEmpty
	}

	var a Article
	first, rest := blocks[0], blocks[1:]
	a.Title = first.text
	a.Blocks = append(a.Blocks, Block{Kind: Title, Text: first.text})
	for i, b := range rest {
		if b.text == "" {
			continue
		}
		k := b.kind
		if i == 0 && k == Paragraph {
			k, a.Dek = Dek, b.text
		}
		a.Blocks = append(a.Blocks, Block{Kind: k, Text: b.text})
	}
	a.assemble()
	return a, nil
}

// markdown holds the patterns of ParseMarkdown, compiled on first use:
// compiled at start-up, every page load paid for them.
type markdown struct {
	headingLine, setextLine, ruleLine, bulletLine, numberLine *regexp.Regexp

	imageMarkup, linkMarkup, autoLink, strongMarkup, emMarkup, strikeMarkup, codeMarkup, escaped *regexp.Regexp
}

var patterns = sync.OnceValue(func() *markdown {
	return &markdown{
		headingLine:  regexp.MustCompile(`^#{1,6}(?:\s+(.*))?$`),
		setextLine:   regexp.MustCompile(`^(=+|-+)$`),
		ruleLine:     regexp.MustCompile(`^([-*_])(\s*[-*_]){2,}$`),
		bulletLine:   regexp.MustCompile(`^[-*+]\s+(.*)$`),
		numberLine:   regexp.MustCompile(`^(\d{1,9})[.)]\s+(.*)$`),
		imageMarkup:  regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`),
		linkMarkup:   regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`),
		autoLink:     regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`),
		strongMarkup: regexp.MustCompile(`(\*\*|__)(\S(?:.*?\S)?)(\*\*|__)`),
		emMarkup:     regexp.MustCompile(`(^|[^\w*])[*_](\S(?:[^*_]*?\S)?)[*_]($|[^\w*])`),
		strikeMarkup: regexp.MustCompile(`~~(\S(?:.*?\S)?)~~`),
		codeMarkup:   regexp.MustCompile("`+([^`]+)`+"),
		escaped:      regexp.MustCompile(`\\([\\` + "`" + `*_{}\[\]()#+\-.!>~|])`),
	}
})

// inline removes inline Markdown markup from one line of text.
func inline(s string) string {
	md := patterns()
	// Keep escaped characters out of the patterns' way.
	const esc = "\uE000"
	var kept []string
	s = md.escaped.ReplaceAllStringFunc(s, func(m string) string {
		kept = append(kept, m[1:])
		return esc
	})
	s = md.codeMarkup.ReplaceAllString(s, "$1")
	s = md.imageMarkup.ReplaceAllString(s, "$1")
	s = md.linkMarkup.ReplaceAllString(s, "$1")
	s = md.autoLink.ReplaceAllString(s, "$1")
	s = md.strongMarkup.ReplaceAllString(s, "$2")
	for range 2 { // adjacent emphases share a boundary character
		s = md.emMarkup.ReplaceAllString(s, "$1$2$3")
	}
	s = md.strikeMarkup.ReplaceAllString(s, "$1")
	for _, k := range kept {
		s = strings.Replace(s, esc, k, 1)
	}
	return strings.Join(strings.Fields(s), " ")
}
