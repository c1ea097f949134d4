//! Realism: a snapshot a person can read, where emails look like emails, names like names,
//! prices like prices, and timestamps are in order.

use sprout::source::ddl;
use sprout::{Dialect, Plan, PlanOptions, Value, generate};
use sprout_tests::{first_rows, read, schema_file};

#[test]
fn clinic_rows_look_real() {
    let schema = ddl::parse(
        &read(&schema_file("clinic.postgres.sql")),
        Dialect::Postgres,
    )
    .unwrap()
    .schema;
    let plan = Plan::new(
        schema,
        PlanOptions {
            rows: 200,
            seed: 2026,
            ..PlanOptions::default()
        },
    )
    .unwrap();
    let data = generate(&plan).unwrap();
    let provider = data.table("provider").unwrap();
    let email = provider.column_index("email").unwrap();
    let first = provider.column_index("first_name").unwrap();
    for row in &provider.rows {
        let text = row[email].to_string();
        assert!(
            text.contains('@') && text.rsplit('@').next().unwrap().contains('.'),
            "{text}"
        );
        assert!(
            row[first]
                .to_string()
                .chars()
                .next()
                .unwrap()
                .is_uppercase()
        );
    }
    let appointment = data.table("appointment").unwrap();
    let (starts, ends) = (
        appointment.column_index("starts_at").unwrap(),
        appointment.column_index("ends_at").unwrap(),
    );
    for row in &appointment.rows {
        assert!(
            matches!((&row[starts], &row[ends]), (Value::Timestamp(s), Value::Timestamp(e)) if e > s)
        );
    }
    let preview = first_rows(&data, 3);
    insta::assert_json_snapshot!(
        "clinic_realism",
        serde_json::json!({
            "provider": preview["provider"],
            "patient": preview["patient"],
            "drug": preview["drug"],
            "appointment": preview["appointment"],
        })
    );
}
