-- The app's first migration: organizations and their users. Plain SQL that PostgreSQL,
-- MariaDB and SQLite all run.
CREATE TABLE orgs (
    id BIGINT PRIMARY KEY,
    name VARCHAR(60) NOT NULL UNIQUE,
    plan VARCHAR(12) NOT NULL CHECK (plan IN ('free', 'team', 'enterprise')),
    seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 500)
);

CREATE TABLE users (
    id BIGINT PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    email VARCHAR(120) NOT NULL UNIQUE,
    age INTEGER CHECK (age >= 18 AND age <= 99),
    manager_id BIGINT REFERENCES users (id)
);
