// Package server holds the HTTP handlers: the API, health, readiness and metrics.
package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

// Check is one dependency readiness depends on (a database, a queue).
type Check struct {
	Name string
	Run  func(context.Context) error
}

// Options configure a Server.
type Options struct {
	Logger  *slog.Logger
	Checks  []Check
	Version string
	// Registry receives the service's metrics; a new one when nil.
	Registry *prometheus.Registry
}

// Server serves the service's routes.
type Server struct {
	logger       *slog.Logger
	checks       []Check
	version      string
	registry     *prometheus.Registry
	duration     *prometheus.HistogramVec
	shuttingDown atomic.Bool
}

// New builds a Server and registers its metrics.
func New(opts Options) *Server {
	registry := opts.Registry
	if registry == nil {
		registry = prometheus.NewRegistry()
		registry.MustRegister(
			collectors.NewGoCollector(),
			collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		)
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	duration := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "http_request_duration_seconds",
		Help:    "Time taken to answer HTTP requests, by method, route and status code.",
		Buckets: prometheus.DefBuckets,
	}, []string{"method", "route", "code"})
	registry.MustRegister(duration)
	return &Server{
		logger:   logger,
		checks:   opts.Checks,
		version:  opts.Version,
		registry: registry,
		duration: duration,
	}
}

// StartShutdown makes readiness fail, so that load balancers stop sending traffic.
func (s *Server) StartShutdown() {
	s.shuttingDown.Store(true)
}

// Handler answers every route, traced with OpenTelemetry and measured for Prometheus.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.hello)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{}))
	return otelhttp.NewHandler(s.observe(mux), "http.server",
		otelhttp.WithFilter(func(r *http.Request) bool {
			// Probes and scrapes would drown the real traffic.
			return r.URL.Path != "/healthz" && r.URL.Path != "/readyz" && r.URL.Path != "/metrics"
		}),
	)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// observe records the request's duration and writes one access log line.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		elapsed := time.Since(start)
		s.duration.WithLabelValues(r.Method, route, strconv.Itoa(rec.status)).Observe(elapsed.Seconds())
		if route != "GET /healthz" && route != "GET /readyz" && route != "GET /metrics" {
			s.logger.InfoContext(r.Context(), "request",
				"method", r.Method, "path", r.URL.Path, "status", rec.status, "duration_ms", elapsed.Milliseconds())
		}
	})
}

func (s *Server) hello(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"service": "${{ values.name }}", "version": s.version})
}

// healthz says the process is alive; it never looks at dependencies, so that a database
// outage does not make Kubernetes restart every pod.
func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz says whether the service can take traffic: not while shutting down, and only when
// every dependency answers.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.shuttingDown.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "shutting down"})
		return
	}
	results := map[string]string{}
	status := http.StatusOK
	for _, check := range s.checks {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		err := check.Run(ctx)
		cancel()
		if err != nil {
			s.logger.WarnContext(r.Context(), "readiness check failed", "check", check.Name, "error", err)
			results[check.Name] = err.Error()
			status = http.StatusServiceUnavailable
			continue
		}
		results[check.Name] = "ok"
	}
	state := "ok"
	if status != http.StatusOK {
		state = "unavailable"
	}
	writeJSON(w, status, map[string]any{"status": state, "checks": results})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
