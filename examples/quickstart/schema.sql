-- A small shop: the quickstart's schema.
CREATE TABLE customer (
    id INTEGER PRIMARY KEY,
    email VARCHAR(120) NOT NULL UNIQUE,
    full_name VARCHAR(80) NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE product (
    id INTEGER PRIMARY KEY,
    sku CHAR(8) NOT NULL UNIQUE CHECK (length(sku) = 8),
    name VARCHAR(100) NOT NULL,
    price NUMERIC(8,2) NOT NULL CHECK (price > 0)
);
CREATE TABLE "order" (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customer (id),
    placed_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'paid', 'shipped'))
);
CREATE TABLE order_line (
    order_id INTEGER NOT NULL REFERENCES "order" (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES product (id),
    quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    PRIMARY KEY (order_id, product_id)
);
