// Package config reads the service's settings from the environment (twelve-factor style).
package config

import (
	"fmt"
	"log/slog"
	"os"
	"time"
)

// Config holds everything the service reads at start-up.
type Config struct {
	// Addr is where the HTTP server listens (PORT, default 8080).
	Addr string
	// ServiceName names the service in logs and traces (OTEL_SERVICE_NAME wins for traces).
	ServiceName string
	// LogLevel is debug, info, warn or error (LOG_LEVEL, default info).
	LogLevel slog.Level
	// ShutdownDelay is how long readiness fails before the server stops accepting requests.
	ShutdownDelay time.Duration
	// ShutdownTimeout bounds how long in-flight requests may take to finish.
	ShutdownTimeout time.Duration
{%- if values.database %}
	// DatabaseURL is the PostgreSQL connection string (DATABASE_URL, required).
	DatabaseURL string
{%- endif %}
{%- if values.queue %}
	// NATSURL is the NATS server address (NATS_URL, default nats://localhost:4222).
	NATSURL string
{%- endif %}
}

// Load reads the configuration from environment variables.
func Load() (Config, error) {
	cfg := Config{
		Addr:            ":" + getenv("PORT", "8080"),
		ServiceName:     getenv("SERVICE_NAME", "${{ values.name }}"),
		ShutdownDelay:   5 * time.Second,
		ShutdownTimeout: 20 * time.Second,
	}
	if err := cfg.LogLevel.UnmarshalText([]byte(getenv("LOG_LEVEL", "info"))); err != nil {
		return Config{}, fmt.Errorf("LOG_LEVEL: %w", err)
	}
	var err error
	if cfg.ShutdownDelay, err = duration("SHUTDOWN_DELAY", cfg.ShutdownDelay); err != nil {
		return Config{}, err
	}
	if cfg.ShutdownTimeout, err = duration("SHUTDOWN_TIMEOUT", cfg.ShutdownTimeout); err != nil {
		return Config{}, err
	}
{%- if values.database %}
	cfg.DatabaseURL = os.Getenv("DATABASE_URL")
	if cfg.DatabaseURL == "" {
		return Config{}, fmt.Errorf("DATABASE_URL is required")
	}
{%- endif %}
{%- if values.queue %}
	cfg.NATSURL = getenv("NATS_URL", "nats://localhost:4222")
{%- endif %}
	return cfg, nil
}

func getenv(key, fallback string) string {
	if value, ok := os.LookupEnv(key); ok && value != "" {
		return value
	}
	return fallback
}

func duration(key string, fallback time.Duration) (time.Duration, error) {
	value := os.Getenv(key)
	if value == "" {
		return fallback, nil
	}
	d, err := time.ParseDuration(value)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", key, err)
	}
	return d, nil
}
