-- Version 9: runs before version 10, although "10_" sorts first as text.
CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
