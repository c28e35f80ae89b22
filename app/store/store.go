// Package store keeps each article's annotations in a key-value storage
// (the browser's IndexedDB through web/store.js, or localStorage; a map in
// tests), one versioned record per article, so that nothing is ever lost:
// every save first merges what another tab saved, a record that cannot be
// read is backed up before anything else is written, and a full storage is
// reported without damaging what was saved.
package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"marginalia/app/annotation"
)

// Prefix starts every key Marginalia writes.
const Prefix = "marginalia:"

// Schema is the version of the records Save writes.
const Schema = 1

// Key returns the key of an article's record.
func Key(articleID string) string { return Prefix + "article:" + articleID }

// StampKey returns the key of an article's stamp: a random token that
// every save writes just before the record, so that a tab can tell, from a
// few bytes, whether another tab saved since it last read or wrote the
// record (then it reads and merges it) without reading a record of
// megabytes at every save.
func StampKey(articleID string) string { return Prefix + "stamp:" + articleID }

// RejectedKey returns the key of the entity suggestions the reader
// rejected in an article (kept by the reader, app/ui).
func RejectedKey(articleID string) string { return Prefix + "rejected:" + articleID }

// backupPrefix starts the keys of backed-up unreadable records.
func backupPrefix(articleID string) string { return Prefix + "backup:" + articleID + ":" }

// ErrQuota is returned by a Backend whose storage is full.
var ErrQuota = errors.New("store: the browser's storage is full")

// ErrNewer is returned for a record a newer version of Marginalia wrote:
// this one must neither read it as corrupt nor write over it.
var ErrNewer = errors.New("saved by a newer version of Marginalia")

// A Backend is a key-value storage. Set returns an error wrapping ErrQuota
// when the storage is full.
type Backend interface {
	Get(key string) (value string, ok bool, err error)
	Set(key, value string) error
	Remove(key string) error
	Keys() ([]string, error)
}

// Data is what is kept of an article.
type Data struct {
	Set      *annotation.Set
	Labels   []string // the article's entity labels, in order
	Notebook string   // notes not tied to the text
	// NotebookRead and NotebookWritten are the notebook as the saving tab
	// last read another tab's and last wrote its own: a stored notebook
	// that is neither was changed by another tab, and Save merges the two
	// (MergeNotebook), leaving in NotebookRead the one it read. Load
	// leaves them empty.
	NotebookRead, NotebookWritten string
}

// MergeNotebook merges another tab's notebook (stored) into this tab's
// (local). This tab last read read from another tab, and last wrote
// written: a stored notebook that is one of those is not a change of
// another tab's; a local one other than read is a change of this tab's.
// The one changed wins (emptied too); when both changed, a text that
// holds the other wins, else both are kept, in an order of their own, so
// that every tab that merges the same two ends with the same text. No
// notebook text is ever dropped: two changes at once may keep an older
// text beside a newer one, never lose either.
func MergeNotebook(local, read, written, stored string) string {
	switch {
	case stored == read || stored == written || stored == local:
		return local
	case local == read, strings.Contains(stored, local):
		return stored
	case strings.Contains(local, stored):
		return local
	}
	a, b := min(local, stored), max(local, stored)
	return a + "\n\n" + b
}

// MergeLabels adds to this tab's labels, in their order, those of another
// tab's it lacks, in theirs: a label is never taken away.
func MergeLabels(local, stored []string) []string {
	out := local
	for _, l := range stored {
		if !slices.Contains(out, l) {
			if len(out) == len(local) {
				out = slices.Clone(local)
			}
			out = append(out, l)
		}
	}
	return out
}

// record is the stored form of Data.
type record struct {
	Schema      int                     `json:"schema"`
	Article     string                  `json:"article"`
	SavedAt     time.Time               `json:"savedAt"`
	Annotations []annotation.Annotation `json:"annotations"`
	Entities    []annotation.Entity     `json:"entities"`
	Labels      []string                `json:"labels,omitempty"`
	Notebook    string                  `json:"notebook,omitempty"`
}

// A CorruptError reports a record that could not be read; it was copied to
// BackupKey, and the article starts empty.
type CorruptError struct {
	Key, BackupKey string
	Err            error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("store: %s could not be read (a copy was kept as %s): %v", e.Key, e.BackupKey, e.Err)
}

func (e *CorruptError) Unwrap() error { return e.Err }

// A Store reads and writes records through a Backend.
type Store struct {
	b   Backend
	Now func() time.Time // nil means time.Now

	// last is the record of each article as this store last read or wrote
	// it: when storage still holds exactly that, Save need not decode and
	// merge it again (with a thousand annotations, that is most of a save).
	last map[string]string
	// stamps is the stamp of each article as this store last read or wrote
	// it: when storage still holds it, Save need not even read the record.
	stamps map[string]string

	// BackedUp is the key of the copy Save last made of a record it could
	// not read before writing over it ("" if none): the page says so.
	BackedUp string
}

// New returns a store on b.
func New(b Backend) *Store {
	return &Store{b: b, last: map[string]string{}, stamps: map[string]string{}}
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Load reads an article's data. No record gives empty data. A record that
// cannot be read or fails validation is copied to a new backup key (never
// over an older backup) and Load returns empty data with a *CorruptError;
// the next Save then writes a fresh record.
func (s *Store) Load(articleID string) (Data, error) {
	key := Key(articleID)
	raw, ok, err := s.b.Get(key)
	if err != nil {
		return emptyData(), fmt.Errorf("store: reading %s: %w", key, err)
	}
	if !ok {
		return emptyData(), nil
	}
	stamp, _, _ := s.b.Get(StampKey(articleID))
	d, err := decode(raw, articleID)
	if err == nil {
		s.last[articleID], s.stamps[articleID] = raw, stamp
		return d, nil
	}
	if errors.Is(err, ErrNewer) {
		return emptyData(), fmt.Errorf("store: %s: %w", key, err) // left as it is
	}
	backup, berr := s.backup(articleID, raw)
	if berr != nil {
		// Without a copy, the record must not be replaced: keep it and say so.
		return emptyData(), &UnsavedError{Key: key, Err: err, CopyErr: berr}
	}
	if rerr := s.b.Remove(key); rerr != nil {
		return emptyData(), rerr
	}
	return emptyData(), &CorruptError{Key: key, BackupKey: backup, Err: err}
}

// backup copies an unreadable record to a new backup key (never over an
// older backup) and returns the key.
func (s *Store) backup(articleID, raw string) (string, error) {
	key := backupPrefix(articleID) + s.now().UTC().Format("20060102T150405.000000000Z")
	if _, taken, _ := s.b.Get(key); taken {
		key += "-" + annotation.NewID()[:8]
	}
	return key, s.b.Set(key, raw)
}

// An UnsavedError reports a record that could not be read, and of which
// no copy could be made (the storage is full): it is left in place, and
// nothing may be written over it until a copy is made.
type UnsavedError struct {
	Key          string
	Err, CopyErr error
}

func (e *UnsavedError) Error() string {
	return fmt.Sprintf("store: %s could not be read (%v), and no copy could be made: %v", e.Key, e.Err, e.CopyErr)
}

func (e *UnsavedError) Unwrap() error { return e.CopyErr }

// Raw returns an article's record as stored, to download it as it is.
func (s *Store) Raw(articleID string) (string, bool) {
	raw, ok, err := s.b.Get(Key(articleID))
	return raw, ok && err == nil
}

func emptyData() Data {
	return Data{Set: &annotation.Set{}, Labels: slices.Clone(annotation.DefaultLabels)}
}

// Save writes an article's data. It first merges into d whatever is
// stored (another tab's changes: annotations and entities into d.Set, and
// the labels), so that no edit is lost, and reports whether that merge
// changed d. The notebook written is d's. A full storage returns an
// error wrapping ErrQuota and leaves the stored record as it was.
func (s *Store) Save(articleID string, d Data) (merged bool, err error) {
	return s.save(articleID, &d, false)
}

// SaveMerging is Save for a tab that shows d: it merges the stored
// notebook too (against d.NotebookRead and d.NotebookWritten), and
// leaves in *d the labels and notebook merged, for the tab to show.
func (s *Store) SaveMerging(articleID string, d *Data) (merged bool, err error) {
	return s.save(articleID, d, true)
}

func (s *Store) save(articleID string, d *Data, notebook bool) (merged bool, err error) {
	key := Key(articleID)
	if stamp, ok, err := s.b.Get(StampKey(articleID)); !ok || err != nil || stamp == "" || stamp != s.stamps[articleID] {
		// Another tab may have saved: read what it wrote.
		if raw, ok, err := s.b.Get(key); err == nil && ok && raw != s.last[articleID] {
			stored, err := decode(raw, articleID)
			switch {
			case err == nil:
				st := d.Set.Merge(stored.Set)
				merged = st.Added+st.Updated > 0
				if l := MergeLabels(d.Labels, stored.Labels); len(l) != len(d.Labels) {
					d.Labels, merged = l, true
				}
				if notebook {
					if n := MergeNotebook(d.Notebook, d.NotebookRead, d.NotebookWritten, stored.Notebook); n != d.Notebook {
						d.Notebook, merged = n, true
					}
					d.NotebookRead = stored.Notebook
				}
			case errors.Is(err, ErrNewer):
				return false, fmt.Errorf("store: %s: %w", key, err)
			default:
				// Unreadable (half written, say): a copy first, or nothing.
				backup, berr := s.backup(articleID, raw)
				if berr != nil {
					return false, &UnsavedError{Key: key, Err: err, CopyErr: berr}
				}
				s.BackedUp = backup
			}
		}
	}
	as, es := d.Set.Records()
	rec := record{
		Schema:      Schema,
		Article:     articleID,
		SavedAt:     annotation.Stamp(s.now()),
		Annotations: as,
		Entities:    es,
		Labels:      d.Labels,
		Notebook:    d.Notebook,
	}
	b, err := encode(rec)
	if err != nil {
		return merged, fmt.Errorf("store: %w", err)
	}
	// The stamp goes first: a record written without its new stamp (the
	// tab closed in between) is read and merged by the next save of any
	// tab, never overwritten unseen.
	stamp := annotation.NewID()
	if err := s.b.Set(StampKey(articleID), stamp); err != nil {
		return merged, fmt.Errorf("store: saving %s: %w", key, err)
	}
	if err := s.b.Set(key, string(b)); err != nil {
		return merged, fmt.Errorf("store: saving %s: %w", key, err)
	}
	s.last[articleID], s.stamps[articleID] = string(b), stamp
	return merged, nil
}

// Parse reads a record as stored for an article (the new value of a
// storage event, say), upgrading an older schema.
func Parse(raw, articleID string) (Data, error) { return decode(raw, articleID) }

// Count returns how many live annotations an article has in storage, or
// 0 if its record is missing or unreadable.
func (s *Store) Count(articleID string) int {
	raw, ok, err := s.b.Get(Key(articleID))
	if err != nil || !ok {
		return 0
	}
	d, err := decode(raw, articleID)
	if err != nil {
		return 0
	}
	return d.Set.Len()
}

// Backup returns the newest backup of an article's unreadable record.
func (s *Store) Backup(articleID string) (key, raw string, ok bool) {
	keys, err := s.b.Keys()
	if err != nil {
		return "", "", false
	}
	var found []string
	for _, k := range keys {
		if strings.HasPrefix(k, backupPrefix(articleID)) {
			found = append(found, k)
		}
	}
	if len(found) == 0 {
		return "", "", false
	}
	slices.Sort(found)
	key = found[len(found)-1]
	raw, ok, err = s.b.Get(key)
	return key, raw, ok && err == nil
}

// Delete removes everything kept for an article, backups and rejected
// suggestions included.
func (s *Store) Delete(articleID string) error {
	return s.removeIf(func(k string) bool {
		return k == Key(articleID) || k == StampKey(articleID) || k == RejectedKey(articleID) || strings.HasPrefix(k, backupPrefix(articleID))
	})
}

// DeleteAll removes everything Marginalia keeps.
func (s *Store) DeleteAll() error {
	return s.removeIf(func(k string) bool { return strings.HasPrefix(k, Prefix) })
}

func (s *Store) removeIf(match func(string) bool) error {
	keys, err := s.b.Keys()
	if err != nil {
		return err
	}
	for _, k := range keys {
		if match(k) {
			if err := s.b.Remove(k); err != nil {
				return err
			}
		}
	}
	return nil
}
