package senselink

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"unicode/utf8"
)

// Limits of the employee create call (JCV manual 2.4.1).
const (
	MaxJobNumberLen = 45      // characters
	MaxPhotoBytes   = 4 << 20 // the face photo
)

// NewEmployee is a person to register in SenseLink.
type NewEmployee struct {
	Name      string
	JobNumber string // employee number (従業員番号), the staff code
	// Photo is a face photo (JPEG or PNG, at most MaxPhotoBytes), nil for
	// none: a person without one is recognised only once a face is added
	// in SenseLink.
	Photo     []byte
	PhotoName string // the file's name, sent with it
}

// PhotoProblem says what is wrong with a face photo before it is sent.
type PhotoProblem struct {
	Size int    // bytes
	Type string // the sniffed content type
}

func (p *PhotoProblem) Error() string {
	if p.Size > MaxPhotoBytes {
		return fmt.Sprintf("the photo is %.1f MB; SenseLink accepts at most 4 MB", float64(p.Size)/(1<<20))
	}
	return fmt.Sprintf("the photo is not a JPEG or PNG image (%s)", p.Type)
}

// CheckPhoto refuses what SenseLink would refuse, before anything is sent.
func CheckPhoto(photo []byte) error {
	if len(photo) > MaxPhotoBytes {
		return &PhotoProblem{Size: len(photo)}
	}
	if t := http.DetectContentType(photo); t != "image/jpeg" && t != "image/png" {
		return &PhotoProblem{Size: len(photo), Type: t}
	}
	return nil
}

// CheckNewEmployee refuses a registration SenseLink would refuse.
func CheckNewEmployee(e NewEmployee) error {
	if strings.TrimSpace(e.Name) == "" {
		return errors.New("the name is empty")
	}
	if n := utf8.RuneCountInString(e.JobNumber); n > MaxJobNumberLen {
		return fmt.Errorf("the employee number has %d characters; SenseLink allows %d", n, MaxJobNumberLen)
	}
	if e.Photo != nil {
		return CheckPhoto(e.Photo)
	}
	return nil
}

// CreateEmployee registers e in SenseLink (POST /api/v1/user, multipart; a
// server without that path is asked on /api/v2/user, which a JCV-host
// client uses) and returns the person as SenseLink now has them.
func (c *Client) CreateEmployee(ctx context.Context, e NewEmployee) (Employee, error) {
	if err := CheckNewEmployee(e); err != nil {
		return Employee{}, &Error{Kind: KindUnknown, Op: opCreateV1, Message: err.Error(), Err: err}
	}
	body, contentType, err := employeeForm(e)
	if err != nil {
		return Employee{}, &Error{Kind: KindUnknown, Op: opCreateV1, Err: err}
	}
	got, err := c.createEmployee(ctx, opCreateV1, body, contentType)
	var apiErr *Error
	if errors.As(err, &apiErr) && (apiErr.HTTPStatus == http.StatusNotFound || apiErr.HTTPStatus == http.StatusMethodNotAllowed) {
		return c.createEmployee(ctx, opCreateV2, body, contentType)
	}
	return got, err
}

func (c *Client) createEmployee(ctx context.Context, op string, body []byte, contentType string) (Employee, error) {
	r, err := c.send(ctx, http.MethodPost, op, nil, body, contentType)
	if err != nil {
		return Employee{}, err
	}
	var person Employee
	env, err := decodeEnvelope(r.body, func(b []byte, v int) (int, error) {
		val, end, err := valueAt(b, v)
		if err != nil {
			return -1, err
		}
		if kindOf(val) == jsonObject {
			// The answer's person; some servers send only an id or nothing.
			if p, err := decodeEmployee(val); err == nil {
				person = p
			}
		}
		return end, nil
	})
	if err := c.envelopeError(op, r, env, err); err != nil {
		return Employee{}, err
	}
	return person, nil
}

// employeeForm writes the multipart form of a registration.
func employeeForm(e NewEmployee) ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fields := [][2]string{{"name", strings.TrimSpace(e.Name)}, {"jobNumber", strings.TrimSpace(e.JobNumber)}, {"force", "0"}}
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			return nil, "", err
		}
	}
	if e.Photo != nil {
		name := e.PhotoName
		if name == "" {
			name = "face.jpg"
		}
		h := make(textproto.MIMEHeader)
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="avatarFile"; filename=%q`, name))
		h.Set("Content-Type", http.DetectContentType(e.Photo))
		part, err := w.CreatePart(h)
		if err != nil {
			return nil, "", err
		}
		if _, err := part.Write(e.Photo); err != nil {
			return nil, "", err
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

// FaceImage fetches a recognition's face crop (capture_picture) from the
// same host. The image is personal data: callers keep it in memory only.
func (c *Client) FaceImage(ctx context.Context, pictureID string) ([]byte, error) {
	id := strings.TrimSpace(pictureID)
	if id == "" || strings.ContainsAny(id, "/?#%") {
		return nil, &Error{Kind: KindUnknown, Op: opFaceImage, Message: fmt.Sprintf("%q is not an image id", pictureID)}
	}
	op := opFaceImage + id
	r, err := c.get(ctx, op, nil)
	if err != nil {
		return nil, err
	}
	if t := http.DetectContentType(r.body); strings.HasPrefix(t, "image/") {
		return r.body, nil
	}
	// Not an image: an envelope saying why, or something else.
	env, err := decodeEnvelope(r.body, nil)
	if err == nil && env.Code != codeOK {
		return nil, c.envelopeError(op, r, env, nil)
	}
	return nil, &Error{Kind: KindDecode, Op: op, HTTPStatus: r.status, Message: "the answer is not an image"}
}
