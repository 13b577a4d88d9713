package database

import (
	"context"
	"testing"
)

func TestOpenRejectsABadURL(t *testing.T) {
	if _, err := Open(context.Background(), "postgres://%zz"); err == nil {
		t.Fatal("Open accepted a malformed URL")
	}
}
