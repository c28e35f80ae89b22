// Package library keeps the articles a reader adds, in the same storage as
// their annotations: the source text, its format and when it was added.
// The article itself is parsed again from the source, so its text, ID and
// IRI are the same as when it was added. It is pure: no browser API.
package library

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"marginalia/app/article"
	"marginalia/app/store"
)

// MaxSize bounds an added article's source, in bytes.
const MaxSize = 2 << 20

// keyPrefix starts the storage key of each added article; its ID follows.
const keyPrefix = store.Prefix + "doc:"

// Format is how a source is written.
type Format string

const (
	Text     Format = "text"     // first line the title, then the dek, then paragraphs
	Markdown Format = "markdown" // the same, in Markdown
)

// An Entry is an added article as stored.
type Entry struct {
	Schema int       `json:"schema"`
	Slug   string    `json:"slug"`
	Format Format    `json:"format"`
	Source string    `json:"source,omitempty"`
	Added  time.Time `json:"added"`
}

// entrySchema is how Add writes an entry: a line of JSON (the Entry
// without its source), a newline, then the source as it is. Schema 1 was
// one JSON object, the source inside: reading it meant unescaping the
// whole text with encoding/json, which took longer than parsing the
// article when a long one was opened. Both are read.
const entrySchema = 2

// An Item is an added article, parsed.
type Item struct {
	Entry
	Article article.Article
}

// Errors of Add and Parse.
var (
	ErrTooBig    = fmt.Errorf("the text is larger than %d MB", MaxSize>>20)
	ErrEmpty     = errors.New("the text is empty")
	ErrNotText   = errors.New("this is not text (a binary file?)")
	ErrDuplicate = errors.New("this article is already in the library")
	ErrNotFound  = errors.New("no such article in the library")
)

// Parse reads source in format, after the checks Add makes.
func Parse(source string, format Format) (article.Article, error) {
	if len(source) > MaxSize {
		return article.Article{}, ErrTooBig
	}
	var a article.Article
	var err error
	if format == Markdown {
		a, err = article.ParseMarkdown(source)
	} else {
		a, err = article.Parse(source)
	}
	switch {
	case errors.Is(err, article.ErrEmpty):
		return a, ErrEmpty
	case errors.Is(err, article.ErrNotText):
		return a, ErrNotText
	}
	return a, err
}

// DetectFormat guesses whether a text is Markdown: from the file name's
// extension when there is one, else from Markdown headings, lists or
// emphasis in it.
func DetectFormat(name, source string) Format {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, ".md") || strings.HasSuffix(lower, ".markdown"):
		return Markdown
	case strings.HasSuffix(lower, ".txt"):
		return Text
	}
	marks := 0
	for line := range strings.SplitSeq(source, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "# ") || strings.HasPrefix(t, "## ") || strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "```") {
			marks++
		}
		if strings.Contains(t, "**") || strings.Contains(t, "](") {
			marks++
		}
	}
	if marks >= 2 {
		return Markdown
	}
	return Text
}

// WithTitle returns source with its title, the first line, replaced by
// title (in Markdown, as a heading).
func WithTitle(source string, format Format, title string) string {
	title = strings.Join(strings.Fields(title), " ")
	if title == "" {
		return source
	}
	lines := strings.Split(strings.ReplaceAll(source, "\r\n", "\n"), "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if format == Markdown {
			lines[i] = "# " + title
			if i+1 < len(lines) && setext(lines[i+1]) {
				lines = slices.Delete(lines, i+1, i+2)
			}
			return strings.Join(lines, "\n")
		}
		lines[i] = title
		return strings.Join(lines, "\n")
	}
	return title + "\n"
}

// setext reports whether line underlines a heading ("===" or "---").
func setext(line string) bool {
	t := strings.TrimSpace(line)
	return t != "" && (strings.Trim(t, "=") == "" || strings.Trim(t, "-") == "")
}

// A Library is the added articles in a storage.
type Library struct {
	b store.Backend
}

// New returns the library kept in b.
func New(b store.Backend) *Library { return &Library{b: b} }

func key(id string) string { return keyPrefix + id }

// List returns the added articles, the latest first. Entries that cannot
// be read are left out and counted in skipped.
func (l *Library) List() (items []Item, skipped int, err error) {
	keys, err := l.b.Keys()
	if err != nil {
		return nil, 0, err
	}
	for _, k := range keys {
		id, ok := strings.CutPrefix(k, keyPrefix)
		if !ok {
			continue
		}
		it, err := l.get(id)
		if err != nil {
			skipped++
			continue
		}
		items = append(items, it)
	}
	sort.Slice(items, func(i, j int) bool {
		if c := items[j].Added.Compare(items[i].Added); c != 0 {
			return c < 0
		}
		return items[i].Slug < items[j].Slug
	})
	return items, skipped, nil
}

func (l *Library) get(id string) (Item, error) {
	e, err := l.entry(id)
	if err != nil {
		return Item{}, err
	}
	return parsed(e)
}

// entry reads the stored entry of an article, unparsed.
func (l *Library) entry(id string) (Entry, error) {
	raw, ok, err := l.b.Get(key(id))
	if err != nil {
		return Entry{}, err
	}
	if !ok {
		return Entry{}, ErrNotFound
	}
	return decodeEntry(raw)
}

// decodeEntry reads an entry of either schema (see entrySchema). JSON as
// json.Marshal writes it has no raw newline, so a schema 1 entry is one
// line.
func decodeEntry(raw string) (Entry, error) {
	head, source, split := strings.Cut(raw, "\n")
	var e Entry
	if err := json.Unmarshal([]byte(head), &e); err != nil {
		return Entry{}, fmt.Errorf("library: unreadable entry: %w", err)
	}
	switch {
	case e.Schema == 1 && !split:
	case e.Schema == entrySchema && split && e.Source == "":
		e.Source = source
	default:
		return Entry{}, fmt.Errorf("library: unknown schema %d", e.Schema)
	}
	return e, nil
}

// encodeEntry writes an entry as Add does.
func encodeEntry(e Entry) (string, error) {
	source := e.Source
	e.Schema, e.Source = entrySchema, ""
	head, err := json.Marshal(e)
	if err != nil {
		return "", err
	}
	return string(head) + "\n" + source, nil
}

// parsed parses an entry's source into its article.
func parsed(e Entry) (Item, error) {
	a, err := Parse(e.Source, e.Format)
	if err != nil {
		return Item{}, err
	}
	a.Slug = e.Slug
	return Item{Entry: e, Article: a}, nil
}

// BySlug returns the added article with that slug. Only that one is
// parsed: opening an article does not parse the whole library.
func (l *Library) BySlug(slug string) (Item, bool) {
	keys, err := l.b.Keys()
	if err != nil {
		return Item{}, false
	}
	for _, k := range keys {
		id, ok := strings.CutPrefix(k, keyPrefix)
		if !ok {
			continue
		}
		if e, err := l.entry(id); err == nil && e.Slug == slug {
			it, err := parsed(e)
			return it, err == nil
		}
	}
	return Item{}, false
}

// Add parses source and keeps it, with a slug that taken (the seeds') and
// the other added articles do not use. Adding a text that is already there
// returns it with ErrDuplicate.
func (l *Library) Add(source string, format Format, now time.Time, taken func(slug string) bool) (Item, error) {
	a, err := Parse(source, format)
	if err != nil {
		return Item{}, err
	}
	return l.keep(Entry{Format: format, Source: source, Added: now.UTC().Truncate(time.Second)}, a, a.Slug, taken)
}

// Put keeps an added article as it was written elsewhere (restored from a
// backup): with its time, and its slug unless taken or another added
// article has it. An article already there is returned with ErrDuplicate.
func (l *Library) Put(e Entry, taken func(slug string) bool) (Item, error) {
	a, err := Parse(e.Source, e.Format)
	if err != nil {
		return Item{}, err
	}
	e.Added = e.Added.UTC()
	return l.keep(e, a, cmp.Or(e.Slug, a.Slug), taken)
}

// keep stores the entry of article a under base as its slug, or base-2,
// base-3… if taken or another added article has it; an article already
// there is returned with ErrDuplicate.
func (l *Library) keep(e Entry, a article.Article, base string, taken func(slug string) bool) (Item, error) {
	items, _, err := l.List()
	if err != nil {
		return Item{}, err
	}
	used := map[string]bool{}
	for _, it := range items {
		if it.Article.ID == a.ID {
			return it, ErrDuplicate
		}
		used[it.Slug] = true
	}
	slug := base
	for n := 2; used[slug] || taken(slug); n++ {
		slug = base + "-" + strconv.Itoa(n)
	}
	e.Schema, e.Slug = entrySchema, slug
	raw, err := encodeEntry(e)
	if err != nil {
		return Item{}, err
	}
	if err := l.b.Set(key(a.ID), raw); err != nil {
		return Item{}, err
	}
	a.Slug = slug
	return Item{Entry: e, Article: a}, nil
}

// A Removed is what Delete took away, for Restore.
type Removed struct {
	id          string
	entry, data string
	hadData     bool
}

// Delete removes an added article and its annotations, and returns them
// for Restore.
func (l *Library) Delete(id string) (Removed, error) {
	raw, ok, err := l.b.Get(key(id))
	if err != nil {
		return Removed{}, err
	}
	if !ok {
		return Removed{}, ErrNotFound
	}
	data, hadData, err := l.b.Get(store.Key(id))
	if err != nil {
		return Removed{}, err
	}
	if err := l.b.Remove(key(id)); err != nil {
		return Removed{}, err
	}
	if hadData {
		if err := l.b.Remove(store.Key(id)); err != nil {
			return Removed{}, err
		}
	}
	if err := l.b.Remove(store.StampKey(id)); err != nil {
		return Removed{}, err
	}
	return Removed{id: id, entry: raw, data: data, hadData: hadData}, nil
}

// Restore puts back what Delete removed.
func (l *Library) Restore(r Removed) error {
	if r.id == "" {
		return ErrNotFound
	}
	if err := l.b.Set(key(r.id), r.entry); err != nil {
		return err
	}
	if r.hadData {
		return l.b.Set(store.Key(r.id), r.data)
	}
	return nil
}
