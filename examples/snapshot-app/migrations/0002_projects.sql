-- Projects belong to an organization and have an owner; tasks belong to a project.
CREATE TABLE projects (
    id BIGINT PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs (id),
    owner_id BIGINT NOT NULL REFERENCES users (id),
    title VARCHAR(80) NOT NULL,
    budget INTEGER NOT NULL CHECK (budget > 0 AND budget <= 100000)
);

CREATE TABLE tasks (
    id BIGINT PRIMARY KEY,
    project_id BIGINT NOT NULL REFERENCES projects (id),
    assignee_id BIGINT REFERENCES users (id),
    title VARCHAR(120) NOT NULL,
    status VARCHAR(10) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'doing', 'done'))
);
