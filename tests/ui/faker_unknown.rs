// A typo in a generator's name is a compile error naming the closest one.
#[derive(sprout::Sprout)]
#[sprout(table = "users")]
struct User {
    id: i64,
    #[sprout(faker = "emial")]
    email: String,
    #[sprout(faker = "nonsense")]
    note: String,
}
fn main() {}
