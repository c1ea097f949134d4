//! A small app's models: sqlx `FromRow` structs with `#[derive(Sprout)]` and nothing else. The
//! derive reads `.sprout/schema.json` (written by `sprout snapshot migrations --dialect
//! postgres`, committed) at compile time: keys, foreign keys, UNIQUE, CHECKs, lengths and
//! defaults come from there, and a struct that drifts from its table does not compile.

use sprout::Sprout;

/// An organization. `plan` and `seats` meet the table's CHECKs; `name` is UNIQUE.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow, Sprout)]
#[sprout(table = "orgs")]
pub struct Org {
    pub id: i64,
    pub name: String,
    pub plan: String,
    pub seats: i32,
}

/// A user of an organization (a parent made first), maybe with a manager (NULL unless set).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow, Sprout)]
#[sprout(table = "users")]
pub struct User {
    pub id: i64,
    pub org_id: i64,
    pub email: String,
    pub age: Option<i32>,
    pub manager_id: Option<i64>,
}

/// A project: its organization and its owner (with the owner's own organization) come first.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow, Sprout)]
#[sprout(table = "projects")]
pub struct Project {
    pub id: i64,
    pub org_id: i64,
    pub owner_id: i64,
    pub title: String,
    pub budget: i32,
}

/// A task. `status` is not a field: the database's default fills it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow, Sprout)]
#[sprout(table = "tasks")]
pub struct Task {
    pub id: i64,
    pub project_id: i64,
    pub assignee_id: Option<i64>,
    pub title: String,
}
