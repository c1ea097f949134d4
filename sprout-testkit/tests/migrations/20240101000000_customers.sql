CREATE TABLE customer (id integer PRIMARY KEY, email varchar(120) NOT NULL UNIQUE);
