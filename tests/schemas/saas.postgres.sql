-- A multi-tenant SaaS schema written the way application schemas are: several namespaces,
-- extension types, a domain over a domain, regex and normalising CHECKs, RANGE partitions
-- with LIST sub-partitions, HASH and LIST partitions with a DEFAULT, and a trigger that copies
-- every organization into an audit table. sprout's own test schema (MIT OR Apache-2.0).
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS hstore;

CREATE SCHEMA app;
CREATE SCHEMA billing;
CREATE SCHEMA audit;

CREATE TYPE app.status AS ENUM ('active', 'suspended', 'deleted');
CREATE DOMAIN app.short_code AS text CHECK (VALUE ~ '^[a-z0-9_]{1,100}$');
CREATE DOMAIN app.tiny_code AS app.short_code CHECK (length(VALUE) <= 20);

CREATE TABLE app.organization (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug text NOT NULL UNIQUE CHECK (slug = lower(slug)),
    name text NOT NULL CHECK (btrim(name) <> ''),
    country char(2) NOT NULL CHECK (country = upper(country)),
    code app.tiny_code NOT NULL,
    status app.status NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE app.account (
    id serial PRIMARY KEY,
    organization_id bigint NOT NULL REFERENCES app.organization (id),
    email citext NOT NULL,
    handle varchar(30) NOT NULL CHECK (handle ~* '^[a-z][a-z0-9_]{2,29}$'),
    sku text CHECK (sku SIMILAR TO '[A-Z]{3}-[0-9]{4}'),
    path ltree,
    settings hstore,
    deleted_at timestamptz,
    CHECK (num_nonnulls(email, handle) >= 1)
);

-- One live address per person, whatever its case; deleted accounts may repeat it.
CREATE UNIQUE INDEX account_email_live ON app.account (lower(email)) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX account_handle_per_org ON app.account (organization_id, lower(handle));

CREATE TABLE audit.organization_copy (
    organization_id bigint PRIMARY KEY,
    slug text NOT NULL
);

CREATE FUNCTION audit.copy_organization() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit.organization_copy (organization_id, slug) VALUES (NEW.id, NEW.slug);
    RETURN NEW;
END
$$;

CREATE TRIGGER organization_copied AFTER INSERT ON app.organization
    FOR EACH ROW EXECUTE FUNCTION audit.copy_organization();

CREATE TABLE billing.invoice (
    id bigserial,
    account_id int NOT NULL REFERENCES app.account (id),
    issued_on date NOT NULL,
    region text NOT NULL,
    amount numeric(10, 2) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (id, issued_on, region)
) PARTITION BY RANGE (issued_on);

CREATE TABLE billing.invoice_2024 PARTITION OF billing.invoice
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY LIST (region);
CREATE TABLE billing.invoice_2024_eu PARTITION OF billing.invoice_2024 FOR VALUES IN ('eu');
CREATE TABLE billing.invoice_2024_us PARTITION OF billing.invoice_2024 FOR VALUES IN ('us');
CREATE TABLE billing.invoice_2025 PARTITION OF billing.invoice
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');

CREATE TABLE audit.event (
    id bigint NOT NULL,
    account_id int REFERENCES app.account (id),
    payload jsonb NOT NULL
) PARTITION BY HASH (id);
CREATE TABLE audit.event_0 PARTITION OF audit.event FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE audit.event_1 PARTITION OF audit.event FOR VALUES WITH (MODULUS 2, REMAINDER 1);

CREATE TABLE audit.note (
    kind text NOT NULL,
    body text NOT NULL CHECK (length(body) BETWEEN 3 AND 200)
) PARTITION BY LIST (kind);
CREATE TABLE audit.note_info PARTITION OF audit.note FOR VALUES IN ('info', 'debug');
CREATE TABLE audit.note_rest PARTITION OF audit.note DEFAULT;
