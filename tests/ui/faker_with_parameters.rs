// `faker = ".."` names a generator without parameters; one with parameters says which
// attribute sets them.
#[derive(sprout::Sprout)]
#[sprout(table = "users")]
struct User {
    id: i64,
    #[sprout(faker = "text")]
    bio: String,
    #[sprout(faker = "int")]
    age: i32,
}
fn main() {}
