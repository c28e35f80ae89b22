// Package pgtest starts a real PostgreSQL server for tests: Debian's
// postgresql package's initdb and pg_ctl on a temporary folder, listening
// only on a Unix socket there. Postgres refuses to run as root, so as root
// (as CI runs) the server runs as the postgres user the package made.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
)

// RequireEnv names the environment variable that makes a missing
// Postgres fail the tests that need it instead of skipping them; make
// test sets it.
const RequireEnv = "MARGINALIA_REQUIRE_POSTGRES"

// A Server is a PostgreSQL server started for tests.
type Server struct {
	dir  string // everything: data/, the socket, the log
	bin  string // the folder of initdb, pg_ctl
	user string // the system user it runs as, "" for this one
	// durable keeps fsync on: for measurements, not for tests.
	durable bool
}

// binDir finds the folder holding initdb and pg_ctl: on PATH, or in
// Debian's /usr/lib/postgresql/VERSION/bin (not on PATH there), the
// newest version first.
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "pg_ctl")); err == nil {
			return dirs[i], nil
		}
	}
	return "", errors.New("PostgreSQL not found (initdb, pg_ctl): install Debian's postgresql package, or run make test, which does")
}

// Available is nil when a server can be started here, and otherwise says
// what is missing.
func Available() error {
	if _, err := binDir(); err != nil {
		return err
	}
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			return errors.New("PostgreSQL will not run as root, and there is no postgres user to run it as (Debian's postgresql package makes one)")
		}
	}
	return nil
}

// Start makes a database cluster in dir, a new empty folder (keep its
// path short: the socket's path must fit in 107 bytes), and starts its
// server. It does not sync to disk (fsync=off): a test server needs
// none, and tests run faster.
func Start(dir string) (*Server, error) { return start(dir, false) }

// StartDurable is Start with Postgres's defaults for durability (fsync
// on), for benchmarks that must pay what a real server pays.
func StartDurable(dir string) (*Server, error) { return start(dir, true) }

func start(dir string, durable bool) (*Server, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	bin, _ := binDir()
	s := &Server{dir: dir, bin: bin, durable: durable}
	if os.Geteuid() == 0 {
		s.user = "postgres"
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, err
		}
		var uid, gid int
		fmt.Sscan(u.Uid, &uid)
		fmt.Sscan(u.Gid, &gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
	}
	if out, err := s.run("initdb", "-D", s.data(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"); err != nil {
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	if err := s.Restart(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) data() string { return filepath.Join(s.dir, "data") }

// run runs one of Postgres's programs, as the server's user.
func (s *Server) run(name string, args ...string) ([]byte, error) {
	prog := filepath.Join(s.bin, name)
	var cmd *exec.Cmd
	if s.user != "" {
		cmd = exec.Command("runuser", append([]string{"-u", s.user, "--", prog}, args...)...)
	} else {
		cmd = exec.Command(prog, args...)
	}
	cmd.Dir = s.dir
	return cmd.CombinedOutput()
}

// Restart starts the server again after Stop, with its data and socket.
func (s *Server) Restart() error {
	opts := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories=%s -c max_connections=300 -c shared_buffers=128MB", s.dir)
	if !s.durable {
		opts += " -c fsync=off"
	}
	if out, err := s.run("pg_ctl", "-D", s.data(), "-w", "-t", "60", "-l", filepath.Join(s.dir, "log"), "-o", opts, "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.dir, "log"))
		return fmt.Errorf("pg_ctl start: %v: %s\n%s", err, out, tail(string(log), 10))
	}
	return nil
}

// Stop stops the server, keeping its data: a running client's requests
// then fail as they would if the database host went down.
func (s *Server) Stop() error {
	if out, err := s.run("pg_ctl", "-D", s.data(), "-w", "-m", "fast", "stop"); err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

// Close stops the server and removes its folder.
func (s *Server) Close() error {
	err := s.Stop()
	return errors.Join(err, os.RemoveAll(s.dir))
}

// URL is the URL of a database of the server, for pgx and annostore.Open.
func (s *Server) URL(database string) string {
	return "postgres://postgres@/" + url.PathEscape(database) + "?host=" + url.QueryEscape(s.dir) + "&sslmode=disable"
}

// CreateDatabase makes a database and returns its URL.
func (s *Server) CreateDatabase(ctx context.Context, name string) (string, error) {
	conn, err := pgx.Connect(ctx, s.URL("postgres"))
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", err
	}
	return s.URL(name), nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// The test process's one shared server, started by the first Database.
var (
	shared     *Server
	sharedErr  error
	sharedOnce sync.Once
	databases  atomic.Int64
)

// Database is the URL of a new, empty database on the test process's
// shared server, started the first time. Without Postgres the test is
// skipped, saying why, or failed when RequireEnv is 1.
func Database(t testing.TB) string {
	t.Helper()
	sharedOnce.Do(func() {
		if sharedErr = Available(); sharedErr != nil {
			return
		}
		dir, err := os.MkdirTemp("", "pg")
		if err != nil {
			sharedErr = err
			return
		}
		shared, sharedErr = Start(dir)
		if sharedErr != nil {
			os.RemoveAll(dir)
		}
	})
	if sharedErr != nil {
		if os.Getenv(RequireEnv) == "1" {
			t.Fatalf("%v (%s=1: Postgres is required)", sharedErr, RequireEnv)
		}
		t.Skip(sharedErr)
	}
	var b [4]byte
	rand.Read(b[:])
	name := fmt.Sprintf("t%d_%s", databases.Add(1), hex.EncodeToString(b[:]))
	u, err := shared.CreateDatabase(context.Background(), name)
	if err != nil {
		t.Fatalf("a test database: %v", err)
	}
	return u
}

// Main runs the tests, then stops the shared server if one was started
// and exits. Call it from TestMain in packages that use Database.
func Main(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	os.Exit(code)
}
