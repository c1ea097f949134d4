#[derive(sprout::Sprout)]
enum Role {
    Admin,
    Member,
}
fn main() {}
