//! Introspection of PostgreSQL namespaces and MySQL databases: by default every PostgreSQL
//! user schema is read (`public` tables bare, the others `namespace.table`) and seeded; a
//! chosen namespace reads only its own tables, with references to others qualified.

use sprout::source::{IntrospectOptions, introspect_with};
use sprout_testkit::{Backend, TestDatabase};

#[tokio::test]
async fn postgres_reads_the_chosen_schema_only() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "namespaces").await else {
        return;
    };
    db.run_script(
        "CREATE TABLE public.account (id int PRIMARY KEY);
         CREATE SCHEMA billing;
         CREATE TABLE billing.invoice (id int PRIMARY KEY, account_id int REFERENCES public.account (id));
         CREATE TABLE billing.line (invoice_id int REFERENCES billing.invoice (id), n int);",
    )
    .await
    .unwrap();
    let options = IntrospectOptions {
        namespace: Some("billing".into()),
        ..IntrospectOptions::default()
    };
    let billing = introspect_with(db.url(), &options).await.unwrap().schema;
    let names: Vec<_> = billing.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["invoice", "line"]);
    assert_eq!(
        billing.table("invoice").unwrap().foreign_keys[0].ref_table,
        "public.account"
    );
    assert_eq!(
        billing.table("line").unwrap().foreign_keys[0].ref_table,
        "invoice"
    );
    // By default every user namespace is read: `public` bare, the others qualified.
    let all = sprout::source::introspect(db.url()).await.unwrap().schema;
    let names: Vec<_> = all.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["account", "billing.invoice", "billing.line"]);
    let invoice = all.table("billing.invoice").unwrap();
    assert_eq!(invoice.namespace.as_deref(), Some("billing"));
    assert_eq!(invoice.local_name(), "invoice");
    assert_eq!(invoice.foreign_keys[0].ref_table, "account");
    assert_eq!(
        all.table("billing.line").unwrap().foreign_keys[0].ref_table,
        "billing.invoice"
    );
    // And every one of them is seeded and valid.
    let report = sprout::seed::seed(
        db.url(),
        None,
        sprout::PlanOptions::default(),
        Default::default(),
    )
    .await
    .unwrap();
    assert_eq!(report.rows.len(), 3, "{report}");
    assert!(report.rows.iter().all(|(_, n)| *n == 100), "{report}");
    let violations = sprout::validate::live::validate_database(db.url())
        .await
        .unwrap();
    assert!(violations.is_empty(), "{violations:?}");
}

#[tokio::test]
async fn mysql_reads_the_chosen_database() {
    let (Some(main), Some(other)) = (
        TestDatabase::require(Backend::Mysql, "ns_main").await,
        TestDatabase::require(Backend::Mysql, "ns_other").await,
    ) else {
        return;
    };
    main.run_script("CREATE TABLE a (id int PRIMARY KEY);")
        .await
        .unwrap();
    other
        .run_script("CREATE TABLE b (id int PRIMARY KEY); CREATE TABLE c (b_id int, FOREIGN KEY (b_id) REFERENCES b (id));")
        .await
        .unwrap();
    let options = IntrospectOptions {
        namespace: Some(other.name().to_string()),
        ..IntrospectOptions::default()
    };
    let schema = introspect_with(main.url(), &options).await.unwrap().schema;
    let names: Vec<_> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["b", "c"]);
}

/// `tests/schemas/saas.postgres.sql` read from the file equals the same schema read back from
/// PostgreSQL: namespaces, partitions with their bounds, triggers, expression unique indexes.
#[tokio::test]
async fn saas_schema_introspects_like_its_ddl() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "saas_ddl").await else {
        return;
    };
    let script = sprout_tests::read(&sprout_tests::schema_file("saas.postgres.sql"));
    db.run_script(&script).await.unwrap();
    let parsed = sprout::source::ddl::parse(&script, sprout::Dialect::Postgres)
        .unwrap()
        .schema;
    let live = sprout::source::introspect(db.url()).await.unwrap().schema;
    sprout_tests::assert_same_schema(&parsed, &live);
    let account = live.table("app.account").unwrap();
    let email = account
        .uniques
        .iter()
        .find(|u| u.name.as_deref() == Some("account_email_live"))
        .unwrap();
    assert_eq!(email.expressions[0].to_string(), "lower(email)");
    assert_eq!(
        email.predicate.as_ref().unwrap().expr.to_string(),
        "deleted_at IS NULL"
    );
    let invoice = live.table("billing.invoice").unwrap();
    let partitioning = invoice.partitioning.as_ref().unwrap();
    assert_eq!(partitioning.partitions.len(), 2);
    assert!(
        partitioning.partitions[0].sub.is_some(),
        "2024 is partitioned by region"
    );
    let organization = live.table("app.organization").unwrap();
    assert_eq!(
        organization.triggers[0].inserts_into,
        vec!["audit.organization_copy".to_string()]
    );
}

/// An expression unique index (`lower(email)`) holds while generating: 20,000 accounts seed
/// into the live database without a duplicate.
#[tokio::test]
async fn expression_unique_indexes_hold_at_scale() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "expr_unique").await else {
        return;
    };
    db.run_script(
        "CREATE TABLE person (id serial PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);
         CREATE UNIQUE INDEX person_email ON person (lower(email)) WHERE deleted_at IS NULL;",
    )
    .await
    .unwrap();
    let report = sprout::seed::seed(
        db.url(),
        None,
        sprout::PlanOptions {
            rows: 20_000,
            ..sprout::PlanOptions::default()
        },
        Default::default(),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.rows, vec![("person".to_string(), 20_000)]);
}
