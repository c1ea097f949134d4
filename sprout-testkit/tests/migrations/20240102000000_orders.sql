CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customer (id),
    status text NOT NULL CHECK (status IN ('new', 'paid', 'shipped'))
);
CREATE TABLE setting (name text PRIMARY KEY, value text NOT NULL);
INSERT INTO setting VALUES ('currency', 'EUR');
