// Package reading is the reader's model: everything the reader decides,
// without go-app or syscall/js, so that it is tested on the host and
// under WebAssembly.
//
//   - session.go, sessionsuggest.go: a Session is one article open in the
//     reader. Every change a reader asks for, by a key or a control,
//     comes in as an Action through Act; the page's listeners call a few
//     methods of their own (Select, KeyAction, KeepDraft, OtherTabSaved…).
//     It reaches the browser only through a Page: the Scheduler (after a
//     paint, after a while, in the page's loop, when idle, yielding from
//     a goroutine) and the DOM effects it asks for (paint, focus, scroll,
//     download, copy, the gazetteer's fetch).
//   - workspace.go: the article, its annotation set and what is placed
//     where; every edit goes through it, and it alone decides which
//     entity a new mention links to (mention).
//   - saver.go: keeping the workspace saved, other tabs' saves, the
//     storage banners.
//   - keys.go: what each key does, as a table (KeyAction).
//   - selection.go: the pending selection and the choices around it.
//   - entities.go, suggestions.go, transfer.go, link.go, text.go: the
//     entities panel's groups, the entity suggestions' layer, import and
//     export, links to an annotation, the words of messages.
//
// The reader's child components read a workspace through a View, which
// has no method that changes it, and ask through an Actor.
package reading
