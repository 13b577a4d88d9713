package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func newTestServer(t *testing.T, checks ...Check) *httptest.Server {
	t.Helper()
	srv := New(Options{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), Checks: checks, Version: "test"})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("reading %s: %v", url, err)
	}
	return res.StatusCode, string(body)
}

func TestHealthz(t *testing.T) {
	ts := newTestServer(t, Check{Name: "broken", Run: func(context.Context) error { return errors.New("down") }})
	if status, _ := get(t, ts.URL+"/healthz"); status != http.StatusOK {
		t.Fatalf("healthz = %d, want 200 even when a dependency is down", status)
	}
}

func TestReadyz(t *testing.T) {
	ok := newTestServer(t, Check{Name: "dep", Run: func(context.Context) error { return nil }})
	if status, _ := get(t, ok.URL+"/readyz"); status != http.StatusOK {
		t.Fatalf("readyz = %d, want 200", status)
	}
	broken := newTestServer(t, Check{Name: "dep", Run: func(context.Context) error { return errors.New("refused") }})
	status, body := get(t, broken.URL+"/readyz")
	if status != http.StatusServiceUnavailable || !strings.Contains(body, "refused") {
		t.Fatalf("readyz = %d %s, want 503 naming the failure", status, body)
	}
}

func TestReadyzFailsDuringShutdown(t *testing.T) {
	srv := New(Options{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	srv.StartShutdown()
	if status, _ := get(t, ts.URL+"/readyz"); status != http.StatusServiceUnavailable {
		t.Fatalf("readyz = %d during shutdown, want 503", status)
	}
}

func TestMetrics(t *testing.T) {
	ts := newTestServer(t)
	get(t, ts.URL+"/")
	status, body := get(t, ts.URL+"/metrics")
	if status != http.StatusOK {
		t.Fatalf("metrics = %d", status)
	}
	if !strings.Contains(body, `http_request_duration_seconds_count{code="200",method="GET",route="GET /{$}"} 1`) {
		t.Fatalf("metrics do not count the request:\n%s", body)
	}
}

func TestUnknownRoute(t *testing.T) {
	ts := newTestServer(t)
	if status, _ := get(t, ts.URL+"/nope"); status != http.StatusNotFound {
		t.Fatalf("GET /nope = %d, want 404", status)
	}
}
