//! The clinic schema (13 tables, every part of the model) loaded into real PostgreSQL, MariaDB
//! and SQLite, introspected, pinned with insta, and compared with the same DDL parsed by
//! sprout.

use sprout::source::{self, ddl};
use sprout::{Deferrable, Dialect, Identity, Schema, SqlType};
use sprout_testkit::{Backend, TestDatabase};
use sprout_tests::{assert_same_schema, read, schema_file};

async fn introspect_clinic(backend: Backend, file: &str) -> Option<(Schema, Schema, Vec<String>)> {
    let db = TestDatabase::require(backend, "clinic").await?;
    let script = read(&schema_file(file));
    db.run_script(&script)
        .await
        .expect("the clinic schema loads");
    let introspected = source::introspect(db.url())
        .await
        .expect("introspection succeeds");
    let dialect = source::url_dialect(db.url()).unwrap();
    let parsed = ddl::parse(&script, dialect).expect("the DDL parses");
    let warnings = introspected
        .warnings
        .iter()
        .map(|w| w.location.clone())
        .collect();
    Some((parsed.schema, introspected.schema, warnings))
}

/// What every dialect's clinic schema has, checked field by field so a failure reads clearly.
fn assert_clinic_shape(schema: &Schema) {
    assert_eq!(
        schema.tables.len(),
        13,
        "{:?}",
        schema.tables.iter().map(|t| &t.name).collect::<Vec<_>>()
    );
    let table = |name| schema.table(name).unwrap_or_else(|| panic!("table {name}"));

    let appointment = table("appointment");
    let room_fk = appointment
        .foreign_keys
        .iter()
        .find(|fk| fk.ref_table == "room")
        .expect("composite FK to room");
    assert_eq!(room_fk.columns, ["clinic_id", "room_no"]);
    assert_eq!(room_fk.ref_columns, ["clinic_id", "room_no"]);
    assert!(
        appointment
            .checks
            .iter()
            .any(|c| c.expr.to_string() == "ends_at > starts_at"),
        "column-vs-column CHECK: {:?}",
        appointment.checks
    );

    let clinic = table("clinic");
    let head = clinic.column("head_provider_id").unwrap();
    assert!(
        head.nullable,
        "the clinic <-> provider cycle runs through a nullable column"
    );
    assert_eq!(clinic.foreign_keys[0].ref_table, "provider");
    assert!(
        table("provider")
            .foreign_keys
            .iter()
            .any(|fk| fk.ref_table == "clinic")
    );
    assert!(clinic.column("id").unwrap().identity.is_some());

    let provider = table("provider");
    assert!(
        provider
            .foreign_keys
            .iter()
            .any(|fk| fk.ref_table == "provider" && fk.columns == ["supervisor_id"]),
        "self-reference"
    );

    let junction = table("appointment_diagnosis");
    assert_eq!(
        junction.primary_key.as_ref().unwrap().columns,
        ["appointment_id", "diagnosis_code"]
    );
    assert_eq!(junction.foreign_keys.len(), 2);

    let patient = table("patient");
    assert!(
        patient
            .column("full_name")
            .unwrap()
            .generated
            .as_ref()
            .unwrap()
            .stored
    );

    let drug = table("drug");
    assert!(
        drug.checks
            .iter()
            .any(|c| c.expr.to_string() == "discount <= price")
    );
    let prescription = table("prescription");
    assert!(
        prescription
            .checks
            .iter()
            .any(|c| c.expr.to_string() == "(dose_mg >= 1) AND (dose_mg <= 5000)")
    );
    assert!(
        prescription
            .checks
            .iter()
            .any(|c| c.expr.to_string() == "refills IN (0, 1, 2, 3)")
    );
    assert_eq!(
        prescription.uniques[0].columns,
        ["appointment_id", "drug_id"]
    );
}

fn assert_partial_unique_and_deferrable(schema: &Schema) {
    let payment = schema.table("payment").unwrap();
    let partial = payment
        .uniques
        .iter()
        .find(|u| u.predicate.is_some())
        .expect("partial unique index");
    assert_eq!(partial.columns, ["invoice_id"]);
    let invoice = schema.table("invoice").unwrap();
    assert_eq!(
        invoice.foreign_keys[0].deferrable,
        Deferrable::InitiallyDeferred
    );
}

#[tokio::test]
async fn postgres_clinic_introspects_like_its_ddl() {
    let Some((parsed, introspected, warnings)) =
        introspect_clinic(Backend::Postgres, "clinic.postgres.sql").await
    else {
        return;
    };
    assert_clinic_shape(&introspected);
    assert_partial_unique_and_deferrable(&introspected);
    let provider = introspected.table("provider").unwrap();
    assert_eq!(
        provider.column("specialty").unwrap().ty,
        SqlType::Enum {
            name: "specialty".into()
        }
    );
    assert_eq!(provider.column("email").unwrap().ty, SqlType::Citext);
    assert_eq!(
        provider.column("email").unwrap().comment.as_deref(),
        Some("Work address")
    );
    assert_eq!(
        provider.column("id").unwrap().identity,
        Some(Identity::Serial)
    );
    assert_eq!(
        introspected
            .table("clinic")
            .unwrap()
            .column("id")
            .unwrap()
            .identity,
        Some(Identity::Always)
    );
    let invoice = introspected.table("invoice").unwrap();
    assert_eq!(invoice.column("amount").unwrap().ty, SqlType::Money);
    assert!(
        invoice
            .checks
            .iter()
            .any(|c| c.expr.to_string() == "(tax_rate >= 0) AND (tax_rate <= 100)"),
        "the domain's CHECK lands on the column: {:?}",
        invoice.checks
    );
    assert_eq!(
        warnings,
        ["audit_log.search"],
        "only the tsvector column is unknown"
    );
    assert_same_schema(&parsed, &introspected);
    insta::assert_json_snapshot!("postgres_clinic", introspected);
}

#[tokio::test]
async fn mysql_clinic_introspects_like_its_ddl() {
    let Some((parsed, introspected, warnings)) =
        introspect_clinic(Backend::Mysql, "clinic.mysql.sql").await
    else {
        return;
    };
    assert_clinic_shape(&introspected);
    let provider = introspected.table("provider").unwrap();
    assert_eq!(
        provider.column("specialty").unwrap().ty,
        SqlType::Enum {
            name: "provider.specialty".into()
        }
    );
    assert_eq!(
        introspected.enum_type("provider.specialty").unwrap().labels,
        ["general", "cardiology", "dermatology", "pediatrics"]
    );
    assert_eq!(
        provider.column("id").unwrap().ty,
        SqlType::Int {
            bytes: 4,
            unsigned: true
        }
    );
    assert_eq!(
        provider.column("id").unwrap().identity,
        Some(Identity::AutoIncrement)
    );
    let audit = introspected.table("audit_log").unwrap();
    assert_eq!(
        audit.column("payload").unwrap().ty,
        SqlType::Json { binary: false }
    );
    assert_eq!(
        audit.column("tags").unwrap().ty,
        SqlType::Set {
            name: "audit_log.tags".into()
        }
    );
    assert_eq!(
        introspected.table("clinic").unwrap().comment.as_deref(),
        Some("A site where providers see patients")
    );
    assert_eq!(
        warnings,
        ["audit_log.location"],
        "only the point column is unknown"
    );
    assert_same_schema(&parsed, &introspected);
    insta::assert_json_snapshot!("mysql_clinic", introspected);
}

#[tokio::test]
async fn sqlite_clinic_introspects_like_its_ddl() {
    let Some((parsed, introspected, warnings)) =
        introspect_clinic(Backend::Sqlite, "clinic.sqlite.sql").await
    else {
        return;
    };
    assert_clinic_shape(&introspected);
    assert_partial_unique_and_deferrable(&introspected);
    let appointment = introspected.table("appointment").unwrap();
    assert_eq!(
        appointment.column("id").unwrap().identity,
        Some(Identity::AutoIncrement)
    );
    assert_eq!(
        introspected
            .table("patient")
            .unwrap()
            .column("id")
            .unwrap()
            .ty,
        SqlType::Bytes { max_len: None }
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_same_schema(&parsed, &introspected);
    insta::assert_json_snapshot!("sqlite_clinic", introspected);
}

/// The structural hash is part of the model's contract: the same schema hashes the same on
/// every platform and release. A change here means the model's shape changed; review it.
#[test]
fn structural_hashes_are_pinned() {
    let hashes: Vec<String> = [
        ("clinic.postgres.sql", Dialect::Postgres),
        ("clinic.mysql.sql", Dialect::Mysql),
        ("clinic.sqlite.sql", Dialect::Sqlite),
    ]
    .into_iter()
    .map(|(file, dialect)| {
        let schema = ddl::parse(&read(&schema_file(file)), dialect)
            .unwrap()
            .schema;
        format!("{file}: {}", schema.hash())
    })
    .collect();
    insta::assert_snapshot!("clinic_hashes", hashes.join("\n"));
}

#[test]
fn every_dialect_reads_the_same_tables() {
    let names = |file: &str, dialect| {
        let schema = ddl::parse(&read(&schema_file(file)), dialect)
            .unwrap()
            .schema;
        schema
            .tables
            .iter()
            .map(|t| t.name.clone())
            .collect::<Vec<_>>()
    };
    let postgres = names("clinic.postgres.sql", Dialect::Postgres);
    assert_eq!(postgres, names("clinic.mysql.sql", Dialect::Mysql));
    assert_eq!(postgres, names("clinic.sqlite.sql", Dialect::Sqlite));
}
