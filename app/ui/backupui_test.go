package ui

import (
	"testing"
	"time"
)

func TestLastBackupText(t *testing.T) {
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.Local)
	tests := []struct {
		last time.Time
		want string
	}{
		{time.Time{}, "Last backup: never."},
		{now.Add(-8 * time.Hour), "Last backup: today."},
		{now.Add(-10 * time.Hour), "Last backup: yesterday."},
		{now.AddDate(0, 0, -12), "Last backup: 12 days ago."},
	}
	for _, tt := range tests {
		if got := lastBackupText(tt.last, now); got != tt.want {
			t.Errorf("lastBackupText(%v) = %q, want %q", tt.last, got, tt.want)
		}
	}
}
