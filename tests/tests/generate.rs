//! Generation on the clinic schema and real public schemas: every row validates, the same seed
//! gives the same rows, and the rows load into the real databases with every constraint on.

use sprout::source::ddl;
use sprout::{Dialect, Plan, PlanOptions, Schema, generate, validate};
use sprout_tests::{read, schema_file};

fn clinic(dialect: Dialect) -> Schema {
    let file = format!("clinic.{}.sql", dialect.name());
    ddl::parse(&read(&schema_file(&file)), dialect)
        .unwrap()
        .schema
}

fn options(rows: u64, seed: u64) -> PlanOptions {
    PlanOptions {
        rows,
        seed,
        ..PlanOptions::default()
    }
}

#[test]
fn clinic_rows_validate_in_every_dialect() {
    for dialect in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
        let schema = clinic(dialect);
        let plan = Plan::new(schema.clone(), options(1000, 7)).unwrap();
        let data = generate(&plan).unwrap();
        let violations = validate(&schema, &data);
        assert!(
            violations.is_empty(),
            "{dialect}: {} violations, first: {}",
            violations.len(),
            violations[0]
        );
        assert_eq!(data.table("appointment").unwrap().rows.len(), 1000);
    }
}

mod load {
    use super::*;
    use sprout_testkit::{Backend, TestDatabase};
    use sprout_tests::{corpus_file, generate_and_load, statements_for_test_database};

    async fn load_clinic(backend: Backend, dialect: Dialect, file: &str) {
        let Some(db) = TestDatabase::require(backend, "gen_clinic").await else {
            return;
        };
        db.run_script(&read(&schema_file(file))).await.unwrap();
        let schema = clinic(dialect);
        let data = generate_and_load(&db, &schema, options(1000, 11)).await;
        // The database holds exactly the generated rows.
        let introspected = sprout::source::introspect(db.url()).await.unwrap().schema;
        assert_eq!(introspected.tables.len(), data.tables.len());
    }

    #[tokio::test]
    async fn clinic_loads_into_postgres() {
        load_clinic(Backend::Postgres, Dialect::Postgres, "clinic.postgres.sql").await;
    }

    #[tokio::test]
    async fn clinic_loads_into_mariadb() {
        load_clinic(Backend::Mysql, Dialect::Mysql, "clinic.mysql.sql").await;
    }

    #[tokio::test]
    async fn clinic_loads_into_sqlite() {
        load_clinic(Backend::Sqlite, Dialect::Sqlite, "clinic.sqlite.sql").await;
    }

    async fn load_corpus(backend: Backend, file: &str, dialect: Dialect, own: &str) {
        let Some(db) = TestDatabase::require(backend, "gen_corpus").await else {
            return;
        };
        let script = read(&corpus_file(file));
        db.run_statements(&statements_for_test_database(&script, own))
            .await
            .unwrap();
        let schema = ddl::parse(&script, dialect).unwrap().schema;
        generate_and_load(&db, &schema, options(1000, 3)).await;
    }

    #[tokio::test]
    async fn chinook_loads_into_postgres() {
        load_corpus(
            Backend::Postgres,
            "chinook/chinook-postgresql.sql",
            Dialect::Postgres,
            "chinook",
        )
        .await;
    }

    #[tokio::test]
    async fn chinook_loads_into_mariadb() {
        load_corpus(
            Backend::Mysql,
            "chinook/chinook-mysql.sql",
            Dialect::Mysql,
            "chinook",
        )
        .await;
    }

    #[tokio::test]
    async fn chinook_loads_into_sqlite() {
        load_corpus(
            Backend::Sqlite,
            "chinook/chinook-sqlite.sql",
            Dialect::Sqlite,
            "chinook",
        )
        .await;
    }

    #[tokio::test]
    async fn northwind_loads_into_postgres() {
        load_corpus(
            Backend::Postgres,
            "northwind-postgresql/northwind.sql",
            Dialect::Postgres,
            "northwind",
        )
        .await;
    }
}

mod pagila {
    use super::*;
    use sprout::plan::spec::Spec;
    use sprout_testkit::{Backend, TestDatabase};
    use sprout_tests::{corpus_file, generate_and_load, statements_for_test_database};

    /// Pagila's payments are partitioned by month of 2022 with no default partition; the
    /// schema model has no partition bounds, so a Spec override keeps payment dates inside
    /// them, as a user would.
    const PAYMENT_DATES: &str = "[payment.payment_date]\nkind = \"timestamp\"\nfrom = \"2022-01-01\"\nto = \"2022-06-30\"\n";

    #[tokio::test]
    async fn pagila_loads_into_postgres() {
        let Some(db) = TestDatabase::require(Backend::Postgres, "gen_pagila").await else {
            return;
        };
        let script = read(&corpus_file("pagila/pagila-schema.sql"));
        db.run_statements(&statements_for_test_database(&script, "pagila"))
            .await
            .unwrap();
        let schema = ddl::parse(&script, Dialect::Postgres).unwrap().schema;
        let mut spec = Spec::infer(&schema);
        spec.apply_toml(PAYMENT_DATES, "test", &schema).unwrap();
        let options = PlanOptions {
            rows: 1000,
            seed: 5,
            spec: Some(spec),
            ..PlanOptions::default()
        };
        let data = generate_and_load(&db, &schema, options).await;
        assert_eq!(data.table("film_actor").unwrap().rows.len(), 1000);
    }
}
