package annobackup

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"marginalia/app/annotation"
	"marginalia/app/article"
	"marginalia/app/backup"
	"marginalia/app/webanno"
	"marginalia/cmd/internal/annostore"
	"marginalia/seeds"
)

// page is how many documents Export and Import read at a time.
const page = 500

// Summary counts what Export wrote, and what it left out.
type Summary struct {
	Articles    int // articles written
	Annotations int // annotations written
	// Unreadable are annotations the app cannot read (kept by another
	// Web Annotation client, say): left out, as one would make the
	// browser's Restore refuse the whole article.
	Unreadable int
	// Orphans are annotations of no article of the library, and records
	// of articles that are neither added nor one of the app's: left out,
	// as the browser could not open them.
	Orphans int
}

// Export writes the library kept in a container as a backup file, as the
// browser's Back up everything writes it and its Restore from backup
// reads it: the articles with records, the app's own articles with
// annotations, each with its annotations as an AnnotationCollection. See
// ExportSummary.
func Export(ctx context.Context, st annostore.Store, container string, now time.Time) ([]byte, error) {
	data, _, err := ExportSummary(ctx, st, container, now)
	return data, err
}

// fileArticle is an article of a backup, with what the browser's backup
// does not carry yet (its Restore ignores it).
type fileArticle struct {
	backup.Article
	Rejected []Rejection `json:"rejected,omitempty"`
}

// file is a backup's envelope, with fileArticles.
type file struct {
	Marginalia string        `json:"marginalia"`
	Version    int           `json:"version"`
	Created    time.Time     `json:"created"`
	Articles   []fileArticle `json:"articles"`
}

// ExportSummary is Export, and says what it wrote and left out. The added
// articles come first, the latest added first, then the app's own, in
// their order, as in the browser's backup. An annotation's id is its own
// IRI ("via", when the server minted another); every other member is
// written as stored. The mentions of an entity all name it as the newest
// of them does. Annotations the app cannot read, and those of no known
// article, are left out and counted.
func ExportSummary(ctx context.Context, st annostore.Store, container string, now time.Time) ([]byte, Summary, error) {
	var sum Summary
	if err := exists(ctx, st, container); err != nil {
		return nil, sum, err
	}
	recs, err := records(ctx, st, container)
	if err != nil {
		return nil, sum, err
	}
	seedByID := map[string]article.Article{}
	for _, a := range seeds.Articles() {
		seedByID[a.ID] = a
	}
	var added, own []Record
	for _, r := range recs {
		_, seed := seedByID[r.ID]
		switch {
		case r.Added != nil:
			added = append(added, r)
		case seed:
			own = append(own, r)
		default:
			sum.Orphans++
		}
	}
	slices.SortStableFunc(added, func(a, b Record) int {
		return cmp.Or(b.Added.At.Compare(a.Added.At), cmp.Compare(a.Added.Slug, b.Added.Slug))
	})
	// The app's articles in their order, with a record or annotations.
	byID := map[string]Record{}
	for _, r := range own {
		byID[r.ID] = r
	}
	own = own[:0]
	for _, a := range seeds.Articles() {
		r, ok := byID[a.ID]
		if !ok {
			r = Record{ID: a.ID, IRI: a.IRI()}
		}
		if r.Title == "" {
			r.Title = a.Title
		}
		own = append(own, r)
	}

	f := file{Marginalia: "backup", Version: backup.Version, Created: now.UTC(), Articles: []fileArticle{}}
	known := map[string]bool{}
	for _, r := range append(added, own...) {
		iri := ArticleIRI(r.ID)
		known[iri] = true
		anns, err := annotations(ctx, st, container, iri)
		if err != nil {
			return nil, sum, err
		}
		if _, ok := byID[r.ID]; !ok && r.Added == nil && len(anns) == 0 {
			continue // one of the app's, never annotated
		}
		var its []any
		for _, a := range anns {
			if !readable(a) {
				sum.Unreadable++
				continue
			}
			its = append(its, a)
		}
		sameEntities(anns)
		c, err := collection(r, iri, its, now)
		if err != nil {
			return nil, sum, fmt.Errorf("the annotations of “%s” could not be written: %w", r.Title, err)
		}
		f.Articles = append(f.Articles, fileArticle{
			Article:  backup.Article{ID: r.ID, Title: r.Title, Added: r.Added, Labels: r.Labels, Notebook: r.Notebook, Annotations: c},
			Rejected: r.Rejected,
		})
		sum.Articles++
		sum.Annotations += len(its)
	}
	n, err := orphans(ctx, st, container, known)
	if err != nil {
		return nil, sum, err
	}
	sum.Orphans += n
	data, err := marshalIndent(f)
	return data, sum, err
}

// exists checks that the container is there, in words a person reads.
func exists(ctx context.Context, st annostore.Store, container string) error {
	_, err := st.Container(ctx, container)
	switch {
	case errors.Is(err, annostore.ErrNotFound):
		return fmt.Errorf("there is no user or group named %q", container)
	case err != nil:
		return fmt.Errorf("the database could not be read: %w", err)
	}
	return nil
}

// records are the container's library records, with their documents.
func records(ctx context.Context, st annostore.Store, container string) ([]Record, error) {
	var out []Record
	for off := 0; ; off += page {
		docs, total, err := st.List(ctx, container, annostore.Article, "", off, page)
		if err != nil {
			return nil, fmt.Errorf("the library of %s could not be read: %w", container, err)
		}
		for _, d := range docs {
			r, err := decodeRecord(d)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		if len(docs) == 0 || off+len(docs) >= total {
			return out, nil
		}
	}
}

// decodeRecord reads a library document's record.
func decodeRecord(d annostore.Doc) (Record, error) {
	var r Record
	if err := json.Unmarshal(d.Body, &r); err != nil {
		return r, fmt.Errorf("the library record %s of %s cannot be read: %v", d.ID, d.Container, err)
	}
	if r.ID == "" {
		r.ID = d.ID
	}
	if r.ID != d.ID {
		return r, fmt.Errorf("the library record %s of %s is of another article (%s)", d.ID, d.Container, r.ID)
	}
	r.IRI = ArticleIRI(r.ID)
	return r, nil
}

// annotations are the container's annotations of an article, oldest
// first, each with its own IRI as id (for one kept without, urn:uuid: or
// urn:marginalia: and its document's ID).
func annotations(ctx context.Context, st annostore.Store, container, iri string) ([]object, error) {
	var out []object
	for off := 0; ; off += page {
		docs, total, err := st.List(ctx, container, annostore.Annotation, iri, off, page)
		if err != nil {
			return nil, fmt.Errorf("the annotations of %s could not be read: %w", container, err)
		}
		for _, d := range docs {
			a, err := decodeObject(d.Body)
			if err != nil {
				return nil, fmt.Errorf("the annotation %s of %s cannot be read: %v", d.ID, container, err)
			}
			if id := originalID(a); id != "" {
				a["id"] = id
				delete(a, "via")
			} else {
				// Kept without an id (the server names it by its
				// document): one that names the document again.
				a["id"] = annotation.IRI(d.ID)
			}
			out = append(out, a)
		}
		if len(docs) == 0 || off+len(docs) >= total {
			return out, nil
		}
	}
}

// orphans counts the container's annotations of no known article.
func orphans(ctx context.Context, st annostore.Store, container string, known map[string]bool) (int, error) {
	n := 0
	for off := 0; ; off += page {
		docs, total, err := st.List(ctx, container, annostore.Annotation, "", off, page)
		if err != nil {
			return 0, fmt.Errorf("the annotations of %s could not be read: %w", container, err)
		}
		for _, d := range docs {
			if !known[d.Target] {
				n++
			}
		}
		if len(docs) == 0 || off+len(docs) >= total {
			return n, nil
		}
	}
}

// readable reports whether the app reads an annotation (or skips it as
// one it cannot place, such as a page note, which is harmless): one it
// rejects would make the browser refuse the whole article.
func readable(a object) bool {
	b, err := marshal(a)
	if err != nil {
		return false
	}
	c, err := webanno.Decode(b)
	if err != nil {
		return false
	}
	_, err = annotation.Load(c.Annotations, c.Entities)
	return err == nil
}

// sameEntities makes every mention of an entity name it as the newest of
// them does: the app reads an entity's name from the first mention it
// meets, and a rename reaches each mention's document on its own.
func sameEntities(anns []object) {
	newest := map[string]object{}
	for _, a := range anns {
		for _, b := range bodies(a) {
			if src := entitySource(b); src != nil {
				id := src["id"].(string)
				if cur, ok := newest[id]; !ok || timeOf(src, "modified").After(timeOf(cur, "modified")) {
					newest[id] = src
				}
			}
		}
	}
	for _, a := range anns {
		for _, b := range bodies(a) {
			if src := entitySource(b); src != nil {
				b["source"] = newest[src["id"].(string)]
			}
		}
	}
}

// collection writes an article's annotations as the browser's export
// does: an AnnotationCollection with its first page embedded.
func collection(r Record, iri string, items []any, now time.Time) (json.RawMessage, error) {
	id := webanno.CollectionID(iri)
	if items == nil {
		items = []any{}
	}
	c := object{
		"@context":  webanno.Context,
		"id":        id,
		"type":      "AnnotationCollection",
		"label":     r.Title,
		"total":     len(items),
		"generator": object{"id": webanno.GeneratorIRI, "type": "Software", "name": "Marginalia"},
		"created":   annotation.Stamp(now).Format("2006-01-02T15:04:05.000Z"),
		"first":     object{"id": id + ":page1", "type": "AnnotationPage", "startIndex": 0, "items": items},
	}
	if r.Title == "" {
		delete(c, "label")
	}
	return marshal(c)
}
