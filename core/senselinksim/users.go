package senselinksim

import (
	"bytes"
	"errors"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Limits of the employee create call (JCV manual 2.4.1).
const (
	MaxJobNumberLen = 45
	MaxICNumberLen  = 20
	MaxMobileLen    = 20
	MaxRemarkLen    = 255
	MaxAvatarBytes  = 4 << 20
)

// CodeDuplicateJobNumber is the stand-in's answer to an employee number that
// is already registered. The real code is not public; clients must read the
// message, which is why this one is deliberately not near the documented 30001.
const CodeDuplicateJobNumber = 40031

// imagePath is where face crops (1/{id}) and full frames (2/{id}) are served.
const imagePath = "/v1/image/"

// serveCreateUser registers an employee from a multipart form, with the
// checks the manual lists: a name, field lengths, and an optional photo of at
// most 4 MB that must be a JPEG or PNG.
func (s *Server) serveCreateUser(w http.ResponseWriter, r *http.Request) (int, []byte) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxAvatarBytes+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return paramInvalid("the request must be multipart/form-data: %v", err)
	}
	fields := map[string]string{}
	var avatar []byte
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return paramInvalid("avatarFile is larger than 4 MB")
			}
			return paramInvalid("the form cannot be read: %v", err)
		}
		data, err := readPart(part)
		if err != nil {
			return paramInvalid("%s: %v", part.FormName(), err)
		}
		if part.FormName() == "avatarFile" {
			avatar = data
			continue
		}
		fields[part.FormName()] = string(data)
	}
	name := strings.TrimSpace(fields["name"])
	if name == "" {
		return paramInvalid("name is required")
	}
	for field, limit := range map[string]int{"jobNumber": MaxJobNumberLen, "icNumber": MaxICNumberLen,
		"mobile": MaxMobileLen, "remark": MaxRemarkLen} {
		if n := utf8.RuneCountInString(fields[field]); n > limit {
			return paramInvalid("%s is longer than %d characters (%d)", field, limit, n)
		}
	}
	if f := fields["force"]; f != "" && f != "0" && f != "1" {
		return paramInvalid("force must be 0 or 1, got %q", f)
	}
	if len(avatar) > MaxAvatarBytes {
		return paramInvalid("avatarFile is larger than 4 MB")
	}
	if avatar != nil {
		if t := http.DetectContentType(avatar); t != "image/jpeg" && t != "image/png" {
			return paramInvalid("avatarFile is not a JPEG or PNG image (%s)", t)
		}
	}
	jobNumber := strings.TrimSpace(fields["jobNumber"])

	s.mu.Lock()
	defer s.mu.Unlock()
	var next int64 = 1
	for _, p := range s.people {
		if jobNumber != "" && p.JobNumber == jobNumber {
			return http.StatusOK, envelope(CodeDuplicateJobNumber, "Employee number "+jobNumber+" already exists", nil)
		}
		next = max(next, p.ID+1)
	}
	p := Person{ID: next, Name: name, JobNumber: jobNumber, ICNumber: fields["icNumber"]}
	if avatar != nil {
		p.Avatar = string(appendImageID(nil, s.now().Unix(), uint64(next)))
	}
	s.people = append(s.people, p)
	s.peopleUpdated = s.now().UnixMilli()
	return answerOK(s.appendPersonJSON(nil, &s.people[len(s.people)-1]))
}

func readPart(part *multipart.Part) ([]byte, error) {
	defer part.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(part, MaxAvatarBytes+1)); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, errors.New("larger than 4 MB")
		}
		return nil, err
	}
	return buf.Bytes(), nil
}

// serveImage serves a generated picture for any well-formed image id: the
// stand-in keeps no photos, and a client needs only something to show.
func (s *Server) serveImage(w http.ResponseWriter, rest string) (int, []byte) {
	kind, id, ok := strings.Cut(rest, "/")
	if !ok || (kind != "1" && kind != "2") || len(id) != 24 || strings.Trim(id, hexDigits) != "" {
		return http.StatusNotFound, envelope(CodeNotFound, "image not found", nil)
	}
	size := 96
	if kind == "2" {
		size = 240
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, faceImage(id, size)); err != nil {
		return http.StatusInternalServerError, envelope(CodeInternal, err.Error(), nil)
	}
	w.Header().Set("Content-Type", "image/png")
	return http.StatusOK, buf.Bytes()
}

// faceImage draws a plain face on a background coloured from the id, so that
// different recognitions look different.
func faceImage(id string, size int) image.Image {
	h := fnv.New32a()
	_, _ = h.Write([]byte(id))
	sum := h.Sum32()
	bg := color.RGBA{uint8(sum), uint8(sum >> 8), uint8(sum >> 16), 255}
	skin := color.RGBA{0xf1, 0xc2, 0x9c, 255}
	dark := color.RGBA{0x3a, 0x2a, 0x20, 255}
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	c, r := float64(size)/2, float64(size)*0.36
	for y := range size {
		for x := range size {
			dx, dy := float64(x)-c, float64(y)-c
			col := bg
			if dx*dx+dy*dy <= r*r {
				col = skin
				ex, ey := absf(dx)-r*0.38, dy+r*0.25
				if ex*ex+ey*ey <= (r*0.12)*(r*0.12) {
					col = dark // eyes
				}
				if dy > r*0.35 && dy < r*0.48 && absf(dx) < r*0.4 {
					col = dark // mouth
				}
			}
			img.SetRGBA(x, y, col)
		}
	}
	return img
}

func absf(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
