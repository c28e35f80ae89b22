package annostore

import (
	"context"
	"strings"
	"testing"
	"time"

	"marginalia/cmd/internal/annostore/storetest"
)

// TestUpgrade opens a database made by the first schema, with data in
// it, and checks that Open brings it to the newest and keeps the data:
// the counts the second version adds are made from what is there.
func TestUpgrade(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		old, err := open(ctx, url, 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := old.AddUser(ctx, "ada", []byte("h")); err != nil {
			t.Fatal(err)
		}
		// Version 1 has no counts table: write its documents as it did.
		st := old.(*sqlStore)
		for i, id := range []string{"a", "b", "c"} {
			if _, err := st.wdb.ExecContext(ctx, st.d.rebind(`INSERT INTO docs (container, kind, id, created_cursor, cursor, creator, target, body, deleted, created, modified)
				VALUES ('ada', 'annotation', $1, $2, $2, 'ada', '', $3, $4, 1, 1)`), id, i+1, []byte("{}"), id == "b"); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := st.wdb.ExecContext(ctx, `UPDATE containers SET cursor = 3`); err != nil {
			t.Fatal(err)
		}
		if _, err := old.SignInFailures(ctx, "k", time.Now()); err == nil {
			t.Fatal("version 1 already has sign-in failures: the test tests nothing")
		}
		old.Close()

		s, err := open(ctx, url, Version)
		if err != nil {
			t.Fatalf("upgrading: %v", err)
		}
		defer s.Close()
		docs, total, err := s.List(ctx, "ada", Annotation, "", 0, 10)
		if err != nil || total != 2 || len(docs) != 2 {
			t.Errorf("after the upgrade, List = %d docs, total %d, %v; want 2, 2", len(docs), total, err)
		}
		d, err := s.Create(ctx, Doc{Container: "ada", Kind: Annotation, ID: "d", Creator: "ada", Body: []byte("{}")})
		if err != nil || d.Cursor != 4 {
			t.Errorf("after the upgrade, Create = cursor %d, %v; want 4", d.Cursor, err)
		}
		if _, total, _ := s.List(ctx, "ada", Annotation, "", 0, 10); total != 3 {
			t.Errorf("total after a create = %d, want 3", total)
		}
		var v int
		if err := s.(*sqlStore).db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); err != nil || v != Version {
			t.Errorf("schema version %d, %v; want %d", v, err, Version)
		}
	})
}

// TestNewerSchema refuses a database a newer server made, rather than
// write to a schema it does not know.
func TestNewerSchema(t *testing.T) {
	storetest.Run(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s, err := Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		db := s.(*sqlStore).wdb
		if _, err := db.ExecContext(ctx, `UPDATE schema_version SET version = 99`); err != nil {
			t.Fatal(err)
		}
		s.Close()
		_, err = Open(ctx, url)
		if err == nil || !strings.Contains(err.Error(), "newer") {
			t.Errorf("Open of a newer schema: %v", err)
		}
	})
}
