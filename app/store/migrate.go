package store

import (
	"errors"
	"fmt"
	"strings"
)

// A Committer is a Backend whose writes reach the disk after Set returns
// (IndexedDB): Committed waits until every write so far is there, and
// Stored reads a key from the disk itself.
type Committer interface {
	Committed() error
	Stored(key string) (value string, ok bool, err error)
}

// Migrate moves everything Marginalia keeps (every key under Prefix) from
// one backend to another: the browser's localStorage, where libraries
// were kept, to IndexedDB. A key leaves from only once its value is read
// back from to's disk and found right, so a migration cut short (the tab
// closed, the disk full) leaves each key in one place or both, never in
// neither, and the next Migrate takes up where it stopped.
//
// A key both hold was moved before and written since in to, where the
// app writes once it moved: to's value stays, except for an article's
// record, which is merged (an older version of the app, still open in
// another tab, may have saved to the old place meanwhile). A record from
// that cannot be read is kept in to as a backup.
func Migrate(from, to Backend) error {
	keys, err := from.Keys()
	if err != nil {
		return fmt.Errorf("store: listing what to move: %w", err)
	}
	var moving []string
	var errs []error
	for _, k := range keys {
		if !strings.HasPrefix(k, Prefix) {
			continue
		}
		if err := migrateKey(from, to, k); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", k, err))
			continue
		}
		moving = append(moving, k)
	}
	if c, ok := to.(Committer); ok && len(moving) > 0 {
		if err := c.Committed(); err != nil {
			return errors.Join(append(errs, fmt.Errorf("store: writing the moved library: %w", err))...)
		}
	}
	for _, k := range moving {
		if err := verify(to, k); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", k, err))
			continue
		}
		if err := from.Remove(k); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", k, err))
		}
	}
	return errors.Join(errs...)
}

// migrateKey writes key's value in from to to (see Migrate).
func migrateKey(from, to Backend, key string) error {
	v, ok, err := from.Get(key)
	if err != nil || !ok {
		return err
	}
	cur, has, err := to.Get(key)
	switch {
	case err != nil:
		return err
	case has && cur == v:
		return nil // moved before, and not removed: the move was cut short
	case has && strings.HasPrefix(key, Key("")):
		id := strings.TrimPrefix(key, Key(""))
		d, derr := decode(v, id)
		if derr != nil {
			s := New(to)
			_, err := s.backup(id, v)
			return err
		}
		_, err := New(to).Save(id, d) // merges to's record into d
		return err
	case has:
		return nil // to's is newer
	}
	return to.Set(key, v)
}

// verify checks that to holds key, on its disk if it has one.
func verify(to Backend, key string) error {
	want, ok, err := to.Get(key)
	if err != nil || !ok {
		return fmt.Errorf("not found after writing it (%v)", err)
	}
	c, isC := to.(Committer)
	if !isC {
		return nil
	}
	got, ok, err := c.Stored(key)
	switch {
	case err != nil:
		return err
	case !ok || got != want:
		return errors.New("read back different from what was written")
	}
	return nil
}
