package site

import (
	"context"
	"errors"
)

// ErrNoFaceImage is a recognition whose record names no face crop.
var ErrNoFaceImage = errors.New("SenseLink sent no face image with this recognition")

// FaceImage fetches the face crop of a recognition from SenseLink, for a
// person deciding about its punch. The image is personal data: it is
// returned, never stored, logged or exported, and fetched again when asked
// again.
func (s *Site) FaceImage(ctx context.Context, recordID int64) ([]byte, error) {
	pic, err := s.db.CapturePicture(ctx, recordID)
	if err != nil {
		return nil, err
	}
	if pic == "" {
		return nil, ErrNoFaceImage
	}
	client, err := s.Client(ctx)
	if err != nil {
		return nil, err
	}
	return client.FaceImage(ctx, pic)
}
