//! Every output format on a small schema, pinned with insta: a reviewer sees exactly what
//! changes in the SQL of each dialect, PostgreSQL COPY, CSV, JSON and JSONL.

use sprout::generate::generate_into;
use sprout::sink::copy::CopyScript;
use sprout::sink::files::FileWriter;
use sprout::sink::sql::{ScriptFile, SqlWriter, StatementSink};
use sprout::sink::{Format, Output};
use sprout::source::ddl;
use sprout::{Dialect, Plan, PlanOptions};

const SCHEMA: &str = "
CREATE TABLE team (id serial PRIMARY KEY, name varchar(40) NOT NULL UNIQUE, lead_id integer);
CREATE TABLE member (id serial PRIMARY KEY, team_id integer NOT NULL REFERENCES team (id),
                     full_name text NOT NULL, email varchar(80) NOT NULL, active boolean NOT NULL,
                     salary numeric(9,2) CHECK (salary > 0), joined date NOT NULL);
ALTER TABLE team ADD CONSTRAINT team_lead_fk FOREIGN KEY (lead_id) REFERENCES member (id);
";

/// A writer into a buffer that the test can read after the sink is done.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn render(format: Format, dialect: Dialect) -> String {
    let schema = ddl::parse(SCHEMA, Dialect::Postgres).unwrap().schema;
    let plan = Plan::new(
        schema,
        PlanOptions {
            rows: 3,
            seed: 11,
            null_rate: 0.0,
            ..PlanOptions::default()
        },
    )
    .unwrap();
    let buffer = Shared::default();
    let output = Output::stream(buffer.clone());
    match format {
        Format::Sql => {
            let mut writer = SqlWriter::new(&plan.schema, dialect, 200, true, ScriptFile(output));
            generate_into(&plan, &mut writer).unwrap();
            writer.finish().unwrap().close().unwrap();
        }
        Format::Copy => {
            let mut writer = SqlWriter::new(&plan.schema, dialect, 200, true, CopyScript(output));
            generate_into(&plan, &mut writer).unwrap();
            writer.finish().unwrap().close().unwrap();
        }
        _ => {
            let mut writer = FileWriter::new(format, output);
            generate_into(&plan, &mut writer).unwrap();
            writer.finish().unwrap();
        }
    }
    let bytes = buffer.0.borrow().clone();
    String::from_utf8(bytes).unwrap()
}

#[test]
fn sql_per_dialect() {
    insta::assert_snapshot!("sql_postgres", render(Format::Sql, Dialect::Postgres));
    insta::assert_snapshot!("sql_mysql", render(Format::Sql, Dialect::Mysql));
    insta::assert_snapshot!("sql_sqlite", render(Format::Sql, Dialect::Sqlite));
    insta::assert_snapshot!("copy_postgres", render(Format::Copy, Dialect::Postgres));
}

#[test]
fn csv_json_jsonl() {
    insta::assert_snapshot!("csv", render(Format::Csv, Dialect::Postgres));
    insta::assert_snapshot!("json", render(Format::Json, Dialect::Postgres));
    insta::assert_snapshot!("jsonl", render(Format::Jsonl, Dialect::Postgres));
}
