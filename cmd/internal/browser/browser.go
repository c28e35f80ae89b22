// Package browser runs the real marginalia server binary and a headless
// Chromium against it, for the end-to-end tests and the benchmarks.
package browser

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ErrUnavailable is returned when the server binary or Chromium is missing.
var ErrUnavailable = errors.New("browser: no server binary or no Chromium")

// Paths returns the server binary and Chromium named by MARGINALIA_BIN and
// CHROMIUM (default /usr/bin/chromium), or ErrUnavailable naming what is
// missing.
func Paths() (bin, chromium string, err error) {
	bin = os.Getenv("MARGINALIA_BIN")
	chromium = os.Getenv("CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if bin == "" {
		return "", "", fmt.Errorf("%w: MARGINALIA_BIN is not set (make test sets it)", ErrUnavailable)
	}
	for _, p := range []string{bin, chromium} {
		if _, err := os.Stat(p); err != nil {
			return "", "", fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
	}
	return bin, chromium, nil
}

// A Server is a running marginalia server process.
type Server struct {
	URL     string // http://127.0.0.1:PORT
	Version string // the app version it serves
	cmd     *exec.Cmd
	stopped bool
	stopErr error
}

var listening = regexp.MustCompile(`(\S+) serving on (http://\S+?)/?$`)

// StartServer runs `bin serve` on a free loopback port and waits until it
// listens. Extra arguments go after, such as "-addr" to choose the port or
// "-web" to serve other assets.
func StartServer(bin string, extra ...string) (*Server, error) {
	cmd := exec.Command(bin, append([]string{"serve", "-addr", "127.0.0.1:0"}, extra...)...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
		close(lines)
	}()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				cmd.Wait()
				return nil, errors.New("browser: server exited before listening")
			}
			if m := listening.FindStringSubmatch(line); m != nil {
				return &Server{URL: m[2], Version: m[1], cmd: cmd}, nil
			}
		case <-timeout:
			cmd.Process.Kill()
			cmd.Wait()
			return nil, errors.New("browser: server did not listen within 20s")
		}
	}
}

// Stop ends the server with SIGTERM and waits for it. Stopping it again
// returns the first Stop's result.
func (s *Server) Stop() error {
	if s.stopped {
		return s.stopErr
	}
	s.stopped = true
	s.stopErr = s.stop()
	return s.stopErr
}

// Kill ends the server with SIGKILL, as a crash or a power cut would,
// and waits for it: it has no time to finish anything.
func (s *Server) Kill() error {
	if s.stopped {
		return s.stopErr
	}
	s.stopped = true
	s.cmd.Process.Kill()
	s.cmd.Wait()
	return nil
}

func (s *Server) stop() error {
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
		return errors.New("browser: server did not stop within 15s of SIGTERM")
	}
}

// NewBrowser starts a headless Chromium with a fresh profile in profileDir
// and returns a context for its first tab.
func NewBrowser(chromium, profileDir string) (context.Context, context.CancelFunc) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(profileDir),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	return ctx, func() { cancelCtx(); cancelAlloc() }
}

// A Watch collects what a page reports as wrong: console errors, uncaught
// exceptions, error log entries and Content-Security-Policy violations.
type Watch struct {
	problems chan string
}

// cspProbe records CSP violations; it runs before any script of the page.
const cspProbe = `window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});`

// WatchPage starts watching the tab of ctx; call it before navigating.
func WatchPage(ctx context.Context) (*Watch, error) {
	w := &Watch{problems: make(chan string, 256)}
	report := func(s string) {
		select {
		case w.problems <- s:
		default:
		}
	}
	console := chromedp.Events(ctx, runtime.ConsoleAPICalled)
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	logs := chromedp.Events(ctx, log.EntryAdded)
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, log.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspProbe})
		return err
	})); err != nil {
		return nil, err
	}
	go func() {
		for ev, err := range console {
			if err != nil {
				return
			}
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			msg := strings.Join(parts, " ")
			// A Go panic in the WASM app is printed with console.log.
			goPanic := strings.Contains(msg, "panic: ") || strings.Contains(msg, "fatal error: ")
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert || goPanic {
				report("console." + string(ev.Type) + ": " + msg)
			}
		}
	}()
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			report("exception: " + msg)
		}
	}()
	go func() {
		for ev, err := range logs {
			if err != nil {
				return
			}
			if e := ev.Entry; e.Level == log.EntryLevelError {
				report("log " + string(e.Source) + ": " + e.Text + " " + e.URL)
			}
		}
	}()
	return w, nil
}

// Problems returns what went wrong so far, CSP violations included.
func (w *Watch) Problems(ctx context.Context) []string {
	var ps []string
	for {
		select {
		case p := <-w.problems:
			ps = append(ps, p)
			continue
		default:
		}
		break
	}
	csp, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__cspViolations || []`))
	if err != nil {
		ps = append(ps, "reading CSP violations: "+err.Error())
	}
	for _, v := range csp {
		ps = append(ps, "CSP violation: "+v)
	}
	return ps
}

// WaitReady waits until the page's <main> says aria-busy="false": the WASM
// app has mounted and restored its state.
func WaitReady(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	return chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`main[aria-busy="false"]`)))
}
