-- One 10-column table for the flat-memory check of docs/benchmarks.md (10M rows to CSV).
CREATE TABLE event (
    id          bigserial PRIMARY KEY,
    account_id  integer NOT NULL,
    kind        varchar(20) NOT NULL CHECK (kind IN ('click', 'view', 'buy')),
    amount      numeric(10, 2) CHECK (amount >= 0),
    note        text,
    created_at  timestamp NOT NULL,
    email       varchar(120),
    score       double precision,
    active      boolean NOT NULL,
    code        char(8)
);
