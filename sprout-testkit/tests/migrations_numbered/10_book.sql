-- Version 10: needs version 9's table.
CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES author (id));
INSERT INTO author (id, name) VALUES (1, 'first');
