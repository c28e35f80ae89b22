package reading

import (
	"errors"
	"time"

	"marginalia/app/store"
)

// A Saver keeps a workspace saved: it owns the article's store, the save
// waiting to run, the merge of what other tabs save, and what went wrong
// (the banners the reader shows). Its schedule: a change is saved once
// the page has painted it (Scheduler.AfterPaint; several changes before
// the paint make one save), at once when the page is hidden or closed
// (Flush), and after a failure again 2, 5, 15 and then every 60 seconds
// (retryAfter); after each save the garbage it left is collected when the
// page is next idle (Scheduler.CollectWhenIdle). It reaches the browser
// only through a Scheduler and the store's Backend, so the host tests
// drive it with a fake page and an in-memory storage.
type Saver struct {
	host    Scheduler
	backend store.Backend
	store   *store.Store
	ws      *Workspace
	// read and written are the notebook as this tab last read another
	// tab's and wrote its own, to tell another tab's change to it from
	// this tab's (store.MergeNotebook).
	read, written string

	pending bool // a save waits for the page to paint
	failed  bool // the last save failed: the change is unsaved
	retries int  // failed saves in a row (the next retry waits longer)
	retry   bool // a retry is scheduled

	Corrupt   string // the backup key of an unreadable record, for the banner
	QuotaFull bool   // the last save failed: the storage is full
	Err       string // the last save or read failed for another reason
	Persisted string // what the browser said of persistent storage
	Space     string // how much storage the site uses, of how much
	// Blocked says why nothing may be written: the stored record is a
	// newer version's, or unreadable with no copy made of it yet. Changes
	// stay in the tab.
	Blocked string
}

// A Scheduler runs the session's work at the right moments of the page:
// the one way a session, its saver and its suggestions wait for the page.
// In the browser, the page's loop is go-app's; functions given to After,
// Next, Defer and AfterPaint run there, and redraw nothing unless they
// call Show.
type Scheduler interface {
	// AfterPaint runs fn in a task of its own once the page has painted
	// what it shows now: a save of thousands of annotations takes longer
	// than a frame, and must not hold back the change it saves.
	AfterPaint(fn func())
	// After runs fn once d has passed.
	After(d time.Duration, fn func())
	// Show redraws the page: the banners or the workspace changed outside
	// a handler of the page's own.
	Show()
	// CollectWhenIdle runs the garbage collector when the page is next
	// idle: a save leaves megabytes of garbage, better collected between
	// edits than during one.
	CollectWhenIdle()
	// Next runs fn in the page's loop, from any goroutine.
	Next(fn func())
	// Defer runs fn once the page has drawn its next update.
	Defer(fn func())
	// Async runs fn in a goroutine of its own, for long work that yields
	// (Yield) and hands its results back through Next.
	Async(fn func())
	// Yield, from such a goroutine, waits until the page has run its
	// other tasks (and, with frame, drawn a frame): Go in the browser runs
	// on the page's one thread, and a goroutine that only sleeps may
	// resume before the page gets it back.
	Yield(frame bool)
}

// retryAfter is how long a failed save waits before it tries again, by
// the failures in a row; the last keeps for the failures after it.
var retryAfter = []time.Duration{2 * time.Second, 5 * time.Second, 15 * time.Second, 60 * time.Second}

func NewSaver(host Scheduler, b store.Backend) *Saver {
	return &Saver{host: host, backend: b, store: store.New(b)}
}

// A lateWriter is a store.Backend whose writes end after Set returns
// (IndexedDB's): failing says why the last one failed ("" if it did not),
// and whether for want of space. Each write then includes those not yet
// done; the saver hears of how each ends through written.
type lateWriter interface {
	Failing() (failure string, quota bool)
}

// Open reads what is kept of ws's article into ws, and saves ws after
// every change it reports from then on. An unreadable record was backed
// up by the store (the banner offers the copy); one that could not even
// be backed up is left in place, and says so.
func (s *Saver) Open(ws *Workspace) {
	s.ws = ws
	s.Corrupt, s.QuotaFull, s.Err, s.failed = "", false, "", false
	d, err := s.store.Load(ws.art.ID)
	s.readError(err)
	ws.restore(d)
	s.read, s.written = d.Notebook, d.Notebook
	ws.onChange = s.changed
}

// readError takes in why the stored record could not be read, if it
// could not: an unreadable one was backed up (the banner offers the
// copy); one of which no copy could be made, or a newer version's, blocks
// every write until that changes.
func (s *Saver) readError(err error) {
	var ce *store.CorruptError
	var ue *store.UnsavedError
	s.Blocked = ""
	switch {
	case err == nil:
	case errors.As(err, &ce):
		s.Corrupt = ce.BackupKey
	case errors.Is(err, store.ErrNewer):
		s.Blocked = "This article was saved by a newer version of Marginalia: reload the page to update. Nothing is saved here until then; your changes stay in this tab."
	case errors.As(err, &ue):
		s.Blocked = "Saved annotations for this article could not be read, and the browser’s storage has no room for a copy of them. Nothing is saved until there is room; download them to keep them safe."
	default:
		s.Err = "Saved annotations could not be read: " + err.Error()
	}
}

// Reset follows the workspace made anew for the same article (its data
// was deleted here or in another tab): there is nothing left to save.
func (s *Saver) Reset(ws *Workspace) {
	ws.onChange = s.changed
	s.ws = ws
	s.pending, s.failed = false, false
	s.Corrupt, s.QuotaFull, s.Err, s.Blocked = "", false, "", ""
}

// changed saves the workspace once the page has painted the change. A
// page hidden or closed before then saves at once (flush).
func (s *Saver) changed() {
	if s.pending {
		return
	}
	s.pending = true
	s.host.AfterPaint(func() {
		if !s.pending {
			return // flushed meanwhile
		}
		s.saveShown()
	})
}

// Flush saves now what is not saved yet: the page is going away.
func (s *Saver) Flush() {
	if s.pending || s.failed {
		s.save()
	}
}

// saveShown saves, and redraws the page when what it shows changed: a
// banner came or went, or the save took in another tab's changes.
func (s *Saver) saveShown() {
	before := s.banners()
	if merged := s.save(); merged || s.banners() != before {
		s.host.Show()
	}
	s.host.CollectWhenIdle()
}

// banners sums up what the banners show, to tell when they change.
func (s *Saver) banners() string {
	b := s.Corrupt + "\x00" + s.Err + "\x00" + s.Blocked
	if s.QuotaFull {
		b += "\x00full"
	}
	return b
}

// save writes the workspace, first merging what another tab saved, and
// reports whether that merge changed the workspace. A failed save keeps
// the change here, says why, and tries again later; so does the next
// change.
func (s *Saver) save() (merged bool) {
	s.pending = false
	if s.ws == nil {
		return false
	}
	if s.Blocked != "" && !s.unblock() {
		s.failed = true
		s.scheduleRetry()
		return false
	}
	d := s.ws.data()
	d.NotebookRead, d.NotebookWritten = s.read, s.written
	merged, err := s.store.SaveMerging(s.ws.art.ID, &d)
	s.read = d.NotebookRead
	if merged {
		s.ws.labels, s.ws.notebook = d.Labels, d.Notebook
		s.ws.refresh()
	}
	if err == nil {
		s.written = d.Notebook
	}
	if s.store.BackedUp != "" {
		s.Corrupt, s.store.BackedUp = s.store.BackedUp, ""
	}
	s.QuotaFull, s.Err = false, ""
	var ue *store.UnsavedError
	switch {
	case err == nil:
		if lw, ok := s.backend.(lateWriter); ok {
			if failure, quota := lw.Failing(); failure != "" {
				// This write goes with those that failed, and has not
				// ended: until one does, the change is unsaved.
				s.Written(failure, quota)
				return merged
			}
		}
		s.failed, s.retries = false, 0
		return merged
	case errors.Is(err, store.ErrNewer), errors.As(err, &ue):
		s.readError(err)
	case errors.Is(err, store.ErrQuota):
		s.QuotaFull = true
	default:
		s.Err = "Your changes could not be saved: " + err.Error()
	}
	s.failed = true
	s.scheduleRetry()
	return merged
}

// Written takes in how a write that the storage finished later went
// (IndexedDB's, after Save returned): failed ("" if it succeeded) and
// whether for want of space. A failure is one more failed save, retried
// like any; a success after failures ends them. It reports whether the
// banners changed.
func (s *Saver) Written(failure string, quota bool) bool {
	before := s.banners()
	if failure == "" {
		if s.QuotaFull || s.failed {
			s.failed, s.retries, s.QuotaFull, s.Err = false, 0, false, ""
		}
		return s.banners() != before
	}
	s.failed = true
	if quota {
		s.QuotaFull = true
	} else {
		s.Err = "Your changes could not be saved: " + failure
	}
	s.scheduleRetry()
	return s.banners() != before
}

// unblock reads the stored record again, and reports whether writing is
// allowed now: a copy of an unreadable record could be made (there is
// room now), or the record became readable (merged in here). A newer
// version's record blocks until the page is reloaded with that version.
func (s *Saver) unblock() bool {
	d, err := s.store.Load(s.ws.art.ID)
	s.readError(err)
	if s.Blocked != "" {
		return false
	}
	if err == nil {
		if st := s.ws.set.Merge(d.Set); st.Added+st.Updated > 0 {
			s.ws.refresh()
		}
	}
	return true
}

// Unread returns the stored record as it is, unreadable or newer, for
// the blocked banner's download.
func (s *Saver) Unread() (string, bool) { return s.store.Raw(s.ws.art.ID) }

// scheduleRetry tries a failed save again later, unless a retry is
// already waiting.
func (s *Saver) scheduleRetry() {
	if s.retry {
		return
	}
	s.retry = true
	wait := retryAfter[min(s.retries, len(retryAfter)-1)]
	s.retries++
	s.host.After(wait, func() {
		s.retry = false
		if s.failed && !s.pending {
			s.saveShown()
		}
	})
}

// OtherTabSaved takes in what another tab saved: the record it wrote (the
// storage event's new value) and what storage holds now, which may
// already be a third tab's. If this tab then holds something storage
// lacks (two tabs saved at once, and one write replaced the other), it
// saves the union, so that every tab ends with every edit. It reports
// whether the workspace changed.
func (s *Saver) OtherTabSaved(written string) bool {
	if s.ws == nil {
		return false
	}
	id := s.ws.art.ID
	changed := false
	if written != "" {
		if d, err := store.Parse(written, id); err == nil {
			st := s.ws.set.Merge(d.Set)
			changed = st.Added+st.Updated > 0 || s.takeIn(d)
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
	s.Blocked = ""
	if st := s.ws.set.Merge(d.Set); st.Added+st.Updated > 0 {
		changed = true
	}
	if s.takeIn(d) {
		changed = true
	}
	if changed {
		s.ws.refresh()
	}
	// Does storage lack anything this tab has?
	lacks := s.ws.notebook != d.Notebook || len(store.MergeLabels(d.Labels, s.ws.labels)) > len(d.Labels)
	if st := d.Set.Merge(s.ws.set); st.Added+st.Updated > 0 || lacks {
		s.save()
	}
	return changed
}

// takeIn merges another tab's labels and notebook (d) into the
// workspace's, and reports whether they changed.
func (s *Saver) takeIn(d store.Data) bool {
	changed := false
	if n := store.MergeNotebook(s.ws.notebook, s.read, s.written, d.Notebook); n != s.ws.notebook {
		s.ws.notebook, changed = n, true
	}
	s.read = d.Notebook
	if l := store.MergeLabels(s.ws.labels, d.Labels); len(l) != len(s.ws.labels) {
		s.ws.labels, changed = l, true
	}
	return changed
}

// Backup returns the kept copy of the unreadable record.
func (s *Saver) Backup() (string, bool) {
	_, raw, ok := s.store.Backup(s.ws.art.ID)
	return raw, ok
}

// DeleteArticle removes everything kept for the article; deleteAll,
// everything Marginalia keeps in this browser.
func (s *Saver) DeleteArticle() error { return s.store.Delete(s.ws.art.ID) }

func (s *Saver) DeleteAll() error { return s.store.DeleteAll() }
