-- Holidays beyond the embedded national table: national ones from an
-- imported syukujitsu.csv (they extend or correct the table), and the
-- site's company holidays. Payroll figures are computed when read, so a
-- holiday change marks nothing stale.
CREATE TABLE holidays (
    date TEXT NOT NULL,  -- YYYY-MM-DD
    kind TEXT NOT NULL CHECK (kind IN ('national', 'company')),
    name TEXT NOT NULL,
    PRIMARY KEY (date, kind)
) WITHOUT ROWID;
