//go:build race

package store

// raceDetector is true under -race, which makes SQLite (compiled Go)
// about ten times slower.
const raceDetector = true
