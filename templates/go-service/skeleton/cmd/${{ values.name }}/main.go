// Command ${{ values.name }} runs the ${{ values.name }} HTTP service.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"${{ values.goModule }}/internal/config"
{%- if values.database %}
	"${{ values.goModule }}/internal/database"
{%- endif %}
{%- if values.queue %}
	"${{ values.goModule }}/internal/queue"
{%- endif %}
	"${{ values.goModule }}/internal/server"
	"${{ values.goModule }}/internal/telemetry"
)

// version is set at build time: -ldflags "-X main.version=<git sha>".
var version = "dev"

func main() {
	if err := run(); err != nil {
		slog.Error("service stopped", "error", err)
		os.Exit(1)
	}
}

func run() error {
	cfg, err := config.Load()
	if err != nil {
		return fmt.Errorf("reading configuration: %w", err)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: cfg.LogLevel}))
	slog.SetDefault(logger)

	// SIGTERM is what Kubernetes sends before it kills the pod; Ctrl-C is for local runs.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	shutdownTracing, err := telemetry.Setup(ctx, cfg.ServiceName, version)
	if err != nil {
		return fmt.Errorf("setting up tracing: %w", err)
	}

	var checks []server.Check
{%- if values.database %}

	db, err := database.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("connecting to the database: %w", err)
	}
	defer db.Close()
	checks = append(checks, server.Check{Name: "database", Run: db.Ping})
{%- endif %}
{%- if values.queue %}

	nc, err := queue.Connect(cfg.NATSURL, cfg.ServiceName)
	if err != nil {
		return fmt.Errorf("connecting to NATS: %w", err)
	}
	defer nc.Close()
	checks = append(checks, server.Check{Name: "queue", Run: nc.Ping})
{%- endif %}

	srv := server.New(server.Options{Logger: logger, Checks: checks, Version: version})
	httpServer := &http.Server{
		Addr:              cfg.Addr,
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
	}

	serveErr := make(chan error, 1)
	go func() {
		logger.Info("listening", "addr", cfg.Addr, "version", version)
		serveErr <- httpServer.ListenAndServe()
	}()

	select {
	case err := <-serveErr:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	case <-ctx.Done():
		logger.Info("shutdown signal received; draining")
	}

	// Fail readiness first so the Service stops routing here, then finish in-flight requests.
	srv.StartShutdown()
	time.Sleep(cfg.ShutdownDelay)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		logger.Error("HTTP server did not drain in time", "error", err)
	}
	// The last spans get 3 s of their own: a collector that is down must not eat the grace period.
	flushCtx, cancelFlush := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancelFlush()
	if err := shutdownTracing(flushCtx); err != nil {
		logger.Error("flushing traces failed", "error", err)
	}
	logger.Info("stopped")
	return nil
}
