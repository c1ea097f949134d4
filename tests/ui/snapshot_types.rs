// A field type that cannot hold its column's SQL type (per the schema snapshot) is an error at
// the type; an Option that disagrees with the column's nullability is a warning.
use sprout::Sprout;

#[derive(Sprout)]
#[sprout(table = "users", snapshot = "../../examples/snapshot-app/.sprout/schema.json")]
pub struct User {
    pub id: i32,
    pub org_id: i64,
    pub email: String,
    pub age: i32,
    pub manager_id: Option<bool>,
}

fn main() {}
