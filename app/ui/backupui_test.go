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

// TestLastBackupTextCountsLocalDays: the time is kept in UTC (readLast
// parses what backUp wrote); the days are counted in the reader's own
// time zone, whatever zone the times come in.
func TestLastBackupTextCountsLocalDays(t *testing.T) {
	defer func(l *time.Location) { time.Local = l }(time.Local)
	time.Local = time.FixedZone("UTC+10", 10*60*60)
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.Local) // 23:00 UTC on the 29th
	tests := []struct {
		last, now time.Time
		want      string
	}{
		// 01:00 here on the 30th, but the 29th in UTC.
		{now.Add(-8 * time.Hour).UTC(), now, "Last backup: today."},
		{now.Add(-8 * time.Hour).UTC(), now.UTC(), "Last backup: today."},
		// 23:00 here on the 29th, but the 29th in UTC too: yesterday here.
		{now.Add(-10 * time.Hour).UTC(), now.UTC(), "Last backup: yesterday."},
	}
	for _, tt := range tests {
		if got := lastBackupText(tt.last, tt.now); got != tt.want {
			t.Errorf("lastBackupText(%v, %v) = %q, want %q", tt.last, tt.now, got, tt.want)
		}
	}
}
