package annobackup

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"marginalia/app/backup"
	"marginalia/app/store"
	"marginalia/cmd/internal/annostore"
	"marginalia/seeds"
)

// A Report says what Import did.
type Report struct {
	ArticlesAdded   int // library records made
	ArticlesUpdated int // records whose labels, notebook, source or rejections grew
	Added           int // annotations made
	Updated         int // annotations replaced by the backup's newer version
	Unchanged       int // annotations kept in the same or a newer version
	// Deleted are annotations and articles deleted on the server since:
	// left deleted (an old backup does not bring them back).
	Deleted int
}

// String is the summary printed by marginalia import.
func (r Report) String() string {
	return fmt.Sprintf("imported: %d articles added, %d updated; %d annotations added, %d updated, %d unchanged, %d deleted on the server left deleted",
		r.ArticlesAdded, r.ArticlesUpdated, r.Added, r.Updated, r.Unchanged, r.Deleted)
}

// retries bounds how often Import reads and writes a document again when
// another writer changed it in between.
const retries = 5

// Import merges a backup file (as the browser's Back up everything writes
// it, or Export) into a container, as the browser's Restore from backup
// merges one into its library: the whole file is read and checked first,
// by the app's own restore, so that a file that cannot be used changes
// nothing. Then each article's record is made, or joined with the
// backup's (labels and rejections joined, a notebook kept with the
// backup's added below it when it differs, the source of an added article
// kept); each annotation becomes a document of its own, all its members as
// the file has them and its id in "via" (see DocID), or replaces the
// stored one when the file's is newer (by its modified time, or its
// entity's). Nothing is deleted, and a document deleted on the server
// stays deleted. Importing the same file again changes nothing. New
// documents are creator's.
func Import(ctx context.Context, st annostore.Store, container, creator string, data []byte) (Report, error) {
	var rep Report
	// The app's own check: everything a browser would refuse is refused
	// here, in its words.
	if _, err := backup.Restore(&store.Memory{}, data, seeds.Articles(), time.Now()); err != nil {
		return rep, err
	}
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return rep, fmt.Errorf("this backup is damaged (%v); nothing was changed", err)
	}
	type split struct {
		a     fileArticle
		items []object
	}
	arts := make([]split, 0, len(f.Articles))
	for _, a := range f.Articles {
		its, err := items(a.Annotations)
		if err != nil {
			return rep, fmt.Errorf("the annotations of “%s” in this backup cannot be read: %v", a.Title, err)
		}
		for _, it := range its {
			if originalID(it) == "" {
				return rep, fmt.Errorf("an annotation of “%s” in this backup has no id", a.Title)
			}
		}
		arts = append(arts, split{a, its})
	}
	if err := exists(ctx, st, container); err != nil {
		return rep, err
	}
	for _, s := range arts {
		if err := importRecord(ctx, st, container, creator, s.a, &rep); err != nil {
			return rep, err
		}
		iri := ArticleIRI(s.a.ID)
		im, err := newImporter(ctx, st, container, creator, iri)
		if err != nil {
			return rep, err
		}
		for _, it := range s.items {
			if err := im.put(ctx, it, &rep); err != nil {
				return rep, fmt.Errorf("an annotation of “%s” could not be stored: %w", s.a.Title, err)
			}
		}
	}
	return rep, nil
}

// importRecord makes an article's record, or joins the backup's into it.
func importRecord(ctx context.Context, st annostore.Store, container, creator string, a fileArticle, rep *Report) error {
	in := Record{ID: a.ID, Title: a.Title, IRI: ArticleIRI(a.ID), Added: a.Added, Labels: a.Labels, Notebook: a.Notebook, Rejected: a.Rejected}
	for range retries {
		d, err := st.Get(ctx, container, annostore.Article, a.ID)
		switch {
		case errors.Is(err, annostore.ErrNotFound):
			body, err := marshal(in)
			if err != nil {
				return err
			}
			_, err = st.Create(ctx, annostore.Doc{Container: container, Kind: annostore.Article, ID: a.ID, Creator: creator, Body: body})
			switch {
			case err == nil:
				rep.ArticlesAdded++
				return nil
			case errors.Is(err, annostore.ErrExists):
				continue // made in between: join it
			case errors.Is(err, annostore.ErrGone):
				rep.Deleted++
				return nil
			}
			return fmt.Errorf("“%s” could not be stored: %w", a.Title, err)
		case errors.Is(err, annostore.ErrGone):
			rep.Deleted++
			return nil
		case err != nil:
			return fmt.Errorf("“%s” could not be read: %w", a.Title, err)
		}
		kept, err := decodeRecord(d)
		if err != nil {
			return err
		}
		joined, changed := join(kept, in)
		if !changed {
			return nil
		}
		body, err := marshal(joined)
		if err != nil {
			return err
		}
		d.Body = body
		_, err = st.Put(ctx, d, d.Cursor)
		switch {
		case err == nil:
			rep.ArticlesUpdated++
			return nil
		case errors.Is(err, annostore.ErrStale), errors.Is(err, annostore.ErrNotFound), errors.Is(err, annostore.ErrGone):
			continue // changed in between: read it again
		}
		return fmt.Errorf("“%s” could not be stored: %w", a.Title, err)
	}
	return fmt.Errorf("“%s” kept changing while it was imported: try again", a.Title)
}

// join merges a backup's record into a kept one, as the browser's restore
// does: labels joined in order, the kept notebook with the backup's below
// it unless it is in it already, the kept title and source unless there
// are none, rejections joined.
func join(kept, in Record) (Record, bool) {
	changed := false
	if kept.Title == "" && in.Title != "" {
		kept.Title, changed = in.Title, true
	}
	if kept.Added == nil && in.Added != nil {
		kept.Added, changed = in.Added, true
	}
	for _, l := range in.Labels {
		if !slices.Contains(kept.Labels, l) {
			kept.Labels, changed = append(kept.Labels, l), true
		}
	}
	if nb := joinNotebook(kept.Notebook, in.Notebook); nb != kept.Notebook {
		kept.Notebook, changed = nb, true
	}
	for _, r := range in.Rejected {
		if !slices.Contains(kept.Rejected, r) {
			kept.Rejected, changed = append(kept.Rejected, r), true
		}
	}
	return kept, changed
}

// joinNotebook is the browser restore's rule for notebooks.
func joinNotebook(kept, in string) string {
	switch {
	case in == "" || strings.Contains(kept, in):
		return kept
	case strings.TrimSpace(kept) == "":
		return in
	}
	return kept + "\n\n" + in
}

// importer stores the annotations of one article.
type importer struct {
	st                      annostore.Store
	container, creator, iri string
	byIRI                   map[string]annostore.Doc // live documents by their annotation's own IRI
	iriOf                   map[string]string        // and the reverse, by document ID
}

// newImporter reads the article's annotations kept in the container.
func newImporter(ctx context.Context, st annostore.Store, container, creator, iri string) (*importer, error) {
	im := &importer{st: st, container: container, creator: creator, iri: iri, byIRI: map[string]annostore.Doc{}, iriOf: map[string]string{}}
	for off := 0; ; off += page {
		docs, total, err := st.List(ctx, container, annostore.Annotation, iri, off, page)
		if err != nil {
			return nil, fmt.Errorf("the annotations of %s could not be read: %w", container, err)
		}
		for _, d := range docs {
			im.keep(d)
		}
		if len(docs) == 0 || off+len(docs) >= total {
			return im, nil
		}
	}
}

// keep notes a live document.
func (im *importer) keep(d annostore.Doc) {
	a, err := decodeObject(d.Body)
	if err != nil {
		return // not one of ours to match: its ID still keeps its place
	}
	id := originalID(a)
	im.byIRI[id], im.iriOf[d.ID] = d, id
}

// put stores one annotation of the backup.
func (im *importer) put(ctx context.Context, it object, rep *Report) error {
	id := originalID(it)
	it["via"] = id
	body, err := marshal(it)
	if err != nil {
		return err
	}
	target := TargetSource(it)
	if target == "" {
		target = im.iri
	}
	for range retries {
		kept, ok := im.byIRI[id]
		if !ok {
			docID := DocID(id)
			if other, taken := im.iriOf[docID]; taken && other != id {
				docID = hashID(id)
			}
			d, err := im.st.Create(ctx, annostore.Doc{Container: im.container, Kind: annostore.Annotation, ID: docID, Creator: im.creator, Target: target, Body: body})
			switch {
			case err == nil:
				im.keep(d)
				rep.Added++
				return nil
			case errors.Is(err, annostore.ErrGone):
				rep.Deleted++
				return nil
			case errors.Is(err, annostore.ErrExists):
				// Made in between, or another annotation's ID (of another
				// article): read it and decide again.
				d, err := im.st.Get(ctx, im.container, annostore.Annotation, docID)
				switch {
				case errors.Is(err, annostore.ErrGone):
					rep.Deleted++
					return nil
				case err != nil && !errors.Is(err, annostore.ErrNotFound):
					return err
				case err == nil:
					im.keep(d)
					if im.iriOf[docID] != id {
						im.iriOf[docID] = "\x00taken" // not ours: the next round hashes
					}
				}
				continue
			}
			return err
		}
		old, err := decodeObject(kept.Body)
		if err != nil || !version(it).After(version(old)) {
			rep.Unchanged++
			return nil
		}
		d := kept
		d.Body, d.Target = body, target
		d, err = im.st.Put(ctx, d, kept.Cursor)
		switch {
		case err == nil:
			im.keep(d)
			rep.Updated++
			return nil
		case errors.Is(err, annostore.ErrGone):
			rep.Deleted++
			return nil
		case errors.Is(err, annostore.ErrStale), errors.Is(err, annostore.ErrNotFound):
			d, err := im.st.Get(ctx, im.container, annostore.Annotation, kept.ID)
			switch {
			case errors.Is(err, annostore.ErrGone):
				rep.Deleted++
				return nil
			case err != nil:
				return err
			}
			im.keep(d)
			continue
		}
		return err
	}
	return fmt.Errorf("%s kept changing while it was imported: try again", id)
}
