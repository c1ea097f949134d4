-- The clinic schema for SQLite (see clinic.postgres.sql). SQLite has no enum types (CHECK
-- IN lists stand in), no identity columns (INTEGER PRIMARY KEY is the rowid), and its
-- types are affinities; the docs list the differences.
PRAGMA foreign_keys = ON;

CREATE TABLE clinic (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name VARCHAR(100) NOT NULL UNIQUE,
    phone VARCHAR(20),
    head_provider_id INTEGER REFERENCES provider (id),
    opened_on DATE NOT NULL DEFAULT CURRENT_DATE,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE provider (
    id INTEGER PRIMARY KEY,
    clinic_id INTEGER NOT NULL REFERENCES clinic (id) ON DELETE CASCADE,
    supervisor_id INTEGER REFERENCES provider (id) ON DELETE SET NULL,
    first_name VARCHAR(50) NOT NULL,
    last_name VARCHAR(50) NOT NULL,
    email VARCHAR(120) NOT NULL,
    specialty TEXT NOT NULL DEFAULT 'general' CHECK (specialty IN ('general', 'cardiology', 'dermatology', 'pediatrics')),
    hired_on DATE NOT NULL,
    salary NUMERIC(10,2) CHECK (salary >= 0),
    CONSTRAINT provider_email_key UNIQUE (email),
    CONSTRAINT provider_not_own_supervisor CHECK (supervisor_id <> id)
);

CREATE TABLE patient (
    id BLOB PRIMARY KEY NOT NULL,
    first_name VARCHAR(50) NOT NULL,
    last_name VARCHAR(50) NOT NULL,
    full_name TEXT GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED,
    email VARCHAR(120) UNIQUE,
    birth_date DATE NOT NULL CHECK (birth_date > '1900-01-01'),
    sex CHAR(1) CHECK (sex IN ('F', 'M', 'X')),
    insurance_no VARCHAR(20)
);

CREATE TABLE room (
    clinic_id INTEGER NOT NULL REFERENCES clinic (id),
    room_no SMALLINT NOT NULL CHECK (room_no BETWEEN 1 AND 999),
    floor SMALLINT NOT NULL DEFAULT 0,
    PRIMARY KEY (clinic_id, room_no)
) WITHOUT ROWID;

CREATE TABLE appointment (
    id INTEGER PRIMARY KEY,
    patient_id BLOB NOT NULL REFERENCES patient (id),
    provider_id INTEGER NOT NULL REFERENCES provider (id),
    clinic_id INTEGER NOT NULL,
    room_no SMALLINT NOT NULL,
    starts_at DATETIME NOT NULL,
    ends_at DATETIME NOT NULL,
    status TEXT NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'done', 'cancelled', 'no_show')),
    notes TEXT,
    CONSTRAINT appointment_room_fk FOREIGN KEY (clinic_id, room_no) REFERENCES room (clinic_id, room_no),
    CONSTRAINT appointment_ends_after_start CHECK (ends_at > starts_at)
);

CREATE TABLE diagnosis (
    code CHAR(5) PRIMARY KEY NOT NULL CHECK (length(code) = 5),
    description VARCHAR(200) NOT NULL
);

CREATE TABLE appointment_diagnosis (
    appointment_id INTEGER NOT NULL REFERENCES appointment (id) ON DELETE CASCADE,
    diagnosis_code CHAR(5) NOT NULL REFERENCES diagnosis (code),
    is_primary BOOLEAN NOT NULL DEFAULT 0,
    PRIMARY KEY (appointment_id, diagnosis_code)
);

CREATE TABLE drug (
    id INTEGER PRIMARY KEY,
    name VARCHAR(80) NOT NULL UNIQUE,
    price NUMERIC(8,2) NOT NULL CHECK (price > 0),
    discount NUMERIC(8,2) NOT NULL DEFAULT 0,
    CONSTRAINT drug_discount_le_price CHECK (discount <= price)
);

CREATE TABLE prescription (
    id INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointment (id),
    drug_id INTEGER NOT NULL REFERENCES drug (id),
    dose_mg INTEGER NOT NULL CHECK (dose_mg BETWEEN 1 AND 5000),
    refills SMALLINT NOT NULL DEFAULT 0 CHECK (refills IN (0, 1, 2, 3)),
    UNIQUE (appointment_id, drug_id)
);

CREATE TABLE invoice (
    id INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL UNIQUE,
    amount NUMERIC(12,2) NOT NULL,
    tax_rate NUMERIC(5,2) NOT NULL CHECK (tax_rate >= 0 AND tax_rate <= 100),
    paid BOOLEAN NOT NULL DEFAULT 0,
    issued_at TIMESTAMP NOT NULL,
    CONSTRAINT invoice_appointment_fk FOREIGN KEY (appointment_id) REFERENCES appointment (id)
        DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE payment (
    id INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoice (id),
    amount NUMERIC(10,2) NOT NULL CHECK (amount <> 0),
    is_refund BOOLEAN NOT NULL DEFAULT 0,
    paid_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX payment_one_charge_per_invoice ON payment (invoice_id) WHERE is_refund = 0;

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    table_name VARCHAR(63) NOT NULL,
    payload JSON NOT NULL,
    attachment BLOB,
    at_time TIME,
    recorded_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ratio DOUBLE,
    score REAL,
    uid UUID
);

CREATE TABLE staff_shift (
    provider_id INTEGER NOT NULL REFERENCES provider (id),
    weekday SMALLINT NOT NULL CHECK (weekday >= 1 AND weekday <= 7),
    starts TIME NOT NULL,
    ends TIME NOT NULL,
    PRIMARY KEY (provider_id, weekday),
    CHECK (ends > starts)
);

CREATE VIEW provider_names AS SELECT id, first_name || ' ' || last_name AS name FROM provider;
CREATE TRIGGER audit_touch AFTER INSERT ON audit_log BEGIN
    UPDATE audit_log SET recorded_at = CURRENT_TIMESTAMP WHERE id = NEW.id; -- a semicolon
END;
