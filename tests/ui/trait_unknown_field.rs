#[derive(sprout::Sprout)]
#[sprout(trait(name = "admin", rank = "admin"))]
struct User {
    id: i64,
    role: String,
}
fn main() {}
