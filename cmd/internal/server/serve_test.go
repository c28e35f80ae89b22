package server

import (
	"bufio"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
	"testing/fstest"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// smallBuffers is a listener whose connections have a small send buffer,
// so that a slow reader holds the server's writes back (on loopback the
// kernel would otherwise take a whole body at once).
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(4 << 10)
	}
	return c, err
}

// TestServeSlowReaderAndSlowHeaders: a reader at 16 KB/s at most finishes
// a body that takes it longer than the stall timeout, since every piece
// written moves the deadline on (the stall timeout must cover a piece and
// what the buffers hold, up to 48 KB on loopback: 4 s here); meanwhile a client that never ends
// its headers is cut off at the header timeout.
func TestServeSlowReaderAndSlowHeaders(t *testing.T) {
	wasm := make([]byte, 112<<10) // random: no compressed copy
	rand.Read(wasm)
	s, err := New(fstest.MapFS{"app.wasm": {Data: wasm}, "app.css": {Data: []byte("body{}")}}, &app.Handler{Name: "test"},
		func(p string) (string, int) { return p, http.StatusNotFound })
	if err != nil {
		t.Fatal(err)
	}
	s.HeaderTimeout, s.StallTimeout = 500*time.Millisecond, 4*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(smallBuffers{ln}, "test", io.Discard)
	defer ln.Close()
	addr := ln.Addr().String()

	// The client that never ends its headers.
	cut := make(chan time.Duration, 1)
	go func() {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			cut <- -1
			return
		}
		defer c.Close()
		start := time.Now()
		io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, err = io.ReadAll(c)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			cut <- -1
			return
		}
		cut <- time.Since(start)
	}()

	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.(*net.TCPConn).SetReadBuffer(4 << 10)
	io.WriteString(c, "GET /web/app.wasm HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n")
	start := time.Now()
	br := bufio.NewReaderSize(c, 1024)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	n, buf := 0, make([]byte, 4<<10)
	for tick := time.NewTicker(time.Second / 4); ; <-tick.C { // 16 KB/s
		k, err := io.ReadFull(res.Body, buf[:min(len(buf), len(wasm)-n)])
		n += k
		if n == len(wasm) {
			break
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("after %d bytes in %v: %v", n, time.Since(start).Round(time.Millisecond), err)
		}
	}
	took := time.Since(start)
	if want := strconv.Itoa(len(wasm)); n != len(wasm) || res.Header.Get("Content-Length") != want {
		t.Errorf("read %d bytes (Content-Length %s), want %s", n, res.Header.Get("Content-Length"), want)
	}
	if took < s.StallTimeout+time.Second { // a deadline for the whole response of the stall timeout would have cut it
		t.Errorf("the body took %v: too fast to test the stall timeout", took)
	}
	if d := <-cut; d < 0 || d > s.HeaderTimeout+time.Second {
		t.Errorf("a client that never ends its headers was kept %v (-1: not cut off), header timeout %v", d, s.HeaderTimeout)
	}
}
