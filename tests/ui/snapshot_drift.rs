// A struct checked against its table in the schema snapshot: a column the table does not have,
// a NOT NULL column without a default that no field writes, a table the snapshot lacks.
use sprout::Sprout;

#[derive(Sprout)]
#[sprout(table = "users", snapshot = "../../examples/snapshot-app/.sprout/schema.json")]
pub struct User {
    pub id: i64,
    pub org_id: i64,
    pub emial: String,
    pub age: Option<i32>,
}

#[derive(Sprout)]
#[sprout(table = "user", snapshot = "../../examples/snapshot-app/.sprout/schema.json")]
pub struct Member {
    pub id: i64,
}

#[derive(Sprout)]
#[sprout(table = "users", snapshot = "no/such/schema.json")]
pub struct Elsewhere {
    pub id: i64,
}

fn main() {}
