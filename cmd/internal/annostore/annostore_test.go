package annostore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"marginalia/cmd/internal/annostore"
	"marginalia/cmd/internal/annostore/storetest"
	"marginalia/cmd/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func open(t *testing.T, url string) annostore.Store {
	t.Helper()
	s, err := annostore.Open(context.Background(), url)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestAccountsAndGroups(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, url)
		must(t, s.AddUser(ctx, "ada", []byte("hash-a")))
		must(t, s.AddUser(ctx, "bob", []byte("hash-b")))
		must(t, s.AddUser(ctx, "eve", []byte("hash-e")))
		if err := s.AddUser(ctx, "ada", []byte("x")); !errors.Is(err, annostore.ErrExists) {
			t.Errorf("AddUser of a taken name: %v, want ErrExists", err)
		}
		u, err := s.User(ctx, "ada")
		if err != nil || string(u.PasswordHash) != "hash-a" || u.Created.IsZero() {
			t.Errorf("User(ada) = %+v, %v", u, err)
		}
		if _, err := s.User(ctx, "nobody"); !errors.Is(err, annostore.ErrNotFound) {
			t.Errorf("User(nobody): %v, want ErrNotFound", err)
		}

		must(t, s.AddMembers(ctx, "newsroom", []string{"ada", "bob"}))
		must(t, s.AddMembers(ctx, "newsroom", []string{"bob"})) // again: no change
		if err := s.AddMembers(ctx, "ada", []string{"bob"}); !errors.Is(err, annostore.ErrExists) {
			t.Errorf("a group named as a user: %v, want ErrExists", err)
		}
		if err := s.AddUser(ctx, "newsroom", []byte("x")); !errors.Is(err, annostore.ErrExists) {
			t.Errorf("a user named as a group: %v, want ErrExists", err)
		}
		if err := s.AddMembers(ctx, "newsroom", []string{"eve", "zed"}); !errors.Is(err, annostore.ErrNotFound) {
			t.Errorf("adding a member who is no user: %v, want ErrNotFound", err)
		}
		if m, _ := s.Members(ctx, "newsroom"); !slices.Equal(m, []string{"ada", "bob"}) {
			t.Errorf("Members = %q: a failed AddMembers must add nobody", m)
		}
		if g, _ := s.Groups(ctx, "bob"); !slices.Equal(g, []string{"newsroom"}) {
			t.Errorf("Groups(bob) = %q", g)
		}
		if g, err := s.Groups(ctx, "eve"); err != nil || len(g) != 0 {
			t.Errorf("Groups(eve) = %q, %v", g, err)
		}
		if c, err := s.Container(ctx, "newsroom"); err != nil || !c.Group {
			t.Errorf("Container(newsroom) = %+v, %v", c, err)
		}

		for _, c := range []struct {
			user, container string
			want            bool
		}{
			{"ada", "ada", true},
			{"ada", "bob", false},
			{"ada", "newsroom", true},
			{"eve", "newsroom", false},
			{"eve", "nowhere", false},
			{"newsroom", "newsroom", false}, // a group is no user
			{"' OR '1'='1", "newsroom", false},
		} {
			if got, err := s.CanUse(ctx, c.user, c.container); got != c.want || err != nil {
				t.Errorf("CanUse(%q, %q) = %v, %v; want %v", c.user, c.container, got, err, c.want)
			}
		}
	})
}

func TestTokens(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, url)
		must(t, s.AddUser(ctx, "ada", []byte("h")))
		now := time.Now()
		must(t, s.AddToken(ctx, annostore.Token{Hash: []byte("api"), User: "ada", Kind: annostore.APIToken, Created: now}))
		must(t, s.AddToken(ctx, annostore.Token{Hash: []byte("sess"), User: "ada", Kind: annostore.Session, Created: now, Expires: now.Add(time.Hour)}))
		if err := s.AddToken(ctx, annostore.Token{Hash: []byte("x"), User: "nobody", Kind: annostore.APIToken}); !errors.Is(err, annostore.ErrNotFound) {
			t.Errorf("a token for nobody: %v, want ErrNotFound", err)
		}
		for _, c := range []struct {
			hash string
			at   time.Time
			want string
		}{
			{"api", now.Add(1000 * time.Hour), "ada"},
			{"sess", now.Add(time.Minute), "ada"},
			{"sess", now.Add(2 * time.Hour), ""}, // expired
			{"other", now, ""},
		} {
			u, err := s.TokenUser(ctx, []byte(c.hash), c.at)
			if u != c.want || (c.want == "") != errors.Is(err, annostore.ErrNotFound) {
				t.Errorf("TokenUser(%s, %v) = %q, %v; want %q", c.hash, c.at.Sub(now), u, err, c.want)
			}
		}
		must(t, s.DeleteToken(ctx, []byte("sess")))
		if _, err := s.TokenUser(ctx, []byte("sess"), now); !errors.Is(err, annostore.ErrNotFound) {
			t.Errorf("a deleted session: %v", err)
		}
		if u, _ := s.TokenUser(ctx, []byte("api"), now); u != "ada" {
			t.Error("deleting one token ended another")
		}
		must(t, s.AddToken(ctx, annostore.Token{Hash: []byte("api2"), User: "ada", Kind: annostore.APIToken, Created: now}))
		if n, err := s.RevokeTokens(ctx, "ada"); n != 2 || err != nil {
			t.Errorf("RevokeTokens = %d, %v; want 2", n, err)
		}
		if _, err := s.TokenUser(ctx, []byte("api2"), now); !errors.Is(err, annostore.ErrNotFound) {
			t.Errorf("a revoked token: %v", err)
		}
		if _, err := s.RevokeTokens(ctx, "nobody"); !errors.Is(err, annostore.ErrNotFound) {
			t.Errorf("RevokeTokens(nobody): %v, want ErrNotFound", err)
		}
	})
}

func TestSignInFailures(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, url)
		t0 := time.Now()
		for i := range 3 {
			must(t, s.SignInFailure(ctx, []string{"name:ada", "addr:10.0.0.1"}, t0.Add(time.Duration(i)*time.Second)))
		}
		must(t, s.SignInFailure(ctx, []string{"addr:10.0.0.1"}, t0.Add(-2*time.Minute)))
		for _, c := range []struct {
			key   string
			since time.Time
			want  int
		}{
			{"name:ada", t0.Add(-time.Minute), 3},
			{"name:ada", t0.Add(time.Second), 2},
			{"addr:10.0.0.1", t0.Add(-time.Minute), 3},
			{"addr:10.0.0.1", t0.Add(-3 * time.Minute), 4},
			{"name:bob", t0.Add(-time.Minute), 0},
		} {
			if n, err := s.SignInFailures(ctx, c.key, c.since); n != c.want || err != nil {
				t.Errorf("SignInFailures(%s, %v) = %d, %v; want %d", c.key, c.since.Sub(t0), n, err, c.want)
			}
		}
	})
}

func doc(container, id, target, body string) annostore.Doc {
	return annostore.Doc{Container: container, Kind: annostore.Annotation, ID: id, Creator: "ada", Target: target, Body: []byte(body)}
}

func TestDocuments(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, url)
		must(t, s.AddUser(ctx, "ada", []byte("h")))

		a, err := s.Create(ctx, doc("ada", "a", "urn:x:1", `{"n":1}`))
		if err != nil || a.Cursor != 1 || a.Created.IsZero() || !a.Modified.Equal(a.Created) {
			t.Fatalf("Create = %+v, %v; want cursor 1 and times", a, err)
		}
		b, _ := s.Create(ctx, doc("ada", "b", "urn:x:2", `{"n":2}`))
		// An article's record of the same ID is another document.
		art, err := s.Create(ctx, annostore.Doc{Container: "ada", Kind: annostore.Article, ID: "a", Creator: "ada", Body: []byte(`{"title":"T"}`)})
		if err != nil || b.Cursor != 2 || art.Cursor != 3 {
			t.Fatalf("cursors %d, %d (%v); want 2, 3", b.Cursor, art.Cursor, err)
		}
		for _, c := range []struct {
			name string
			d    annostore.Doc
			want error
		}{
			{"taken ID", doc("ada", "a", "", `{}`), annostore.ErrExists},
			{"no such container", doc("nobody", "z", "", `{}`), annostore.ErrNotFound},
		} {
			if _, err := s.Create(ctx, c.d); !errors.Is(err, c.want) {
				t.Errorf("Create, %s: %v, want %v", c.name, err, c.want)
			}
		}
		if c, _ := s.Container(ctx, "ada"); c.Cursor != 3 {
			t.Errorf("a failed Create moved the cursor to %d", c.Cursor)
		}

		got, err := s.Get(ctx, "ada", annostore.Annotation, "a")
		if err != nil || string(got.Body) != `{"n":1}` || got.Creator != "ada" || got.Target != "urn:x:1" || got.Cursor != 1 || !got.Created.Equal(a.Created) {
			t.Errorf("Get = %+v, %v", got, err)
		}

		if _, err := s.Put(ctx, doc("ada", "a", "urn:x:1", `{"n":9}`), 0); !errors.Is(err, annostore.ErrStale) {
			t.Errorf("Put with a stale cursor: %v, want ErrStale", err)
		}
		p := doc("ada", "a", "urn:x:3", `{"n":"1b"}`)
		p.Creator = "someone else"
		up, err := s.Put(ctx, p, 1)
		if err != nil || up.Cursor != 4 || up.Creator != "ada" || !up.Created.Equal(a.Created) || up.Target != "urn:x:3" || up.Modified.Before(a.Modified) {
			t.Errorf("Put = %+v, %v; want cursor 4, creator and created kept", up, err)
		}
		if _, err := s.Put(ctx, doc("ada", "zz", "", `{}`), 0); !errors.Is(err, annostore.ErrNotFound) {
			t.Errorf("Put of no document: %v", err)
		}

		if _, err := s.Delete(ctx, "ada", annostore.Annotation, "b", 1); !errors.Is(err, annostore.ErrStale) {
			t.Errorf("Delete with a stale cursor: %v", err)
		}
		del, err := s.Delete(ctx, "ada", annostore.Annotation, "b", 2)
		if err != nil || del.Cursor != 5 || !del.Deleted || del.ID != "b" {
			t.Errorf("Delete = %+v, %v", del, err)
		}
		for name, err := range map[string]error{
			"Get":    func() error { _, err := s.Get(ctx, "ada", annostore.Annotation, "b"); return err }(),
			"Create": func() error { _, err := s.Create(ctx, doc("ada", "b", "", `{}`)); return err }(),
			"Put":    func() error { _, err := s.Put(ctx, doc("ada", "b", "", `{}`), 5); return err }(),
			"Delete": func() error { _, err := s.Delete(ctx, "ada", annostore.Annotation, "b", 5); return err }(),
		} {
			if !errors.Is(err, annostore.ErrGone) {
				t.Errorf("%s of a deleted document: %v, want ErrGone", name, err)
			}
		}

		changes, err := s.Changes(ctx, "ada", 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		var feed []string
		for _, c := range changes {
			feed = append(feed, fmt.Sprintf("%d %s %s %v %s", c.Cursor, c.Kind, c.ID, c.Deleted, c.Doc.Body))
		}
		want := []string{`3 article a false {"title":"T"}`, `4 annotation a false {"n":"1b"}`, `5 annotation b true `}
		if !slices.Equal(feed, want) {
			t.Errorf("Changes(0) =\n%q\nwant\n%q", feed, want)
		}
		if c, _ := s.Changes(ctx, "ada", 4, 100); len(c) != 1 || c[0].Cursor != 5 {
			t.Errorf("Changes(4) = %+v", c)
		}
		if c, _ := s.Changes(ctx, "ada", 0, 1); len(c) != 1 || c[0].Cursor != 3 {
			t.Errorf("Changes(0, limit 1) = %+v", c)
		}
	})
}

func TestList(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, url)
		must(t, s.AddUser(ctx, "ada", []byte("h")))
		must(t, s.AddUser(ctx, "bob", []byte("h")))
		var cursors []int64
		for i := range 7 {
			d, err := s.Create(ctx, doc("ada", fmt.Sprintf("n%d", i), fmt.Sprintf("urn:x:%d", i%2), fmt.Sprint(i)))
			must(t, err)
			cursors = append(cursors, d.Cursor)
		}
		s.Create(ctx, doc("bob", "n0", "urn:x:0", "bob's"))
		// Changing n0 keeps its place: the order is that of creation.
		if _, err := s.Put(ctx, doc("ada", "n0", "urn:x:0", "0b"), cursors[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Delete(ctx, "ada", annostore.Annotation, "n3", cursors[3]); err != nil {
			t.Fatal(err)
		}
		ids := func(docs []annostore.Doc) (out []string) {
			for _, d := range docs {
				out = append(out, d.ID)
			}
			return out
		}
		for _, c := range []struct {
			target        string
			offset, limit int
			want          []string
			total         int
		}{
			{"", 0, 100, []string{"n0", "n1", "n2", "n4", "n5", "n6"}, 6},
			{"", 0, 2, []string{"n0", "n1"}, 6},
			{"", 4, 2, []string{"n5", "n6"}, 6},
			{"", 6, 2, nil, 6},
			{"urn:x:1", 0, 100, []string{"n1", "n5"}, 2},
			{"urn:x:0", 1, 1, []string{"n2"}, 4},
			{"urn:none", 0, 10, nil, 0},
		} {
			docs, total, err := s.List(ctx, "ada", annostore.Annotation, c.target, c.offset, c.limit)
			if err != nil || !slices.Equal(ids(docs), c.want) || total != c.total {
				t.Errorf("List(%q, %d, %d) = %q, %d, %v; want %q, %d", c.target, c.offset, c.limit, ids(docs), total, err, c.want, c.total)
			}
		}
		if docs, total, _ := s.List(ctx, "ada", annostore.Article, "", 0, 10); len(docs) != 0 || total != 0 {
			t.Errorf("articles listed with the annotations: %d, %d", len(docs), total)
		}
	})
}

// TestHostileText keeps SQL's metacharacters and odd text as they are.
func TestHostileText(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, url)
		name := `o'brien"; DROP TABLE docs; --`
		must(t, s.AddUser(ctx, name, []byte("h")))
		for i, text := range []string{`'; DROP TABLE docs; --`, `\x00 % _ $1 ?1 :a @a`, "“quoted” ’ 😀 \u2028", `{"a":"\u0000"}`} {
			id := fmt.Sprintf("d%d", i)
			d := annostore.Doc{Container: name, Kind: annostore.Annotation, ID: id, Creator: text, Target: text, Body: []byte(text)}
			if _, err := s.Create(ctx, d); err != nil {
				t.Fatalf("Create with %q: %v", text, err)
			}
			got, err := s.Get(ctx, name, annostore.Annotation, id)
			if err != nil || string(got.Body) != text || got.Creator != text || got.Target != text {
				t.Errorf("round trip of %q: %+v, %v", text, got, err)
			}
			if docs, total, err := s.List(ctx, name, annostore.Annotation, text, 0, 10); err != nil || total != 1 || len(docs) != 1 || docs[0].ID != id {
				t.Errorf("List by target %q: %d, %v", text, total, err)
			}
		}
	})
}

// TestConcurrentWrites checks that cursors stay gap-free and in commit
// order while many clients write: a reader polling the feed meanwhile
// never sees a cursor before one it has not seen.
func TestConcurrentWrites(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, url)
		// A second store on the same database, as another server process
		// would have (a second SQLite process is not supported, but the
		// readers' pool is the same question).
		other := open(t, url)
		must(t, s.AddUser(ctx, "ada", []byte("h")))
		const writers, each = 16, 20
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for w := range writers {
			wg.Go(func() {
				st := s
				if w%2 == 1 && url[:6] != "sqlite" {
					st = other
				}
				for i := range each {
					if _, err := st.Create(ctx, doc("ada", fmt.Sprintf("w%d-%d", w, i), "", "{}")); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		var seen int64
		for polling := true; polling; {
			select {
			case <-done:
				polling = false
			default:
			}
			changes, err := s.Changes(ctx, "ada", seen, 1000)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range changes {
				if c.Cursor != seen+1 {
					t.Fatalf("the feed went from %d to %d", seen, c.Cursor)
				}
				seen = c.Cursor
			}
		}
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if seen != writers*each {
			t.Errorf("the feed ended at %d, want %d", seen, writers*each)
		}
	})
}

func TestWatch(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		s := open(t, url)
		must(t, s.AddUser(ctx, "ada", []byte("h")))
		must(t, s.AddUser(ctx, "bob", []byte("h")))
		stores := []annostore.Store{s}
		if url[:6] != "sqlite" {
			stores = append(stores, open(t, url)) // another process's
		}
		for i, w := range stores {
			ch := w.Watch(ctx, "ada")
			time.Sleep(100 * time.Millisecond) // the listener's LISTEN
			s.Create(ctx, doc("bob", fmt.Sprint("b", i), "", "{}"))
			d, err := s.Create(ctx, doc("ada", fmt.Sprint("a", i), "", "{}"))
			must(t, err)
			// A watcher may first hear an older cursor (a listener that
			// just connected tells the one it finds); it must then hear
			// this write's.
			deadline := time.After(5 * time.Second)
			for heard := int64(0); heard != d.Cursor; {
				select {
				case heard = <-ch:
					if heard > d.Cursor {
						t.Fatalf("store %d: watched cursor %d, past the last write's %d", i, heard, d.Cursor)
					}
				case <-deadline:
					t.Fatalf("store %d heard nothing of a write (last heard %d, want %d)", i, heard, d.Cursor)
				}
			}
		}
		// Ending the watch closes the channel.
		wctx, wcancel := context.WithCancel(ctx)
		ch := s.Watch(wctx, "ada")
		wcancel()
		select {
		case _, ok := <-ch:
			if ok {
				t.Error("a value after the watch ended")
			}
		case <-time.After(5 * time.Second):
			t.Error("the channel stayed open after the watch ended")
		}
	})
}

// TestReopen keeps everything across a restart: cursors go on growing.
func TestReopen(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s, err := annostore.Open(ctx, url)
		must(t, err)
		must(t, s.AddUser(ctx, "ada", []byte("h")))
		s.Create(ctx, doc("ada", "a", "", "{}"))
		must(t, s.Close())
		s = open(t, url)
		d, err := s.Create(ctx, doc("ada", "b", "", "{}"))
		if err != nil || d.Cursor != 2 {
			t.Errorf("after reopening, Create = cursor %d, %v; want 2", d.Cursor, err)
		}
		if _, err := s.Get(ctx, "ada", annostore.Annotation, "a"); err != nil {
			t.Errorf("after reopening: %v", err)
		}
	})
}

func TestOpenErrors(t *testing.T) {
	for _, url := range []string{"", "mysql://x", "sqlite:", "postgres://user:secret@127.0.0.1:1/x?connect_timeout=1"} {
		_, err := annostore.Open(context.Background(), url)
		if err == nil {
			t.Errorf("Open(%q) worked", url)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q): the message shows the password: %v", url, err)
		}
	}
}

// TestCreateMany stores a batch in one transaction: all of it, with
// consecutive cursors, or none of it.
func TestCreateMany(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, url)
		must(t, s.AddUser(ctx, "ada", []byte("h")))
		must(t, s.AddUser(ctx, "bob", []byte("h")))
		s.Create(ctx, doc("ada", "first", "", "{}"))
		docs, err := s.CreateMany(ctx, []annostore.Doc{
			doc("ada", "a", "urn:x", "1"), doc("ada", "b", "urn:x", "2"),
			{Container: "ada", Kind: annostore.Article, ID: "a", Creator: "ada", Body: []byte("{}")},
		})
		if err != nil || len(docs) != 3 || docs[0].Cursor != 2 || docs[1].Cursor != 3 || docs[2].Cursor != 4 {
			t.Fatalf("CreateMany = %+v, %v; want cursors 2, 3, 4", docs, err)
		}
		if _, total, _ := s.List(ctx, "ada", annostore.Annotation, "", 0, 10); total != 3 {
			t.Errorf("%d annotations counted, want 3", total)
		}
		if _, total, _ := s.List(ctx, "ada", annostore.Article, "", 0, 10); total != 1 {
			t.Errorf("%d articles counted, want 1", total)
		}
		for _, c := range []struct {
			name string
			docs []annostore.Doc
			want error
		}{
			{"one taken", []annostore.Doc{doc("ada", "c", "", "{}"), doc("ada", "a", "", "{}")}, annostore.ErrExists},
			{"twice the same", []annostore.Doc{doc("ada", "d", "", "{}"), doc("ada", "d", "", "{}")}, annostore.ErrExists},
			{"no container", []annostore.Doc{doc("nobody", "c", "", "{}")}, annostore.ErrNotFound},
		} {
			if _, err := s.CreateMany(ctx, c.docs); !errors.Is(err, c.want) {
				t.Errorf("CreateMany, %s: %v, want %v", c.name, err, c.want)
			}
		}
		if _, err := s.CreateMany(ctx, []annostore.Doc{doc("ada", "e", "", "{}"), doc("bob", "e", "", "{}")}); err == nil {
			t.Error("CreateMany across containers worked")
		}
		if _, err := s.Get(ctx, "ada", annostore.Annotation, "c"); !errors.Is(err, annostore.ErrNotFound) {
			t.Errorf("a failed batch stored some of it: %v", err)
		}
		if c, _ := s.Container(ctx, "ada"); c.Cursor != 4 {
			t.Errorf("failed batches moved the cursor to %d", c.Cursor)
		}
		if _, total, _ := s.List(ctx, "ada", annostore.Annotation, "", 0, 10); total != 3 {
			t.Errorf("after failed batches, %d annotations counted, want 3", total)
		}
	})
}
