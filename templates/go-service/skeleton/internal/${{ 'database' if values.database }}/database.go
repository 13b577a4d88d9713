// Package database holds the PostgreSQL connection pool.
package database

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// DB is the service's connection pool.
type DB struct {
	Pool *pgxpool.Pool
}

// Open connects to PostgreSQL at url (a postgres:// URL or a key=value string). Pool sizing
// can be set in the URL: ?pool_max_conns=10&pool_max_conn_lifetime=1h.
func Open(ctx context.Context, url string) (*DB, error) {
	config, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parsing DATABASE_URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, config)
	if err != nil {
		return nil, err
	}
	return &DB{Pool: pool}, nil
}

// Ping checks that the database answers; readiness uses it.
func (db *DB) Ping(ctx context.Context) error {
	return db.Pool.Ping(ctx)
}

// Close releases every connection.
func (db *DB) Close() {
	db.Pool.Close()
}
