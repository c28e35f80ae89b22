package ui

import (
	"errors"
	"time"

	"marginalia/app/store"
)

// A saver keeps a workspace saved: it owns the article's store, the save
// waiting to run, the merge of what other tabs save, and what went wrong
// (the banners the reader shows). It reaches the browser only through a
// saveHost and the store's Backend, so the host tests drive it with a
// fake page and an in-memory storage.
type saver struct {
	host    saveHost
	backend store.Backend
	store   *store.Store
	ws      *workspace

	pending bool // a save waits for the page to paint
	failed  bool // the last save failed: the change is unsaved
	retries int  // failed saves in a row (the next retry waits longer)
	retry   bool // a retry is scheduled

	corrupt   string // the backup key of an unreadable record, for the banner
	quotaFull bool   // the last save failed: the storage is full
	err       string // the last save or read failed for another reason
	persisted string // what the browser said of persistent storage
	space     string // how much storage the site uses, of how much
	// blocked says why nothing may be written: the stored record is a
	// newer version's, or unreadable with no copy made of it yet. Changes
	// stay in the tab.
	blocked string
}

// A saveHost is what a saver needs of the page.
type saveHost interface {
	// afterPaint runs fn in a task of its own once the page has painted
	// what it shows now: a save of thousands of annotations takes longer
	// than a frame, and must not hold back the change it saves.
	afterPaint(fn func())
	// after runs fn once d has passed.
	after(d time.Duration, fn func())
	// show redraws the page: the banners or the workspace changed outside
	// a handler of the page's own.
	show()
}

// retryAfter is how long a failed save waits before it tries again, by
// the failures in a row; the last keeps for the failures after it.
var retryAfter = []time.Duration{2 * time.Second, 5 * time.Second, 15 * time.Second, 60 * time.Second}

func newSaver(host saveHost, b store.Backend) *saver {
	return &saver{host: host, backend: b, store: store.New(b)}
}

// A lateWriter is a store.Backend whose writes end after Set returns
// (IndexedDB's): failing says why the last one failed ("" if it did not),
// and whether for want of space. Each write then includes those not yet
// done; the saver hears of how each ends through written.
type lateWriter interface {
	failing() (failure string, quota bool)
}

// open reads what is kept of ws's article into ws, and saves ws after
// every change it reports from then on. An unreadable record was backed
// up by the store (the banner offers the copy); one that could not even
// be backed up is left in place, and says so.
func (s *saver) open(ws *workspace) {
	s.ws = ws
	s.corrupt, s.quotaFull, s.err, s.failed = "", false, "", false
	d, err := s.store.Load(ws.art.ID)
	s.readError(err)
	ws.restore(d)
	ws.onChange = s.changed
}

// readError takes in why the stored record could not be read, if it
// could not: an unreadable one was backed up (the banner offers the
// copy); one of which no copy could be made, or a newer version's, blocks
// every write until that changes.
func (s *saver) readError(err error) {
	var ce *store.CorruptError
	var ue *store.UnsavedError
	s.blocked = ""
	switch {
	case err == nil:
	case errors.As(err, &ce):
		s.corrupt = ce.BackupKey
	case errors.Is(err, store.ErrNewer):
		s.blocked = "This article was saved by a newer version of Marginalia: reload the page to update. Nothing is saved here until then; your changes stay in this tab."
	case errors.As(err, &ue):
		s.blocked = "Saved annotations for this article could not be read, and the browser’s storage has no room for a copy of them. Nothing is saved until there is room; download them to keep them safe."
	default:
		s.err = "Saved annotations could not be read: " + err.Error()
	}
}

// reset follows the workspace made anew for the same article (its data
// was deleted here or in another tab): there is nothing left to save.
func (s *saver) reset(ws *workspace) {
	ws.onChange = s.changed
	s.ws = ws
	s.pending, s.failed = false, false
	s.corrupt, s.quotaFull, s.err, s.blocked = "", false, "", ""
}

// changed saves the workspace once the page has painted the change. A
// page hidden or closed before then saves at once (flush).
func (s *saver) changed() {
	if s.pending {
		return
	}
	s.pending = true
	s.host.afterPaint(func() {
		if !s.pending {
			return // flushed meanwhile
		}
		s.saveShown()
	})
}

// flush saves now what is not saved yet: the page is going away.
func (s *saver) flush() {
	if s.pending || s.failed {
		s.save()
	}
}

// saveShown saves, and redraws the page when what it shows changed: a
// banner came or went, or the save took in another tab's changes.
func (s *saver) saveShown() {
	before := s.banners()
	if merged := s.save(); merged || s.banners() != before {
		s.host.show()
	}
	collectWhenIdle()
}

// banners sums up what the banners show, to tell when they change.
func (s *saver) banners() string {
	b := s.corrupt + "\x00" + s.err + "\x00" + s.blocked
	if s.quotaFull {
		b += "\x00full"
	}
	return b
}

// save writes the workspace, first merging what another tab saved, and
// reports whether that merge changed the workspace. A failed save keeps
// the change here, says why, and tries again later; so does the next
// change.
func (s *saver) save() (merged bool) {
	s.pending = false
	if s.ws == nil {
		return false
	}
	if s.blocked != "" && !s.unblock() {
		s.failed = true
		s.scheduleRetry()
		return false
	}
	merged, err := s.store.Save(s.ws.art.ID, s.ws.data())
	if merged {
		s.ws.refresh()
	}
	if s.store.BackedUp != "" {
		s.corrupt, s.store.BackedUp = s.store.BackedUp, ""
	}
	s.quotaFull, s.err = false, ""
	var ue *store.UnsavedError
	switch {
	case err == nil:
		if lw, ok := s.backend.(lateWriter); ok {
			if failure, quota := lw.failing(); failure != "" {
				// This write goes with those that failed, and has not
				// ended: until one does, the change is unsaved.
				s.written(failure, quota)
				return merged
			}
		}
		s.failed, s.retries = false, 0
		return merged
	case errors.Is(err, store.ErrNewer), errors.As(err, &ue):
		s.readError(err)
	case errors.Is(err, store.ErrQuota):
		s.quotaFull = true
	default:
		s.err = "Your changes could not be saved: " + err.Error()
	}
	s.failed = true
	s.scheduleRetry()
	return merged
}

// written takes in how a write that the storage finished later went
// (IndexedDB's, after Save returned): failed ("" if it succeeded) and
// whether for want of space. A failure is one more failed save, retried
// like any; a success after failures ends them. It reports whether the
// banners changed.
func (s *saver) written(failure string, quota bool) bool {
	before := s.banners()
	if failure == "" {
		if s.quotaFull || s.failed {
			s.failed, s.retries, s.quotaFull, s.err = false, 0, false, ""
		}
		return s.banners() != before
	}
	s.failed = true
	if quota {
		s.quotaFull = true
	} else {
		s.err = "Your changes could not be saved: " + failure
	}
	s.scheduleRetry()
	return s.banners() != before
}

// unblock reads the stored record again, and reports whether writing is
// allowed now: a copy of an unreadable record could be made (there is
// room now), or the record became readable (merged in here). A newer
// version's record blocks until the page is reloaded with that version.
func (s *saver) unblock() bool {
	d, err := s.store.Load(s.ws.art.ID)
	s.readError(err)
	if s.blocked != "" {
		return false
	}
	if err == nil {
		if st := s.ws.set.Merge(d.Set); st.Added+st.Updated > 0 {
			s.ws.refresh()
		}
	}
	return true
}

// unread returns the stored record as it is, unreadable or newer, for
// the blocked banner's download.
func (s *saver) unread() (string, bool) { return s.store.Raw(s.ws.art.ID) }

// scheduleRetry tries a failed save again later, unless a retry is
// already waiting.
func (s *saver) scheduleRetry() {
	if s.retry {
		return
	}
	s.retry = true
	wait := retryAfter[min(s.retries, len(retryAfter)-1)]
	s.retries++
	s.host.after(wait, func() {
		s.retry = false
		if s.failed && !s.pending {
			s.saveShown()
		}
	})
}

// otherTabSaved takes in what another tab saved: the record it wrote (the
// storage event's new value) and what storage holds now, which may
// already be a third tab's. If this tab then holds something storage
// lacks (two tabs saved at once, and one write replaced the other), it
// saves the union, so that every tab ends with every edit. It reports
// whether the workspace changed.
func (s *saver) otherTabSaved(written string) bool {
	if s.ws == nil {
		return false
	}
	id := s.ws.art.ID
	changed := false
	if written != "" {
		if d, err := store.Parse(written, id); err == nil {
			st := s.ws.set.Merge(d.Set)
			changed = st.Added+st.Updated > 0
		}
	}
	d, err := s.store.Load(id)
	if err != nil {
		s.readError(err)
		var ce *store.CorruptError
		if errors.As(err, &ce) {
			// The unreadable record was backed up: what this tab has
			// takes its place.
			s.save()
		}
		return changed
	}
	s.blocked = ""
	if st := s.ws.set.Merge(d.Set); st.Added+st.Updated > 0 {
		changed = true
	}
	if changed {
		s.ws.refresh()
	}
	// Does storage lack anything this tab has?
	if st := d.Set.Merge(s.ws.set); st.Added+st.Updated > 0 {
		s.save()
	}
	return changed
}

// backup returns the kept copy of the unreadable record.
func (s *saver) backup() (string, bool) {
	_, raw, ok := s.store.Backup(s.ws.art.ID)
	return raw, ok
}

// deleteArticle removes everything kept for the article; deleteAll,
// everything Marginalia keeps in this browser.
func (s *saver) deleteArticle() error { return s.store.Delete(s.ws.art.ID) }

func (s *saver) deleteAll() error { return s.store.DeleteAll() }
