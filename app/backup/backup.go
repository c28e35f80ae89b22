// Package backup writes a whole library as one file, and merges such a
// file back into a library. It is pure: it reaches the storage only
// through a store.Backend.
//
// A backup is JSON, an envelope around the articles:
//
//	{
//	  "marginalia": "backup",
//	  "version": 1,
//	  "created": "2026-11-30T09:00:00Z",
//	  "articles": [
//	    {
//	      "id": "05809a90a204350d",
//	      "title": "Kerry Leaves Israel…",
//	      "added": {"slug": "…", "format": "text", "at": "…", "source": "…"},
//	      "labels": ["Person", …],
//	      "notebook": "…",
//	      "annotations": { a W3C Web Annotation AnnotationCollection }
//	    }
//	  ]
//	}
//
// "added" is there for an article added in the browser (its source text,
// from which the article is parsed again, with the same ID), and absent
// for one that comes with the app. "annotations" is the article's export,
// as the reader's Export writes it: JSON-LD that any Web Annotation tool
// reads.
package backup

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"marginalia/app/annotation"
	"marginalia/app/article"
	"marginalia/app/library"
	"marginalia/app/store"
	"marginalia/app/webanno"
)

// Version is the envelope's version Make writes.
const Version = 1

// kind is the envelope's "marginalia" member: it tells a backup from any
// other JSON.
const kind = "backup"

// File is a backup's envelope.
type File struct {
	Marginalia string    `json:"marginalia"`
	Version    int       `json:"version"`
	Created    time.Time `json:"created"`
	Articles   []Article `json:"articles"`
}

// Article is one article of a backup.
type Article struct {
	ID          string          `json:"id"`
	Title       string          `json:"title"`
	Added       *Added          `json:"added,omitempty"`
	Labels      []string        `json:"labels,omitempty"`
	Notebook    string          `json:"notebook,omitempty"`
	Annotations json.RawMessage `json:"annotations"`
}

// Added is an article added in the browser, as the library keeps it.
type Added struct {
	Slug   string         `json:"slug"`
	Format library.Format `json:"format"`
	At     time.Time      `json:"at"`
	Source string         `json:"source"`
}

// Name is the file name a backup made at t is offered under.
func Name(t time.Time) string {
	return "marginalia-backup-" + t.Format("2006-01-02") + ".json"
}

// Make writes the backup of the library kept in b: the added articles and
// the seeds, each with what is kept of it. Seeds with nothing kept are
// left out. An article whose record cannot be read fails the backup,
// naming it: a backup that silently lacks an article is worse than none.
func Make(b store.Backend, seeds []article.Article, now time.Time) ([]byte, error) {
	added, skipped, err := library.New(b).List()
	if err != nil {
		return nil, fmt.Errorf("the added articles could not be read: %w", err)
	}
	if skipped > 0 {
		return nil, fmt.Errorf("%d added articles could not be read", skipped)
	}
	f := File{Marginalia: kind, Version: Version, Created: now.UTC()}
	add := func(a article.Article, ad *Added) error {
		// Read, not Load: a backup must not back up or remove a record it
		// cannot read, only say so.
		raw, ok, err := b.Get(store.Key(a.ID))
		if err == nil && !ok {
			if ad == nil {
				return nil // a seed never annotated
			}
			return addArticle(&f, a, ad, store.Data{Set: &annotation.Set{}, Labels: slices.Clone(annotation.DefaultLabels)}, now)
		}
		var d store.Data
		if err == nil {
			d, err = store.Parse(raw, a.ID)
		}
		if err != nil {
			return fmt.Errorf("the annotations of “%s” could not be read: %w", a.Title, err)
		}
		return addArticle(&f, a, ad, d, now)
	}
	for _, it := range added {
		if err := add(it.Article, &Added{Slug: it.Slug, Format: it.Format, At: it.Added, Source: it.Source}); err != nil {
			return nil, err
		}
	}
	for _, a := range seeds {
		if err := add(a, nil); err != nil {
			return nil, err
		}
	}
	return json.MarshalIndent(f, "", " ")
}

// addArticle adds an article and what is kept of it to a backup.
func addArticle(f *File, a article.Article, ad *Added, d store.Data, now time.Time) error {
	as, es := d.Set.Records()
	c, err := webanno.Encode(webanno.Collection{Label: a.Title, Source: a.IRI(), Created: now, Annotations: as, Entities: es})
	if err != nil {
		return fmt.Errorf("“%s”: %w", a.Title, err)
	}
	f.Articles = append(f.Articles, Article{ID: a.ID, Title: a.Title, Added: ad, Labels: d.Labels, Notebook: d.Notebook, Annotations: c})
	return nil
}

// A Report says what Restore did.
type Report struct {
	ArticlesAdded   int // added articles the library did not have
	ArticlesUpdated int // articles whose annotations, labels or notebook changed
	Annotations     int // annotations and entities added or replaced by newer ones
}

// String is the summary shown to the user.
func (r Report) String() string {
	if r.ArticlesAdded+r.ArticlesUpdated == 0 {
		return "Restored: nothing new — the library already has everything in this backup."
	}
	var parts []string
	if r.ArticlesAdded > 0 {
		parts = append(parts, count(r.ArticlesAdded, "article", "articles")+" added")
	}
	if r.ArticlesUpdated > 0 {
		parts = append(parts, count(r.ArticlesUpdated, "article", "articles")+" updated")
	}
	return "Restored: " + strings.Join(parts, ", ") + " (" + count(r.Annotations, "annotation", "annotations") + " new or newer)."
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprint(n) + " " + many
}

// ErrNotBackup is returned for a file that is no Marginalia backup.
var ErrNotBackup = errors.New("this file is not a Marginalia backup (Back up everything makes one; to import one article’s annotations, use Import in its reader)")

// restoring is an article of a backup, read and checked.
type restoring struct {
	art      article.Article
	added    *library.Entry
	data     store.Data
	notebook string
}

// Restore merges a backup into the library kept in b: articles it lacks
// are added; into each article's record the backup's annotations are
// merged, the newer version of each winning, as between tabs; labels are
// joined; a notebook is kept, the backup's added below it when they
// differ. Restoring the same backup again changes nothing. The whole file
// is read and checked before anything is written: a file that cannot be
// used changes nothing, and the error says why. seeds are the articles
// that come with the app; taken says which slugs they use.
func Restore(b store.Backend, data []byte, seeds []article.Article, now time.Time) (Report, error) {
	arts, err := read(data, seeds)
	if err != nil {
		return Report{}, err
	}
	var rep Report
	lib, st := library.New(b), store.New(b)
	st.Now = func() time.Time { return now }
	taken := func(slug string) bool {
		return slices.ContainsFunc(seeds, func(a article.Article) bool { return a.Slug == slug })
	}
	for _, r := range arts {
		changed, addedNow := false, false
		if r.added != nil {
			_, err := lib.Put(*r.added, taken)
			switch {
			case err == nil:
				rep.ArticlesAdded++
				addedNow = true
			case errors.Is(err, library.ErrDuplicate):
			default:
				return rep, fmt.Errorf("“%s” could not be added: %w", r.art.Title, err)
			}
		}
		kept, err := st.Load(r.art.ID)
		var ce *store.CorruptError
		if err != nil && !errors.As(err, &ce) {
			return rep, fmt.Errorf("the annotations of “%s” could not be read, so the backup’s were not merged into them: %w", r.art.Title, err)
		}
		ms := kept.Set.Merge(r.data.Set)
		if n := ms.Added + ms.Updated; n > 0 {
			rep.Annotations += n
			changed = true
		}
		for _, l := range r.data.Labels {
			if !slices.Contains(kept.Labels, l) {
				kept.Labels = append(kept.Labels, l)
				changed = true
			}
		}
		if nb := mergeNotebook(kept.Notebook, r.notebook); nb != kept.Notebook {
			kept.Notebook = nb
			changed = true
		}
		if !changed {
			continue
		}
		if !addedNow {
			rep.ArticlesUpdated++
		}
		if _, err := st.Save(r.art.ID, kept); err != nil {
			return rep, fmt.Errorf("“%s” could not be saved: %w", r.art.Title, err)
		}
	}
	return rep, nil
}

// mergeNotebook joins a kept notebook and a backup's: the kept one stays
// as it is; the backup's is added below it unless it is already there.
func mergeNotebook(kept, backup string) string {
	switch {
	case backup == "" || strings.Contains(kept, backup):
		return kept
	case strings.TrimSpace(kept) == "":
		return backup
	}
	return kept + "\n\n" + backup
}

// read decodes and checks a whole backup.
func read(data []byte, seeds []article.Article) ([]restoring, error) {
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		// A backup begins with its kind: one cut short or damaged
		// further on still says what it is.
		if !bytes.Contains(data[:min(len(data), 64)], []byte(`"marginalia"`)) {
			return nil, ErrNotBackup
		}
		return nil, fmt.Errorf("this backup is damaged (%v); nothing was changed", err)
	}
	switch {
	case f.Marginalia != kind:
		return nil, ErrNotBackup
	case f.Version > Version:
		return nil, errors.New("this backup was made by a newer version of Marginalia: reload the page to update, then restore it")
	case f.Version < 1:
		return nil, fmt.Errorf("this backup has an unknown version (%d)", f.Version)
	}
	byID := map[string]article.Article{}
	for _, a := range seeds {
		byID[a.ID] = a
	}
	var out []restoring
	seen := map[string]bool{}
	for i, ba := range f.Articles {
		name := ba.Title
		if name == "" {
			name = fmt.Sprintf("article %d", i+1)
		}
		r := restoring{notebook: ba.Notebook}
		if ba.Added != nil {
			e := library.Entry{Slug: ba.Added.Slug, Format: ba.Added.Format, Source: ba.Added.Source, Added: ba.Added.At}
			a, err := library.Parse(e.Source, e.Format)
			if err != nil {
				return nil, fmt.Errorf("“%s” in this backup cannot be read: %w", name, err)
			}
			if a.ID != ba.ID {
				return nil, fmt.Errorf("“%s” in this backup is damaged: its text is not the one its annotations were made on", name)
			}
			r.art, r.added = a, &e
		} else {
			a, ok := byID[ba.ID]
			if !ok {
				return nil, fmt.Errorf("“%s” in this backup is neither in the backup nor one of this app’s articles", name)
			}
			r.art = a
		}
		if seen[ba.ID] {
			return nil, fmt.Errorf("“%s” is twice in this backup", name)
		}
		seen[ba.ID] = true
		c, err := webanno.Decode(ba.Annotations)
		if err != nil {
			return nil, fmt.Errorf("the annotations of “%s” in this backup cannot be read: %w", name, err)
		}
		set, err := annotation.Load(c.Annotations, c.Entities)
		if err != nil {
			return nil, fmt.Errorf("the annotations of “%s” in this backup cannot be used: %w", name, err)
		}
		r.data = store.Data{Set: set, Labels: ba.Labels}
		out = append(out, r)
	}
	return out, nil
}
