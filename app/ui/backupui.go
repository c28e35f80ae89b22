package ui

import (
	"marginalia/app/reading"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"marginalia/app/backup"
	"marginalia/seeds"
)

// lastBackupKey keeps when the library was last backed up.
const lastBackupKey = "marginalia:meta:last-backup"

// restoreFieldID is the file input of "Restore from backup".
const restoreFieldID = "restore-file"

// backupPanel is the library page's Back up everything and Restore from
// backup (a file chosen, or dropped on the page), with when the last
// backup was made and what the last restore did. Restored is called once
// a restore changed the library.
type backupPanel struct {
	app.Compo

	Restored func()

	ctx    app.Context
	last   time.Time // the last backup, zero if none
	msg    string
	failed bool
	events pageEvents
}

func (b *backupPanel) OnMount(ctx app.Context) {
	b.ctx = ctx
	b.readLast()
	doc := app.Window().Get("document")
	for _, ev := range []string{"dragover", "dragleave", "drop"} {
		b.events.listen(doc, ev, func(e app.Value) { fileDrop(e, b.restoreFile) })
	}
}

func (b *backupPanel) OnDismount() { b.events.release() }

// readLast reads when the last backup was made.
func (b *backupPanel) readLast() {
	b.last = time.Time{}
	if v, ok, err := storage.Get(lastBackupKey); err == nil && ok {
		b.last, _ = time.Parse(time.RFC3339, v)
	}
}

// lastBackupText says when the last backup was made, in days.
func lastBackupText(last, now time.Time) string {
	if last.IsZero() {
		return "Last backup: never."
	}
	y1, m1, d1 := last.Local().Date()
	y2, m2, d2 := now.Local().Date()
	days := int(time.Date(y2, m2, d2, 0, 0, 0, 0, time.UTC).Sub(time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	switch {
	case days <= 0:
		return "Last backup: today."
	case days == 1:
		return "Last backup: yesterday."
	}
	return "Last backup: " + reading.Itoa(days) + " days ago."
}

func (b *backupPanel) Render() app.UI {
	return classed("section", "backup").Aria("labelledby", "backup-heading").Body(
		app.Elem("h2").ID("backup-heading").Class("backup-heading").Text("Your library"),
		classedText("p", "backup-last", lastBackupText(b.last, time.Now())),
		classed("div", "backup-actions").Body(
			newButton().
				Title("Download one file with every article you added and all your annotations, notes and entities").
				OnClick(b.backUp).Text("Back up everything"),
			fileBox(restoreFieldID, "Restore from backup", "Or drop a backup file on the page", ".json,application/json", b.restoreFile),
		),
		resultLine(b.msg, b.failed),
	)
}

// backUp downloads the whole library as one file.
func (b *backupPanel) backUp(ctx app.Context, e app.Event) {
	now := time.Now()
	data, err := backup.Make(storage, seeds.Articles(), now)
	if err != nil {
		b.msg, b.failed = "Nothing was backed up: "+err.Error()+".", true
		return
	}
	download(backup.Name(now), "application/json", string(data))
	if err := storage.Set(lastBackupKey, now.UTC().Format(time.RFC3339)); err == nil {
		b.last = now
	}
	b.msg, b.failed = "", false
}

// restoreFile reads a File and restores it.
func (b *backupPanel) restoreFile(file app.Value) {
	name := file.Get("name").String()
	settle(file.Call("text"), func(v app.Value) {
		text := v.String()
		// Emit: the library page redraws too, with what was restored.
		b.ctx.Emit(func() { b.restore(name, []byte(text)) })
	}, func(app.Value) {
		b.ctx.Dispatch(func(app.Context) {
			b.msg, b.failed = "Nothing restored: “"+name+"” could not be read.", true
		})
	})
}

// restore merges a backup into the library and says what it did.
func (b *backupPanel) restore(name string, data []byte) {
	rep, err := backup.Restore(storage, data, seeds.Articles(), time.Now())
	if err != nil {
		b.msg, b.failed = "Nothing restored from “"+name+"”: "+err.Error(), true
		if rep.ArticlesAdded+rep.ArticlesUpdated > 0 {
			b.msg = "“" + name + "” was restored only in part: " + err.Error()
		}
	} else {
		b.msg, b.failed = rep.String(), false
	}
	if b.Restored != nil {
		b.Restored()
	}
	b.confirmWritten(name)
}

// confirmWritten waits until what a restore wrote is on disk (IndexedDB
// writes end after they are made), and says so if the browser refused it:
// the restored library is then in this tab only, and the backup file is
// still needed.
func (b *backupPanel) confirmWritten(name string) {
	if _, ok := storage.(indexedDB); !ok {
		return
	}
	settle(indexedDB{}.js().Call("flushed"), func(app.Value) {}, func(e app.Value) {
		msg := "the write failed"
		if e.Truthy() {
			msg = e.Call("toString").String()
		}
		b.ctx.Dispatch(func(app.Context) {
			b.msg, b.failed = "“"+name+"” was restored in this tab, but the browser did not keep it ("+msg+"): keep the backup file, make room and restore it again.", true
		})
	})
}
