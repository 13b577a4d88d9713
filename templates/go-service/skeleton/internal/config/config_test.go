package config

import (
	"log/slog"
	"testing"
	"time"
)

func TestLoadDefaults(t *testing.T) {
	t.Setenv("PORT", "")
	t.Setenv("LOG_LEVEL", "")
{%- if values.database %}
	t.Setenv("DATABASE_URL", "postgres://app@localhost:5432/app")
{%- endif %}
	cfg, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.Addr != ":8080" {
		t.Errorf("Addr = %q, want :8080", cfg.Addr)
	}
	if cfg.LogLevel != slog.LevelInfo {
		t.Errorf("LogLevel = %v, want info", cfg.LogLevel)
	}
	if cfg.ShutdownTimeout != 20*time.Second {
		t.Errorf("ShutdownTimeout = %v, want 20s", cfg.ShutdownTimeout)
	}
}

func TestLoadFromEnvironment(t *testing.T) {
	t.Setenv("PORT", "9090")
	t.Setenv("LOG_LEVEL", "debug")
	t.Setenv("SHUTDOWN_TIMEOUT", "3s")
{%- if values.database %}
	t.Setenv("DATABASE_URL", "postgres://app@localhost:5432/app")
{%- endif %}
	cfg, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.Addr != ":9090" || cfg.LogLevel != slog.LevelDebug || cfg.ShutdownTimeout != 3*time.Second {
		t.Errorf("unexpected config %+v", cfg)
	}
}

func TestLoadRejectsBadValues(t *testing.T) {
	t.Setenv("SHUTDOWN_TIMEOUT", "soon")
{%- if values.database %}
	t.Setenv("DATABASE_URL", "postgres://app@localhost:5432/app")
{%- endif %}
	if _, err := Load(); err == nil {
		t.Fatal("Load accepted SHUTDOWN_TIMEOUT=soon")
	}
}
{%- if values.database %}

func TestLoadRequiresDatabaseURL(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	if _, err := Load(); err == nil {
		t.Fatal("Load accepted an empty DATABASE_URL")
	}
}
{%- endif %}
