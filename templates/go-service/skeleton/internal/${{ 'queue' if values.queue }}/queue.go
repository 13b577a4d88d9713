// Package queue holds the connection to NATS, the service's message queue.
package queue

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go"
)

// Conn is the service's NATS connection.
type Conn struct {
	NC *nats.Conn
}

// Connect connects to the NATS server at url, reconnecting forever if the server goes away.
func Connect(url, name string) (*Conn, error) {
	nc, err := nats.Connect(url,
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(2*time.Second),
	)
	if err != nil {
		return nil, err
	}
	return &Conn{NC: nc}, nil
}

// Ping checks the connection with a round trip to the server; readiness uses it.
func (c *Conn) Ping(ctx context.Context) error {
	if !c.NC.IsConnected() {
		return errors.New("not connected to NATS")
	}
	return c.NC.FlushWithContext(ctx)
}

// Close delivers pending messages, then closes the connection.
func (c *Conn) Close() {
	if err := c.NC.Drain(); err != nil {
		c.NC.Close()
	}
}
