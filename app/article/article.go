// Package article turns a plain-text article into the canonical text that
// every other part of Marginalia works on: selectors, rendering, exports and
// the mapping from the DOM.
//
// A source text has a title on its first line, a standfirst ("dek") as its
// next paragraph, and body paragraphs separated by blank lines. Parse keeps
// every character of the title and paragraphs as written (typographic quotes
// and apostrophes included); it only normalises line endings, joins the lines
// of one paragraph with a space and trims surrounding white space.
//
// All offsets in this package count Unicode code points, as W3C Web
// Annotation selectors do.
package article

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Separator is what joins two blocks in the canonical text.
const Separator = "\n\n"

// MaxSlugLen bounds the length of a slug, in bytes.
const MaxSlugLen = 80

// Kind says what part of an article a block is.
type Kind int

const (
	Title     Kind = iota + 1 // the headline, rendered as <h1>
	Dek                       // the standfirst under the headline
	Paragraph                 // a body paragraph
	Heading                   // a section heading (Markdown "## …")
	ListItem                  // an item of a bulleted list (Markdown "- …")
)

func (k Kind) String() string {
	switch k {
	case Title:
		return "title"
	case Dek:
		return "dek"
	case Paragraph:
		return "paragraph"
	case Heading:
		return "heading"
	case ListItem:
		return "list item"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// A Block is one title, dek or paragraph of an article. Start and End are the
// half-open code-point range of Text inside the article's canonical text.
type Block struct {
	Kind       Kind
	Text       string
	Start, End int
}

// An Article is a parsed text.
type Article struct {
	// ID is the first 16 hex digits of the SHA-256 of Text: the same text
	// always gets the same ID, and an edited text gets another.
	ID string
	// Slug is the URL name, made of the lower-case words of the title.
	Slug string
	// Title and Dek repeat the text of the first two blocks; Dek may be empty.
	Title, Dek string
	// Blocks are the title, the dek (if any) and the paragraphs, in order.
	Blocks []Block
	// Text is the canonical text: the blocks joined by Separator.
	Text string
}

// Paragraphs returns the body paragraphs: the blocks of kind Paragraph.
func (a *Article) Paragraphs() []Block {
	var ps []Block
	for _, b := range a.Blocks {
		if b.Kind == Paragraph {
			ps = append(ps, b)
		}
	}
	return ps
}

// IRI returns the article's source IRI, used as the target source of its
// annotations. It depends only on the text, so annotations exported from one
// copy of an article find the same text anywhere.
func (a *Article) IRI() string { return "urn:marginalia:article:" + a.ID }

// Len returns the length of the canonical text in code points.
func (a *Article) Len() int {
	if len(a.Blocks) == 0 {
		return 0
	}
	return a.Blocks[len(a.Blocks)-1].End
}

// ErrEmpty is returned by Parse for a text with no title.
var ErrEmpty = errors.New("article: the text is empty")

// ErrNotText is returned by Parse for input that is not UTF-8 text.
var ErrNotText = errors.New("article: the input is not UTF-8 text")

// Parse reads an article from its source text. It returns ErrEmpty if the
// text holds nothing but white space, and ErrNotText if it is not valid UTF-8
// or holds NUL bytes (a binary file).
func Parse(src string) (Article, error) {
	src, err := normalize(src)
	if err != nil {
		return Article{}, err
	}

	paras := splitParagraphs(src)
	if len(paras) == 0 {
		return Article{}, ErrEmpty
	}
	// The title is the first line only; the rest of its paragraph, if any,
	// is read as the dek.
	first := paras[0]
	title, rest, _ := strings.Cut(first, "\n")
	title = strings.TrimSpace(title)
	paras = paras[1:]
	if rest = strings.TrimSpace(rest); rest != "" {
		paras = append([]string{rest}, paras...)
	}

	var a Article
	a.Title = title
	a.Blocks = append(a.Blocks, Block{Kind: Title, Text: title})
	for i, p := range paras {
		kind := Paragraph
		if i == 0 {
			kind, a.Dek = Dek, joinLines(p)
		}
		a.Blocks = append(a.Blocks, Block{Kind: kind, Text: joinLines(p)})
	}

	a.assemble()
	return a, nil
}

// normalize checks that src is text (valid UTF-8, no NUL byte) and returns
// it without a byte-order mark, with "\n" line ends.
func normalize(src string) (string, error) {
	if !utf8.ValidString(src) || strings.ContainsRune(src, 0) {
		return "", ErrNotText
	}
	src = strings.TrimPrefix(src, "\uFEFF")
	src = strings.ReplaceAll(src, "\r\n", "\n")
	return strings.ReplaceAll(src, "\r", "\n"), nil
}

// assemble joins the blocks into the canonical text, sets their ranges,
// and derives the ID and slug.
func (a *Article) assemble() {
	var b strings.Builder
	pos := 0
	sepLen := utf8.RuneCountInString(Separator)
	for i := range a.Blocks {
		if i > 0 {
			b.WriteString(Separator)
			pos += sepLen
		}
		blk := &a.Blocks[i]
		blk.Start = pos
		pos += utf8.RuneCountInString(blk.Text)
		blk.End = pos
		b.WriteString(blk.Text)
	}
	a.Text = b.String()
	sum := sha256.Sum256([]byte(a.Text))
	a.ID = hex.EncodeToString(sum[:8])
	a.Slug = Slugify(a.Title)
	if a.Slug == "" {
		a.Slug = "article-" + a.ID[:8]
	}
}

// splitParagraphs splits text at blank lines (lines holding only white
// space), dropping empty paragraphs.
func splitParagraphs(text string) []string {
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for line := range strings.SplitSeq(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return paras
}

// joinLines joins the lines of one paragraph with single spaces.
func joinLines(p string) string {
	lines := strings.Split(p, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, " ")
}

// Slugify returns the lower-case letters and digits of s, words joined by
// "-". Apostrophes inside a word are dropped ("Kerry’s" gives "kerrys"). The
// result is at most MaxSlugLen bytes, cut at a word boundary, and empty if s
// has no letter or digit.
func Slugify(s string) string {
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’' || r == 'ʼ':
			// part of the word: "Kerry’s", "don't"
		default:
			flush()
		}
	}
	flush()
	var b strings.Builder
	for _, w := range words {
		if b.Len()+1+len(w) > MaxSlugLen && b.Len() > 0 {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(w)
	}
	slug := b.String()
	if len(slug) > MaxSlugLen { // a single very long word
		slug = slug[:MaxSlugLen]
		for !utf8.ValidString(slug) {
			slug = slug[:len(slug)-1]
		}
	}
	return slug
}
