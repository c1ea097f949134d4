CREATE TABLE customer (
    id int AUTO_INCREMENT PRIMARY KEY,
    email varchar(120) NOT NULL UNIQUE,
    full_name text NOT NULL,
    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE product (
    id int AUTO_INCREMENT PRIMARY KEY,
    sku varchar(20) NOT NULL UNIQUE,
    price decimal(8,2) NOT NULL CHECK (price > 0)
);
CREATE TABLE orders (
    id int AUTO_INCREMENT PRIMARY KEY,
    customer_id int NOT NULL,
    status enum('new', 'paid', 'shipped') NOT NULL,
    FOREIGN KEY (customer_id) REFERENCES customer (id)
);
CREATE TABLE order_item (
    order_id int NOT NULL,
    product_id int NOT NULL,
    quantity int NOT NULL CHECK (quantity BETWEEN 1 AND 10),
    PRIMARY KEY (order_id, product_id),
    FOREIGN KEY (order_id) REFERENCES orders (id),
    FOREIGN KEY (product_id) REFERENCES product (id)
);
DELIMITER //
CREATE TRIGGER customer_email_lower BEFORE INSERT ON customer FOR EACH ROW
BEGIN
    SET NEW.email = LOWER(NEW.email);
END//
DELIMITER ;
CREATE VIEW paid_orders AS SELECT id, customer_id FROM orders WHERE status = 'paid';
DELIMITER //
CREATE FUNCTION with_tax(amount decimal(8,2)) RETURNS decimal(8,2) DETERMINISTIC
BEGIN
    RETURN amount * 1.2;
END//
DELIMITER ;
