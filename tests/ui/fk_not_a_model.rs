struct Org {
    id: i32,
}

#[derive(sprout::Sprout)]
struct User {
    id: i64,
    #[sprout(fk = Org)]
    org_id: i32,
}
fn main() {}
