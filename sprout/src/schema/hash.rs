//! The structural hash of a schema: XXH3-64 over its canonical JSON.
//!
//! The JSON of a normalised schema is deterministic (struct fields in declaration order,
//! tables and constraints sorted), and XXH3 is specified bit for bit, so the hash is the same
//! on every platform and release that keeps the model's shape.

use super::Schema;

pub(super) fn structural_hash(schema: &Schema) -> String {
    let json = serde_json::to_vec(schema).expect("the schema model always serializes");
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&json))
}

#[cfg(test)]
mod tests {
    use crate::schema::{Column, Dialect, Schema, SqlType, Table};

    #[test]
    fn hash_follows_structure_not_construction_order() {
        let mut a = Schema::new(Dialect::Postgres);
        let mut t1 = Table::new("b");
        t1.columns.push(Column::new(
            "id",
            SqlType::Int {
                bytes: 4,
                unsigned: false,
            },
        ));
        a.tables.push(t1.clone());
        a.tables.push(Table::new("a"));
        a.normalize();
        let mut b = Schema::new(Dialect::Postgres);
        b.tables.push(Table::new("a"));
        b.tables.push(t1);
        b.normalize();
        assert_eq!(a.hash(), b.hash());
        assert_eq!(a.hash().len(), 16);
        b.tables[1].columns[0].nullable = false;
        assert_ne!(a.hash(), b.hash());
    }
}
