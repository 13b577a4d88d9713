package queue

import "testing"

func TestConnectFailsWithoutServer(t *testing.T) {
	// Port 1 is never a NATS server; Connect must fail rather than hang.
	if _, err := Connect("nats://127.0.0.1:1", "test"); err == nil {
		t.Fatal("Connect succeeded without a server")
	}
}
