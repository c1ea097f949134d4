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
    };
    let schema = introspect_with(main.url(), &options).await.unwrap().schema;
    let names: Vec<_> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["b", "c"]);
}
