//go:build !wasm

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"marginalia/seeds"
)

// raw sends a request as written, on its own connection, and returns the
// response's status line and the whole response.
func raw(t *testing.T, addr, req string) (status, all string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(c)
	all = string(b)
	status, _, _ = strings.Cut(all, "\r\n")
	return status, all
}

func TestBinaryHostileRequests(t *testing.T) {
	srv := startServer(t)
	addr := strings.TrimPrefix(srv.URL, "http://")
	req := func(method, target string, headers ...string) string {
		return method + " " + target + " HTTP/1.1\r\nHost: " + addr + "\r\nConnection: close\r\n" + strings.Join(headers, "") + "\r\n"
	}
	tests := []struct {
		name, request, status string
	}{
		{"traversal", req("GET", "/web/../../etc/passwd"), "404"},
		{"traversal to go.mod", req("GET", "/web/../go.mod"), "404"},
		{"encoded traversal", req("GET", "/web/..%2f..%2fetc%2fpasswd"), "404"},
		{"dot-encoded traversal", req("GET", "/web/%2e%2e/%2e%2e/etc/passwd"), "404"},
		{"backslash traversal", req("GET", "/web/..%5c..%5cetc%5cpasswd"), "404"},
		{"double slash", req("GET", "//etc/passwd"), "404"},
		{"absolute-form target", req("GET", "http://evil.example/etc/passwd"), "404"},
		{"source file", req("GET", "/web/web.go"), "404"},
		{"POST", req("POST", "/", "Content-Length: 0\r\n"), "405"},
		{"PUT", req("PUT", "/web/app.css", "Content-Length: 0\r\n"), "405"},
		{"DELETE", req("DELETE", "/"), "405"},
		{"TRACE", req("TRACE", "/"), "405"},
		{"made-up method", req("BREW", "/"), "405"},
		{"oversized headers", req("GET", "/", "X-Big: "+strings.Repeat("a", 1<<20)+"\r\n"), "431"},
		{"bad request line", "GET\r\n\r\n", "400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, all := raw(t, addr, tt.request)
			if !strings.Contains(status, " "+tt.status+" ") {
				t.Errorf("status line %q, want %s", status, tt.status)
			}
			for _, leak := range []string{"root:", "module marginalia", "package web"} {
				if strings.Contains(all, leak) {
					t.Errorf("the response leaks %q", leak)
				}
			}
		})
	}

	// Conditional, HEAD and range requests on app.wasm.
	res, err := http.Head(srv.URL + "/web/app.wasm")
	if err != nil || res.StatusCode != 200 || res.ContentLength <= 0 || res.Header.Get("ETag") == "" {
		t.Fatalf("HEAD app.wasm: %v %+v", err, res)
	}
	etag, size := res.Header.Get("ETag"), res.ContentLength
	r, _ := http.NewRequest("GET", srv.URL+"/web/app.wasm", nil)
	r.Header.Set("If-None-Match", etag)
	r.Header.Set("Accept-Encoding", "identity")
	if res, err := http.DefaultClient.Do(r); err != nil || res.StatusCode != 304 {
		t.Errorf("If-None-Match: %v %v", err, res.Status)
	}
	r.Header.Del("If-None-Match")
	r.Header.Set("Range", "bytes=0-99")
	if res, err := http.DefaultClient.Do(r); err != nil || res.StatusCode != 206 || res.ContentLength != 100 {
		t.Errorf("Range: %v %v %d", err, res.Status, res.ContentLength)
	}
	r.Header.Set("Range", fmt.Sprintf("bytes=%d-", size+10))
	if res, err := http.DefaultClient.Do(r); err != nil || res.StatusCode != 416 {
		t.Errorf("unsatisfiable Range: %v %v", err, res.Status)
	}

	// A client that never finishes its headers is cut off
	// (ReadHeaderTimeout), and the server goes on serving others.
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: "+addr+"\r\nX-Slow: ")
	c.SetReadDeadline(time.Now().Add(7 * time.Second)) // the header timeout is 5 s
	start := time.Now()
	// net/http answers a header timeout by closing the connection, at
	// times after a 408: either ends the read, a read deadline must not.
	_, err = bufio.NewReader(c).ReadString('\n')
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Errorf("a client that never ends its headers was kept %v", time.Since(start).Round(time.Second))
	}
	if res, err := http.Get(srv.URL + "/"); err != nil || res.StatusCode != 200 {
		t.Fatalf("after the hostile requests, / gives %v %v", err, res)
	}
}

// TestBinaryQueryNotReflected sends, on a raw socket, requests whose
// query and Host header would close the og:url attribute and add a
// refresh to another site, were they written into the page: the page's
// URL is the base URL (the listen address) and the path, nothing else.
func TestBinaryQueryNotReflected(t *testing.T) {
	srv := startServer(t)
	addr := strings.TrimPrefix(srv.URL, "http://")
	const hostile = `"><meta/http-equiv=refresh/content=0;url=//example.com/><x/y="`
	for _, tt := range []struct{ target, host, want string }{
		{"/?a=" + hostile, addr, "http://" + addr + "/"},
		{"/a/" + seeds.Articles()[0].Slug + "?q=" + hostile, addr, "http://" + addr + "/a/" + seeds.Articles()[0].Slug},
		{"/", "example.com", "http://" + addr + "/"},
	} {
		status, all := raw(t, addr, "GET "+tt.target+" HTTP/1.1\r\nHost: "+tt.host+"\r\nConnection: close\r\n\r\n")
		if !strings.Contains(status, " 200 ") {
			t.Errorf("GET %s: %s", tt.target, status)
		}
		if got := ogURL(all); got != tt.want {
			t.Errorf("GET %s (Host %s): og:url %q, want %q", tt.target, tt.host, got, tt.want)
		}
		for _, leak := range []string{"http-equiv=refresh", "example.com", "<x/y"} {
			if strings.Contains(all, leak) {
				t.Errorf("GET %s (Host %s): the page holds %q", tt.target, tt.host, leak)
			}
		}
	}
}

// TestBinaryUnderLoad sends a fixed number of requests from many clients at
// once, pages and app.wasm mixed, and checks that every one succeeds and
// the server lives on. (make bench measures the rate.)
func TestBinaryUnderLoad(t *testing.T) {
	srv := startServer(t)
	paths := []string{"/", "/a/" + seeds.Articles()[0].Slug, "/web/app.css", "/app.js", "/web/app.wasm", "/manifest.webmanifest"}
	const clients, each = 16, 60
	var wg sync.WaitGroup
	errs := make(chan error, clients*each)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				p := paths[(c+i)%len(paths)]
				r, _ := http.NewRequest("GET", srv.URL+p, nil)
				r.Header.Set("Accept-Encoding", []string{"br", "gzip", "identity"}[i%3])
				res, err := client.Do(r)
				if err != nil {
					errs <- err
					continue
				}
				n, err := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if err != nil || res.StatusCode != 200 || n == 0 {
					errs <- fmt.Errorf("%s: %s, %d bytes, %v", p, res.Status, n, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
