CREATE TABLE customer (
    id serial PRIMARY KEY,
    email varchar(120) NOT NULL UNIQUE,
    full_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE product (
    id serial PRIMARY KEY,
    sku varchar(20) NOT NULL UNIQUE,
    price numeric(8,2) NOT NULL CHECK (price > 0)
);
CREATE TABLE orders (
    id serial PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES customer (id),
    status text NOT NULL CHECK (status IN ('new', 'paid', 'shipped'))
);
CREATE TABLE order_item (
    order_id integer NOT NULL REFERENCES orders (id),
    product_id integer NOT NULL REFERENCES product (id),
    quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 10),
    PRIMARY KEY (order_id, product_id)
);
