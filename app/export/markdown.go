package export

import (
	"strings"

	"marginalia/app/annotation"
)

// Markdown writes d for readers: the title and standfirst, then each
// annotation in document order as a blockquote of its quote with its label
// or colour, entity and note, then the notebook, then the annotations that
// could not be placed. User and article text is escaped, so that nothing in
// it becomes a link, an image or HTML in a Markdown viewer.
func Markdown(d Doc) string {
	var b strings.Builder
	b.WriteString("# " + escapeInline(d.Article.Title) + "\n\n")
	if d.Article.Dek != "" {
		b.WriteString("*" + escapeInline(d.Article.Dek) + "*\n\n")
	}
	var orphans []string
	n := 0
	for _, p := range d.Placed {
		if p.Deleted {
			continue
		}
		if !placed(p) {
			orphans = append(orphans, p.Target.Quote.Exact)
			continue
		}
		n++
		b.WriteString(blockquote(p.Target.Quote.Exact))
		b.WriteString("\n")
		if p.Kind == annotation.Mention {
			line := "**" + escapeInline(p.Label) + "**"
			if e, ok := d.entity(p); ok {
				line += " · " + escapeInline(e.Name)
				switch {
				case isWebURL(e.IRI):
					line += " <" + escapeURL(e.IRI) + ">"
				case e.IRI != "":
					line += " (" + escapeInline(e.IRI) + ")"
				}
			}
			b.WriteString(line + "\n")
		} else {
			b.WriteString("*Highlight, " + string(p.Color) + "*\n")
		}
		if p.Note != "" {
			b.WriteString("\n" + escapeBlock(p.Note) + "\n")
		}
		if len(p.Tags) > 0 {
			tags := make([]string, len(p.Tags))
			for i, t := range p.Tags {
				tags[i] = escapeInline(t)
			}
			b.WriteString("\nTags: " + strings.Join(tags, ", ") + "\n")
		}
		b.WriteString("\n")
	}
	if n == 0 {
		b.WriteString("*No annotations.*\n\n")
	}
	if strings.TrimSpace(d.Notebook) != "" {
		b.WriteString("## Notebook\n\n" + escapeBlock(d.Notebook) + "\n\n")
	}
	if len(orphans) > 0 {
		b.WriteString("## Not found in the text\n\n")
		for _, q := range orphans {
			b.WriteString("- “" + escapeInline(q) + "”\n")
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// blockquote quotes text, each of its paragraphs, escaped.
func blockquote(text string) string {
	var b strings.Builder
	for i, para := range strings.Split(text, "\n\n") {
		if i > 0 {
			b.WriteString(">\n")
		}
		for _, line := range strings.Split(para, "\n") {
			b.WriteString("> " + escapeLine(line) + "\n")
		}
	}
	return b.String()
}

// escapeBlock escapes a multi-line text (a note), keeping its lines and
// paragraphs.
func escapeBlock(text string) string {
	lines := strings.Split(strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = escapeLine(l)
	}
	return strings.Join(lines, "  \n") // a hard break keeps the note's lines
}

// escapeLine escapes one line so that it reads as plain text: inline
// markup, and block markup at its start (headings, lists, quotes, rules).
func escapeLine(line string) string {
	s := escapeInline(line)
	t := strings.TrimLeft(s, " ")
	if t == "" {
		return ""
	}
	switch {
	case strings.ContainsRune("#+-=|", rune(t[0])):
		return `\` + t
	case t[0] >= '0' && t[0] <= '9':
		// "1. " or "1) " would start a list.
		i := strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' })
		if i > 0 && (strings.HasPrefix(t[i:], ". ") || strings.HasPrefix(t[i:], ") ") || t[i:] == "." || t[i:] == ")") {
			return t[:i] + `\` + t[i:]
		}
	}
	return t
}

// escapeInline escapes the characters of inline Markdown and HTML.
func escapeInline(s string) string {
	var b strings.Builder
	for _, r := range oneLineKeep(s) {
		if strings.ContainsRune("\\`*_[]<>!&~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// oneLineKeep replaces line breaks with spaces, keeping other spacing.
func oneLineKeep(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// isWebURL reports whether s is an http(s) URL: only those become links.
func isWebURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}

// escapeURL keeps an IRI inside <…>: it may hold no space, "<" or ">".
func escapeURL(s string) string {
	return strings.NewReplacer(" ", "%20", "<", "%3C", ">", "%3E", "\n", "", "\r", "").Replace(s)
}
