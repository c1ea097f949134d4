#[derive(sprout::Sprout)]
enum Role {
    Admin,
    Member { since: i32 },
}
#[derive(sprout::Sprout)]
union Bits {
    int: u32,
    float: f32,
}
fn main() {}
