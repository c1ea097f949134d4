-- ../shared/bench/bench8.pg.sql in MySQL/MariaDB dialect (written for tests/benches/compare.sh):
-- same tables, columns, keys and CHECKs; SERIAL as INT AUTO_INCREMENT, now() as CURRENT_TIMESTAMP.

CREATE TABLE organizations (
    id          INT AUTO_INCREMENT PRIMARY KEY,
    name        VARCHAR(200) NOT NULL UNIQUE,
    slug        VARCHAR(100) NOT NULL UNIQUE,
    plan        VARCHAR(20)  NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'pro', 'enterprise')),
    created_at  TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE users (
    id                  INT AUTO_INCREMENT PRIMARY KEY,
    org_id              INTEGER      NOT NULL REFERENCES organizations(id),
    email               VARCHAR(255) NOT NULL UNIQUE,
    first_name          VARCHAR(100) NOT NULL,
    last_name           VARCHAR(100) NOT NULL,
    age                 INTEGER      NOT NULL CHECK (age BETWEEN 18 AND 99),
    status              VARCHAR(10)  NOT NULL CHECK (status IN ('active', 'banned')),
    default_project_id  INTEGER      ,
    created_at          TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE projects (
    id          INT AUTO_INCREMENT PRIMARY KEY,
    org_id      INTEGER      NOT NULL REFERENCES organizations(id),
    owner_id    INTEGER      NOT NULL REFERENCES users(id),
    name        VARCHAR(200) NOT NULL,
    budget      NUMERIC(12,2) CHECK (budget >= 0),
    is_archived BOOLEAN      NOT NULL DEFAULT false,
    created_at  TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- close the cycle: users.default_project_id -> projects.id (nullable side)
ALTER TABLE users ADD CONSTRAINT fk_users_default_project
    FOREIGN KEY (default_project_id) REFERENCES projects(id);

CREATE TABLE tasks (
    id              INT AUTO_INCREMENT PRIMARY KEY,
    project_id      INTEGER      NOT NULL REFERENCES projects(id),
    assignee_id     INTEGER       REFERENCES users(id),
    parent_task_id  INTEGER       REFERENCES tasks(id),
    title           VARCHAR(300) NOT NULL,
    priority        SMALLINT     NOT NULL CHECK (priority BETWEEN 1 AND 5),
    status          VARCHAR(20)  NOT NULL CHECK (status IN ('todo', 'doing', 'done')),
    due_date        DATE,
    created_at      TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE comments (
    id          INT AUTO_INCREMENT PRIMARY KEY,
    task_id     INTEGER   NOT NULL REFERENCES tasks(id),
    author_id   INTEGER   NOT NULL REFERENCES users(id),
    body        TEXT      NOT NULL,
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE tags (
    id      INT AUTO_INCREMENT PRIMARY KEY,
    name    VARCHAR(50) NOT NULL UNIQUE,
    color   CHAR(7)     NOT NULL
);

CREATE TABLE task_tags (
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    tag_id  INTEGER NOT NULL REFERENCES tags(id),
    PRIMARY KEY (task_id, tag_id)
);

CREATE TABLE audit_log (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    actor_id    INTEGER       REFERENCES users(id),
    action      VARCHAR(50)  NOT NULL,
    entity_type VARCHAR(50)  NOT NULL,
    entity_id   INTEGER      NOT NULL,
    ip_address  VARCHAR(45),
    created_at  TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
);
