package staff

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/punchdesk/punchdesk/core/domain"
	"github.com/punchdesk/punchdesk/core/problem"
)

// MaxFileSize is the largest staff CSV accepted (10 MB). A list of thousands
// of staff is a few hundred kilobytes; anything this big is the wrong file.
const MaxFileSize = 10 << 20

// ErrTooLarge is returned (wrapped) for a file over MaxFileSize.
var ErrTooLarge = problem.New(problem.CSVTooLarge)

// Problem is one thing wrong in a staff CSV. Line is the 1-based physical
// line in the file as a text editor shows it (the header is usually line 1),
// or 0 when the problem concerns the whole file. Code is the row's staff code
// when it has one, so a list of problems can be matched to staff.
type Problem struct {
	Line int
	Code string
	What *problem.Problem
}

// Message is the problem in English.
func (p Problem) Message() string { return p.What.Error() }

func (p Problem) String() string {
	if p.Line == 0 {
		return p.Message()
	}
	return fmt.Sprintf("line %d: %s", p.Line, p.Message())
}

// ImportError lists every problem found in a staff CSV. When ParseCSV returns
// one, it returns no members at all: an import is all or nothing, so fixing
// the file and importing again never leaves a half-imported list.
type ImportError struct {
	Problems []Problem // ordered by line
	// What names the file in messages; "" means "staff CSV".
	What string
}

func (e *ImportError) what() string {
	if e.What == "" {
		return "staff CSV"
	}
	return e.What
}

// maxListedProblems bounds Error(): a broken file can have thousands of bad
// rows and nobody reads past the first screenful.
const maxListedProblems = 20

func (e *ImportError) Error() string {
	if len(e.Problems) == 1 {
		return e.what() + ": " + e.Problems[0].String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s has %d problems:", e.what(), len(e.Problems))
	for i, p := range e.Problems {
		if i == maxListedProblems {
			fmt.Fprintf(&b, "\n… and %d more", len(e.Problems)-maxListedProblems)
			break
		}
		b.WriteString("\n")
		b.WriteString(p.String())
	}
	return b.String()
}

// ReadCSV reads a staff CSV from r, refusing to read more than MaxFileSize,
// and parses it with ParseCSV.
func ReadCSV(r io.Reader) ([]domain.StaffMember, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read staff CSV: %w", err)
	}
	return ParseCSV(data)
}

// ParseCSV parses a staff list as exported by Excel or Jobcan: UTF-8 (with or
// without BOM) or Shift_JIS/CP932, a header row in English
// (code,name,group[,active]) or Japanese (スタッフコード, 氏名 or 姓+名,
// グループ[, 有効 or 状態]) in any column order, then one row per member.
// Blank rows are skipped. Any bad row makes it return an *ImportError listing
// every problem and no members; file-level failures (too large, not a CSV,
// no rows) are plain errors.
func ParseCSV(data []byte) ([]domain.StaffMember, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("staff CSV: %w", ErrTooLarge)
	}
	dec, err := decodeCSV(data)
	if err != nil {
		return nil, fmt.Errorf("staff CSV: %w", err)
	}
	p := &parser{dec: dec, scanLine: 1, seen: make(map[string]int)}
	return p.run()
}

// role is what a header column means to PunchDesk.
type role int

const (
	roleCode role = iota
	roleName
	roleFamily // 姓
	roleGiven  // 名
	roleGroup
	roleActive
	roleCount
)

// headerRoles maps a trimmed, lower-cased header cell to its role.
var headerRoles = map[string]role{
	"code":    roleCode,
	"スタッフコード": roleCode,
	"name":    roleName,
	"氏名":      roleName,
	"姓":       roleFamily,
	"名":       roleGiven,
	"group":   roleGroup,
	"グループ":    roleGroup,
	"active":  roleActive,
	"有効":      roleActive,
	"状態":      roleActive,
}

// layout is where each role sits in a row, as read from the header.
type layout struct {
	col    [roleCount]int    // 0-based column, -1 when absent
	label  [roleCount]string // the header text, for messages
	fields int               // number of header cells
	// need is the number of fields a row must have to reach every
	// required column.
	need int
}

type parser struct {
	dec      decodedText
	r        *csv.Reader
	problems []Problem
	seen     map[string]int // staff code -> line of its first row

	// scanOff/scanLine track the physical line of a byte offset in dec.text
	// incrementally, since records are read in order.
	scanOff  int
	scanLine int
}

func (p *parser) add(line int, code string, what *problem.Problem) {
	p.problems = append(p.problems, Problem{Line: line, Code: code, What: what})
}

func (p *parser) run() ([]domain.StaffMember, error) {
	p.r = csv.NewReader(strings.NewReader(p.dec.text))
	p.r.FieldsPerRecord = -1
	p.r.ReuseRecord = true

	var lay *layout
	var members []domain.StaffMember
	headerLine, rows := 0, 0
	for {
		rec, err := p.r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, fmt.Errorf("read staff CSV: %w", err)
			}
			p.add(pe.StartLine, "", quoteProblem(pe))
			if lay == nil {
				// Without a readable header no row can be understood.
				return nil, p.importError()
			}
			rows++
			continue
		}
		start, _ := p.r.FieldPos(0)
		end := p.lineAt(int(p.r.InputOffset()) - 1)
		if allBlank(rec) {
			continue
		}
		if p.undecodable(start, end) {
			// Reported once per line by importError; the row's content
			// cannot be trusted, so it is not checked further.
			if lay == nil {
				return nil, p.importError()
			}
			rows++
			continue
		}
		if lay == nil {
			l, err := p.header(rec, start)
			if err != nil {
				return nil, err
			}
			lay, headerLine = &l, start
			continue
		}
		rows++
		if m, ok := p.row(rec, lay); ok {
			members = append(members, m)
		}
	}
	if len(p.problems) > 0 || len(p.dec.badLines) > 0 {
		return nil, p.importError()
	}
	if lay == nil {
		return nil, problem.New(problem.CSVEmpty)
	}
	if rows == 0 {
		return nil, problem.New(problem.CSVNoRows, "Line", headerLine)
	}
	return members, nil
}

// importError adds one problem per line with undecodable bytes and orders
// everything by line.
func (p *parser) importError() *ImportError {
	for _, line := range p.dec.badLines {
		p.add(line, "", problem.New(problem.CSVEncoding, "Encoding", p.dec.encoding))
	}
	sort.SliceStable(p.problems, func(i, j int) bool { return p.problems[i].Line < p.problems[j].Line })
	return &ImportError{Problems: p.problems}
}

// lineAt returns the physical line of byte offset off; offsets must not go
// backwards between calls.
func (p *parser) lineAt(off int) int {
	if off > p.scanOff {
		p.scanLine += strings.Count(p.dec.text[p.scanOff:off], "\n")
		p.scanOff = off
	}
	return p.scanLine
}

// undecodable reports whether any line from start to end has bad bytes.
func (p *parser) undecodable(start, end int) bool {
	bad := p.dec.badLines
	i := sort.SearchInts(bad, start)
	return i < len(bad) && bad[i] <= end
}

func allBlank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimFunc(f, unicode.IsSpace) != "" {
			return false
		}
	}
	return true
}

// header reads the header row. Problems with it are returned at once: rows
// cannot be read against a header that is wrong.
func (p *parser) header(rec []string, line int) (layout, error) {
	var l layout
	for i := range l.col {
		l.col[i] = -1
	}
	l.fields = len(rec)
	found := make([]string, len(rec))
	for i, cell := range rec {
		text := strings.TrimFunc(cell, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
		found[i] = text
		ro, ok := headerRoles[strings.ToLower(text)]
		if !ok {
			continue
		}
		if prev := l.col[ro]; prev >= 0 {
			p.add(line, "", problem.New(problem.CSVHeaderTwice, "Text", text, "First", columnName(prev), "Second", columnName(i)))
			continue
		}
		l.col[ro], l.label[ro] = i, text
	}
	if len(p.problems) > 0 {
		return l, p.importError()
	}
	// A single 氏名/name column wins over 姓+名: it is the whole name already.
	if l.col[roleName] >= 0 {
		l.col[roleFamily], l.col[roleGiven] = -1, -1
	}

	needCode, needName := l.col[roleCode] < 0, ""
	switch fam, giv := l.col[roleFamily] >= 0, l.col[roleGiven] >= 0; {
	case l.col[roleName] >= 0, fam && giv:
	case fam:
		needName = "given"
	case giv:
		needName = "family"
	default:
		needName = "name"
	}
	if needCode || needName != "" {
		p.add(line, "", problem.New(problem.CSVHeader, "NeedCode", needCode, "NeedName", needName, "Found", listHeaders(found),
			"Columns", len(found), "Separators", len(rec) == 1 && strings.ContainsAny(rec[0], "\t;")))
		return l, p.importError()
	}

	for _, ro := range []role{roleCode, roleName, roleFamily, roleGiven} {
		if c := l.col[ro]; c+1 > l.need {
			l.need = c + 1
		}
	}
	return l, nil
}

func listHeaders(found []string) string {
	const max = 12
	quoted := make([]string, 0, max+1)
	for i, h := range found {
		if i == max {
			quoted = append(quoted, "…")
			break
		}
		quoted = append(quoted, fmt.Sprintf("%q", shorten(h)))
	}
	return strings.Join(quoted, ", ")
}

// columnName is the 0-based column i as Excel labels it ("A", "B", …, "AA"),
// since the administrator will look for it in Excel.
func columnName(i int) string {
	letters := ""
	for n := i + 1; n > 0; n = (n - 1) / 26 {
		letters = string(rune('A'+(n-1)%26)) + letters
	}
	return letters
}

// row checks one data row, records its problems and returns the member when
// it has none.
func (p *parser) row(rec []string, l *layout) (domain.StaffMember, bool) {
	lineOf := func(col int) int {
		line, _ := p.r.FieldPos(col)
		return line
	}
	start := lineOf(0)
	var code string
	if c := l.col[roleCode]; c < len(rec) {
		code = MatchKey(rec[c])
	}
	if len(rec) < l.need {
		for _, ro := range []role{roleCode, roleName, roleFamily, roleGiven} {
			if c := l.col[ro]; c >= len(rec) {
				p.add(start, code, problem.New(problem.CSVRowShort, "N", len(rec), "Label", l.label[ro], "Column", columnName(c)))
				return domain.StaffMember{}, false
			}
		}
	}
	for i := l.fields; i < len(rec); i++ {
		if strings.TrimFunc(rec[i], unicode.IsSpace) != "" {
			// The values are probably shifted, so checking them one by one
			// would only add confusing messages.
			p.add(start, code, problem.New(problem.CSVRowLong, "N", len(rec), "Header", l.fields))
			return domain.StaffMember{}, false
		}
	}

	ok := true
	codeLine := lineOf(l.col[roleCode])
	if err := ValidateCode(code); err != nil {
		p.add(codeLine, code, problem.Of(err))
		ok = false
	} else if first, dup := p.seen[code]; dup {
		p.add(codeLine, code, problem.New(problem.CSVCodeTwice, "Code", code, "First", first))
		ok = false
	} else {
		p.seen[code] = codeLine
	}

	var name string
	var nameLine int
	if c := l.col[roleName]; c >= 0 {
		name, nameLine = trimText(rec[c]), lineOf(c)
	} else {
		family, given := trimText(rec[l.col[roleFamily]]), trimText(rec[l.col[roleGiven]])
		nameLine = lineOf(l.col[roleFamily])
		switch {
		case given == "": // a single-part name is a name too
			name = family
		case family == "":
			name = given
		default:
			name = family + " " + given
		}
	}
	if name == "" {
		p.add(nameLine, code, problem.New(problem.CSVNameEmpty))
		ok = false
	} else if r, bad := hasControl(name); bad {
		p.add(nameLine, code, problem.New(problem.CSVControl, "Label", "", "Value", shorten(name), "Char", fmt.Sprintf("%U", r)))
		ok = false
	}

	var group string
	if c := l.col[roleGroup]; c >= 0 && c < len(rec) {
		group = trimText(rec[c])
		if r, bad := hasControl(group); bad {
			p.add(lineOf(c), code, problem.New(problem.CSVControl, "Label", l.label[roleGroup], "Value", shorten(group), "Char", fmt.Sprintf("%U", r)))
			ok = false
		}
	}

	active := true
	if c := l.col[roleActive]; c >= 0 && c < len(rec) {
		v, valid := parseActive(rec[c])
		if !valid {
			p.add(lineOf(c), code, problem.New(problem.CSVActive, "Label", l.label[roleActive], "Value", shorten(trimText(rec[c]))))
			ok = false
		}
		active = v
	}
	return domain.StaffMember{Code: code, Name: name, Group: group, Active: active}, ok
}

// parseActive reads an active flag; full-width letters and digits (as typed
// with a Japanese IME) count as their ASCII forms.
func parseActive(s string) (active, ok bool) {
	switch strings.ToLower(foldWidth(trimText(s))) {
	case "", "1", "true", "yes", "有効":
		return true, true
	case "0", "false", "no", "無効":
		return false, true
	}
	return false, false
}

func quoteProblem(pe *csv.ParseError) *problem.Problem {
	code := problem.CSVUnreadable
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		code = problem.CSVBareQuote
	case errors.Is(pe.Err, csv.ErrQuote):
		code = problem.CSVOpenQuote
	}
	noticed := 0
	if pe.Line != pe.StartLine {
		noticed = pe.Line
	}
	return problem.Wrap(code, pe.Err, "Noticed", noticed)
}
