//! diesel's `schema.rs`, as `diesel print-schema` wrote it for real schemas
//! (`tests/fixtures/diesel/`), read into the same model as the SQL it came from: the same
//! tables, columns, nullability, primary keys and kinds of types, and every `joinable!` a
//! foreign key the SQL declares. (diesel leaves out what the SQL has beyond that: CHECKs,
//! defaults, UNIQUEs, self-references and a second key to the same parent.)

use std::collections::BTreeSet;
use std::path::PathBuf;

use sprout::{Schema, SqlType};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/diesel")
        .join(name)
}

/// What `schema.rs` can say about a type.
fn kind(ty: &SqlType) -> String {
    match ty {
        SqlType::Int { bytes, unsigned } => format!("int{bytes}{unsigned}"),
        SqlType::Varchar { max_len: Some(n) } => format!("varchar{n}"),
        SqlType::Varchar { max_len: None } | SqlType::Text | SqlType::Citext => "text".into(),
        SqlType::Char { .. } => "char".into(),
        SqlType::Array { of } => format!("{}[]", kind(of)),
        // schema.rs has no precision or scale.
        SqlType::Decimal { .. } => "decimal".into(),
        other => format!("{other:?}"),
    }
}

fn compare(from_diesel: &Schema, from_sql: &Schema) {
    let names = |s: &Schema| {
        s.tables
            .iter()
            .map(|t| t.name.clone())
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(names(from_diesel), names(from_sql));
    for table in &from_diesel.tables {
        let sql = from_sql.table(&table.name).unwrap();
        let columns = |t: &sprout::Table| {
            t.columns
                .iter()
                .map(|c| (c.name.clone(), c.nullable))
                .collect::<Vec<_>>()
        };
        assert_eq!(columns(table), columns(sql), "{}", table.name);
        assert_eq!(
            table.primary_key.as_ref().map(|k| &k.columns),
            sql.primary_key.as_ref().map(|k| &k.columns),
            "{}",
            table.name
        );
        for (column, in_sql) in table.columns.iter().zip(&sql.columns) {
            // An enum is a custom type to diesel, without its labels.
            if let (SqlType::Other { name }, SqlType::Enum { name: enum_name }) =
                (&column.ty, &in_sql.ty)
                && name == enum_name
            {
                continue;
            }
            assert_eq!(
                kind(&column.ty),
                kind(&in_sql.ty),
                "{}.{}",
                table.name,
                column.name
            );
        }
        for fk in &table.foreign_keys {
            assert!(
                sql.foreign_keys.iter().any(|k| k.columns == fk.columns
                    && k.ref_table == fk.ref_table
                    && k.ref_columns == fk.ref_columns),
                "{}: {fk:?} is not in the SQL",
                table.name
            );
        }
    }
}

#[tokio::test]
async fn pagila_schema_rs_reads_as_its_sql() {
    let diesel = sprout::source::load(fixture("pagila.schema.rs").to_str().unwrap(), None)
        .await
        .unwrap();
    let sql = sprout::source::load(
        sprout_tests::corpus_file("pagila/pagila-schema.sql")
            .to_str()
            .unwrap(),
        None,
    )
    .await
    .unwrap();
    compare(&diesel.schema, &sql.schema);
    let joins: usize = diesel
        .schema
        .tables
        .iter()
        .map(|t| t.foreign_keys.len())
        .sum();
    // 34 joinable! lines: 18 are the payment partitions' (read as partitions of `payment`,
    // whose three keys they become), 16 the other tables'.
    assert_eq!(joins, 19, "every joinable! is a key");
    assert!(diesel.schema.table("payment_p2022_01").is_none());
    let payment = diesel.schema.table("payment").unwrap();
    assert_eq!(payment.foreign_keys.len(), 3);
    // The custom types: `tsvector` is one sprout generates; `mpaa_rating`'s labels are not in
    // schema.rs, which the warning says.
    let film = diesel.schema.table("film").unwrap();
    assert!(
        !film.column("fulltext").unwrap().ty.is_other() || {
            sprout::SqlType::parse("tsvector", sprout::Dialect::Postgres)
                == film.column("fulltext").unwrap().ty
        }
    );
    assert!(
        diesel
            .warnings
            .iter()
            .any(|w| w.location == "film.rating" && w.message.contains("mpaa_rating")),
        "{:?}",
        diesel.warnings
    );
}

#[tokio::test]
async fn snapshot_app_schema_rs_reads_as_its_migrations() {
    let diesel = sprout::source::load(fixture("snapshot-app.schema.rs").to_str().unwrap(), None)
        .await
        .unwrap();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/snapshot-app/migrations");
    let sql = sprout::source::load(dir.to_str().unwrap(), None)
        .await
        .unwrap();
    compare(&diesel.schema, &sql.schema);
    // diesel prints no self-reference: `users.manager_id` is the one key it leaves out.
    let keys = |s: &Schema| -> usize { s.tables.iter().map(|t| t.foreign_keys.len()).sum() };
    assert_eq!((keys(&diesel.schema), keys(&sql.schema)), (5, 6));
    assert!(diesel.warnings.is_empty(), "{:?}", diesel.warnings);
}
